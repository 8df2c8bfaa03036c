import { describe, expect, it } from 'vitest';
import { startFakeForgejo } from '../fake-forgejo/fake-forgejo.js';
import { startFakeGitlab } from '../fake-gitlab/fake-gitlab.js';
import { FORGEJO_API_V1 } from './contracts/forgejo-api-v1.js';
import { GITLAB_API_V4 } from './contracts/gitlab-api-v4.js';
import { requestValidator, type RequestContract } from './request-contract.js';

const forgejo = requestValidator(FORGEJO_API_V1);
const gitlab = requestValidator(GITLAB_API_V4);
const q = (s = '') => new URLSearchParams(s);

/** The fakes' request check refuses what our contracts refuse (so an empty `problems` means something). */
describe('requests checked against our forge request contracts', () => {
  it('accepts what the Forgejo and GitLab adapters send', () => {
    expect(gitlab.validate('POST', '/projects/bob%2Fbash/merge_requests', q(), { source_branch: 'x', target_branch: 'c10s', title: 't', description: 'd', remove_source_branch: false, target_project_id: 7 })).toEqual([]);
    expect(gitlab.validate('PUT', '/projects/a%2Fb/merge_requests/3', q(), { title: 't', description: 'd', state_event: 'close' })).toEqual([]);
    expect(gitlab.validate('PUT', '/projects/a%2Fb/merge_requests/3/merge', q(), { sha: 'abc', squash: true })).toEqual([]);
    expect(gitlab.validate('GET', '/projects/a%2Fb/merge_requests', q('state=opened&source_branch=x&per_page=100'), undefined)).toEqual([]);
    expect(gitlab.validate('POST', '/projects/a%2Fb/merge_requests/3/notes', q(), { body: 'hi' })).toEqual([]);
    expect(gitlab.validate('GET', '/users', q('username=bob'), undefined)).toEqual([]);
    expect(gitlab.validate('GET', '/projects/rpms%2Fbash', q(), undefined)).toEqual([]);
    expect(gitlab.validate('GET', '/projects/12', q(), undefined)).toEqual([]);
    expect(gitlab.validate('GET', '/projects/rpms%2Fbash/members/all/7', q(), undefined)).toEqual([]);
    expect(gitlab.validate('GET', '/projects/rpms%2Fbash/repository/files/sub%2Fbash.spec/raw', q('ref=c10s'), undefined)).toEqual([]);
    expect(gitlab.validate('GET', '/projects/a%2Fb/pipelines', q('sha=abc&per_page=1'), undefined)).toEqual([]);
    expect(gitlab.validate('POST', '/projects/a%2Fb/pipelines/7/retry', q(), undefined)).toEqual([]);
    expect(forgejo.validate('POST', '/repos/rpms/bash/pulls', q(), { title: 't', body: 'b', head: 'bob:x', base: 'rawhide' })).toEqual([]);
    expect(forgejo.validate('PATCH', '/repos/rpms/bash/pulls/3', q(), { state: 'closed' })).toEqual([]);
    expect(forgejo.validate('POST', '/repos/rpms/bash/pulls/3/merge', q(), { Do: 'squash', head_commit_id: 'abc' })).toEqual([]);
    expect(forgejo.validate('GET', '/repos/rpms/bash/pulls', q('state=open&page=2&limit=50'), undefined)).toEqual([]);
    expect(forgejo.validate('GET', '/repos/rpms/bash/raw/sub%20dir/a.patch', q('ref=rawhide'), undefined)).toEqual([]);
    expect(forgejo.validate('DELETE', '/repos/rpms/bash/branches/distsync%2Fsg-1', q(), undefined)).toEqual([]);
  });

  it('refuses an operation the contract does not list (method, path, or a path parameter of the wrong kind)', () => {
    expect(forgejo.validate('PUT', '/repos/rpms/bash/pulls/3/merge', q(), { Do: 'merge' })).toEqual(['PUT /repos/rpms/bash/pulls/3/merge: no such operation in our Forgejo API v1 contract']);
    expect(forgejo.validate('GET', '/repos/rpms/bash/pulls/three', q(), undefined)).toEqual(['GET /repos/rpms/bash/pulls/three: no such operation in our Forgejo API v1 contract']);
    expect(gitlab.validate('PUT', '/projects/rpms%2Fbash', q(), { description: 'x' })).toEqual(['PUT /projects/rpms%2Fbash: no such operation in our GitLab API v4 contract']);
    expect(gitlab.validate('GET', '/projects/rpms/bash', q(), undefined)).toEqual(['GET /projects/rpms/bash: no such operation in our GitLab API v4 contract']);
  });

  it('refuses a query parameter the operation does not name, or one of the wrong type', () => {
    expect(forgejo.validate('GET', '/repos/rpms/bash/pulls', q('head=bob:x'), undefined)).toEqual(['GET /repos/{owner}/{repo}/pulls: query parameter "head" is not in the contract']);
    expect(gitlab.validate('GET', '/projects/a%2Fb/pipelines', q('sha=abc&per_page=1&state=x'), undefined)).toEqual(['GET /projects/{id}/pipelines: query parameter "state" is not in the contract']);
    expect(gitlab.validate('GET', '/users', q('login=bob'), undefined)).toEqual(['GET /users: query parameter "login" is not in the contract']);
    expect(gitlab.validate('GET', '/projects/rpms%2Fbash/repository/files/bash.spec/raw', q('sha=c10s'), undefined)).toEqual([
      'GET /projects/{id}/repository/files/{file_path}/raw: query parameter "sha" is not in the contract',
    ]);
    expect(forgejo.validate('GET', '/repos/rpms/bash/pulls', q('state=opened&limit=many'), undefined)).toEqual([
      'GET /repos/{owner}/{repo}/pulls: query parameter "state" must be one of open|closed|all, got "opened"',
      'GET /repos/{owner}/{repo}/pulls: query parameter "limit" must be an integer, got "many"',
    ]);
  });

  it('refuses a body property the contract does not name, a wrong type, a missing required field, a body where none is taken', () => {
    expect(forgejo.validate('POST', '/repos/rpms/bash/pulls/3/merge', q(), { Do: 'octopus', sha: 'abc' })).toEqual([
      'POST /repos/{owner}/{repo}/pulls/{index:int}/merge: body.Do must be one of merge|rebase|rebase-merge|squash|fast-forward-only|manually-merged',
      'POST /repos/{owner}/{repo}/pulls/{index:int}/merge: body property "sha" is not in the contract',
    ]);
    expect(forgejo.validate('POST', '/repos/rpms/bash/issues/3/comments', q(), {})).toEqual(['POST /repos/{owner}/{repo}/issues/{index:int}/comments: body.body is required']);
    expect(forgejo.validate('POST', '/repos/rpms/bash/pulls', q(), undefined)).toEqual(['POST /repos/{owner}/{repo}/pulls: body required (head, base, title)']);
    expect(gitlab.validate('POST', '/projects/a%2Fb/merge_requests', q(), { source_branch: 'x', target_branch: 'c10s', title: 't', draft: true })).toEqual([
      'POST /projects/{id}/merge_requests: body property "draft" is not in the contract',
    ]);
    expect(gitlab.validate('POST', '/projects/a%2Fb/merge_requests', q(), { source_branch: 'x', title: 't', target_project_id: '7' })).toEqual([
      'POST /projects/{id}/merge_requests: body.target_project_id must be an integer',
      'POST /projects/{id}/merge_requests: body.target_branch is required',
    ]);
    expect(gitlab.validate('PUT', '/projects/a%2Fb/merge_requests/3', q(), { state_event: 'closed', squash: 'yes' })).toEqual([
      'PUT /projects/{id}/merge_requests/{merge_request_iid:int}: body.state_event must be one of close|reopen',
      'PUT /projects/{id}/merge_requests/{merge_request_iid:int}: body.squash must be a boolean',
    ]);
    expect(gitlab.validate('POST', '/projects/a%2Fb/merge_requests/3/notes', q(), { body: 7 })).toEqual(['POST /projects/{id}/merge_requests/{merge_request_iid:int}/notes: body.body must be a string']);
    expect(gitlab.validate('POST', '/projects/a%2Fb/merge_requests/3/notes', q(), ['hi'])).toEqual(['POST /projects/{id}/merge_requests/{merge_request_iid:int}/notes: body must be a JSON object']);
    expect(gitlab.validate('POST', '/projects/a%2Fb/pipelines/7/retry', q(), { force: true })).toEqual(['POST /projects/{id}/pipelines/{pipeline_id:int}/retry: sends a body but the operation takes none']);
  });

  it('checks lists and required query parameters too', () => {
    const c: RequestContract = {
      name: 't',
      operations: [{ usedBy: 'x', method: 'POST', path: '/a/{rest*}', doc: 'https://example.org', query: { ref: { type: 'string', required: true } }, body: { ids: { type: { listOf: 'integer' } } } }],
    };
    const v = requestValidator(c);
    expect(v.validate('POST', '/a/b/c', q('ref=x'), { ids: [1, 2] })).toEqual([]);
    expect(v.validate('POST', '/a/b/c', q(), { ids: [1, '2'] })).toEqual(['POST /a/{rest*}: query parameter "ref" is required', 'POST /a/{rest*}: body.ids must be a list of integers']);
  });

  it('every operation names its adapter method and a documentation page, once per method and path', () => {
    for (const c of [FORGEJO_API_V1, GITLAB_API_V4]) {
      const keys = c.operations.map((o) => `${o.method} ${o.path}`);
      expect(new Set(keys).size).toBe(keys.length);
      for (const o of c.operations) expect([o.usedBy, o.doc]).toEqual([expect.stringMatching(/\w/), expect.stringMatching(/^https:\/\//)]);
    }
  });

  it('the fake Forgejo and fake GitLab put what the contract refuses into their problems', async () => {
    const fj = await startFakeForgejo();
    const gl = await startFakeGitlab();
    try {
      fj.createRepo('rpms/bash', { files: { 'bash.spec': 'Name: bash\n' } });
      gl.createProject('rpms/bash', { files: { 'bash.spec': 'Name: bash\n' } });
      const send = (url: string, method: string, headers: Record<string, string>, body?: unknown) =>
        fetch(url, { method, headers: { ...headers, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const fjAuth = { authorization: `token ${fj.tokenFor('alice')}` };
      const glAuth = { 'private-token': gl.tokenFor('alice') };
      await send(`${fj.url}/api/v1/repos/rpms/bash/pulls?head=alice:x`, 'GET', fjAuth);
      await send(`${gl.url}/api/v4/projects/rpms%2Fbash/merge_requests/1/notes`, 'POST', glAuth, { body: 1 });
      expect(fj.problems).toEqual(['GET /repos/{owner}/{repo}/pulls: query parameter "head" is not in the contract']);
      expect(gl.problems[0]).toBe('POST /projects/{id}/merge_requests/{merge_request_iid:int}/notes: body.body must be a string');
    } finally {
      await fj.close();
      await gl.close();
    }
  });
});
