import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { swaggerValidator, type SwaggerDoc } from './swagger-validate.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/forge-api/${name}`, import.meta.url), 'utf8');
const gitea = swaggerValidator('gitea', JSON.parse(fixture('gitea-swagger-subset.json')) as SwaggerDoc);
const gitlab = swaggerValidator('gitlab', parse(fixture('gitlab-openapi-v2-subset.yaml')) as SwaggerDoc, { routePrefix: '/api/v4' });
const q = (s = '') => new URLSearchParams(s);

/** The fakes' request check refuses what the pinned descriptions refuse (so an empty `problems` means something). */
describe('requests checked against the pinned forge API descriptions', () => {
  it('accepts what the Forgejo and GitLab adapters send', () => {
    expect(gitlab.validate('POST', '/projects/bob%2Fbash/merge_requests', q(), { source_branch: 'x', target_branch: 'c10s', title: 't', description: 'd', remove_source_branch: false, target_project_id: 7 })).toEqual([]);
    expect(gitlab.validate('PUT', '/projects/a%2Fb/merge_requests/3/merge', q(), { sha: 'abc', squash: true })).toEqual([]);
    expect(gitlab.validate('GET', '/projects/a%2Fb/merge_requests', q('state=opened&source_branch=x&per_page=100'), undefined)).toEqual([]);
    expect(gitlab.validate('GET', '/users', q('username=bob'), undefined)).toEqual([]);
    expect(gitlab.validate('GET', '/projects/rpms%2Fbash', q(), undefined)).toEqual([]);
    expect(gitlab.validate('GET', '/projects/12', q(), undefined)).toEqual([]);
    expect(gitlab.validate('GET', '/projects/rpms%2Fbash/members/all/7', q(), undefined)).toEqual([]);
    expect(gitlab.validate('GET', '/projects/rpms%2Fbash/repository/files/sub%2Fbash.spec/raw', q('ref=c10s'), undefined)).toEqual([]);
    expect(gitea.validate('POST', '/repos/rpms/bash/pulls', q(), { title: 't', body: 'b', head: 'bob:x', base: 'rawhide' })).toEqual([]);
    expect(gitea.validate('POST', '/repos/rpms/bash/pulls/3/merge', q(), { Do: 'squash', head_commit_id: 'abc' })).toEqual([]);
    expect(gitea.validate('GET', '/repos/rpms/bash/raw/sub%20dir/a.patch', q('ref=rawhide'), undefined)).toEqual([]);
  });

  it('refuses unknown routes, query parameters, body properties and wrong types', () => {
    expect(gitea.validate('PUT', '/repos/rpms/bash/pulls/3/merge', q(), { Do: 'merge' })).toEqual(['PUT /repos/rpms/bash/pulls/3/merge: no such operation in gitea']);
    expect(gitea.validate('GET', '/repos/rpms/bash/pulls', q('head=bob:x'), undefined)).toEqual(['GET /repos/{owner}/{repo}/pulls: query parameter "head" is not described']);
    expect(gitea.validate('POST', '/repos/rpms/bash/pulls/3/merge', q(), { Do: 'octopus', sha: 'abc' })).toEqual([
      'POST /repos/{owner}/{repo}/pulls/{index}/merge: body/Do must be equal to one of the allowed values',
      'POST /repos/{owner}/{repo}/pulls/{index}/merge: unknown body property "sha"',
    ]);
    expect(gitea.validate('POST', '/repos/rpms/bash/issues/3/comments', q(), {})).toEqual(["POST /repos/{owner}/{repo}/issues/{index}/comments: body must have required property 'body'"]);
    expect(gitlab.validate('GET', '/projects/a%2Fb/pipelines', q('sha=abc&per_page=1&state=x'), undefined)).toEqual(['GET /api/v4/projects/{id}/pipelines: query parameter "state" is not described']);
    expect(gitlab.validate('POST', '/projects/a%2Fb/merge_requests', q(), { source_branch: 'x', target_branch: 'c10s', title: 't', draft: true })).toEqual([
      'POST /api/v4/projects/{id}/merge_requests: unknown body property "draft"',
    ]);
    expect(gitlab.validate('PUT', '/projects/a%2Fb/merge_requests/3', q(), { state_event: 'closed' })).toEqual([
      'PUT /api/v4/projects/{id}/merge_requests/{merge_request_iid}: body/state_event must be equal to one of the allowed values',
    ]);
    expect(gitlab.validate('GET', '/users', q('login=bob'), undefined)).toEqual(['GET /api/v4/users: query parameter "login" is not described']);
    expect(gitlab.validate('PUT', '/projects/rpms%2Fbash', q(), { description: 'x' })).toEqual(['PUT /projects/rpms%2Fbash: no such operation in gitlab']);
    expect(gitlab.validate('GET', '/projects/rpms%2Fbash/repository/files/bash.spec/raw', q('sha=c10s'), undefined)).toEqual([
      'GET /api/v4/projects/{id}/repository/files/{file_path}/raw: query parameter "sha" is not described',
    ]);
    expect(gitlab.validate('POST', '/projects/a%2Fb/merge_requests/3/notes', q(), { body: 'hi' })).toEqual(['POST /projects/a%2Fb/merge_requests/3/notes: no such operation in gitlab']);
    expect(gitlab.validate('POST', '/projects/a%2Fb/pipelines/7/retry', q(), { force: true })).toEqual(['POST /api/v4/projects/{id}/pipelines/{pipeline_id}/retry: sends a body but the operation takes none']);
  });
});
