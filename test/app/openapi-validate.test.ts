import { describe, expect, it } from 'vitest';
import { validateRequest } from './openapi-validate.js';

describe('OpenAPI request validation (the test helper itself)', () => {
  it('accepts a valid check run and refuses wrong ones', () => {
    expect(validateRequest('POST', '/repos/o/r/check-runs', { name: 'x', head_sha: 'a', status: 'queued' })).toEqual([]);
    expect(validateRequest('POST', '/repos/o/r/check-runs', { name: 'x', head_sha: 'a', status: 'waiting-ish' }).length).toBeGreaterThan(0);
    expect(validateRequest('POST', '/repos/o/r/check-runs', { name: 'x', head_sha: 'a', colour: 'red' })).toContain('POST /repos/{owner}/{repo}/check-runs: unknown property "colour"');
    expect(validateRequest('POST', '/repos/o/r/check-runs', { head_sha: 'a' }).length).toBeGreaterThan(0);
  });
  it('knows operations by method and path template', () => {
    expect(validateRequest('GET', '/repos/o/r/collaborators/u/permission', undefined)).toEqual([]);
    expect(validateRequest('POST', '/repos/o/r/no-such-thing', { a: 1 })[0]).toMatch(/no such operation/);
    expect(validateRequest('POST', '/repos/o/r/issues/comments/5/reactions', { content: 'eyes' })).toEqual([]);
    expect(validateRequest('POST', '/repos/o/r/issues/comments/5/reactions', { content: 'eyez' }).length).toBeGreaterThan(0);
  });
});
