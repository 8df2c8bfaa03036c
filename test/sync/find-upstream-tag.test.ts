import { describe, expect, it } from 'vitest';
import { tagForVersion, versionFromTag } from '../../src/sync/find-upstream-tag.js';

describe('upstream tag templates', () => {
  it('maps versions to tags and back', () => {
    expect(tagForVersion('v{version}', '1.9.4')).toBe('v1.9.4');
    expect(versionFromTag('v{version}', 'v1.9.4')).toBe('1.9.4');
    expect(versionFromTag('jq-{version}', 'jq-1.6')).toBe('1.6');
    expect(versionFromTag('v{version}', 'release-1.9.4')).toBeNull();
    expect(versionFromTag('v{version}', 'v1.9.4; rm -rf /')).toBeNull();
  });
  it('the default template takes the usual prefixes', () => {
    expect(versionFromTag('{version}', '1.2.13')).toBe('1.2.13');
    expect(versionFromTag('{version}', 'v1.2.13')).toBe('1.2.13');
    expect(versionFromTag('{version}', 'jq-1.6')).toBe('1.6');
    expect(versionFromTag('{version}', 'zstd-1.5.2')).toBe('1.5.2');
  });
  it('refuses a template without {version}', () => {
    expect(() => tagForVersion('v1', '1.0')).toThrow(/has no \{version\}/);
  });
});
