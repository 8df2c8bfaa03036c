import type { RequestContract } from '../request-contract.js';

/**
 * Our contract for the Forgejo (and Gitea) API v1 calls of src/forge/forgejo/forgejo-forge.ts,
 * written by us from the forge's API reference: Forgejo serves it on every instance at
 * `/api/swagger` (Codeberg's is linked per operation) and documents API use at
 * https://forgejo.org/docs/latest/user/api-usage/; Gitea's is at https://docs.gitea.com/api/.
 * Query parameters: the documented ones a sync tool could use. Body properties: every documented
 * option of the request. Required: what the server's form binding requires: a comment's `body` and a
 * merge's `Do` (the reference marks these), and a new pull request's head, base and title (it does not).
 */
const REF = 'https://codeberg.org/api/swagger#/repository';
const ISSUE = 'https://codeberg.org/api/swagger#/issue';
const REPO = '/repos/{owner}/{repo}';
const page = { page: { type: 'integer' }, limit: { type: 'integer' } } as const;

export const FORGEJO_API_V1: RequestContract = {
  name: 'our Forgejo API v1 contract',
  operations: [
    { usedBy: 'permission', method: 'GET', path: `${REPO}/collaborators/{collaborator}/permission`, doc: `${REF}/repoGetRepoPermissions` },
    { usedBy: 'readFile', method: 'GET', path: `${REPO}/raw/{filepath*}`, doc: `${REF}/repoGetRawFile`, query: { ref: { type: 'string' } } },
    {
      usedBy: 'findOpenPull',
      method: 'GET',
      path: `${REPO}/pulls`,
      doc: `${REF}/repoListPullRequests`,
      query: {
        state: { type: { oneOf: ['open', 'closed', 'all'] } },
        sort: { type: { oneOf: ['oldest', 'recentupdate', 'leastupdate', 'mostcomment', 'leastcomment', 'priority'] } },
        milestone: { type: 'integer' },
        ...page,
      },
    },
    { usedBy: 'getPull', method: 'GET', path: `${REPO}/pulls/{index:int}`, doc: `${REF}/repoGetPullRequest` },
    {
      usedBy: 'createPull',
      method: 'POST',
      path: `${REPO}/pulls`,
      doc: `${REF}/repoCreatePullRequest`,
      body: {
        head: { type: 'string', required: true },
        base: { type: 'string', required: true },
        title: { type: 'string', required: true },
        body: { type: 'string' },
        assignee: { type: 'string' },
        assignees: { type: { listOf: 'string' } },
        labels: { type: { listOf: 'integer' } },
        milestone: { type: 'integer' },
        due_date: { type: 'string' },
      },
    },
    {
      usedBy: 'updatePull',
      method: 'PATCH',
      path: `${REPO}/pulls/{index:int}`,
      doc: `${REF}/repoEditPullRequest`,
      body: {
        title: { type: 'string' },
        body: { type: 'string' },
        base: { type: 'string' },
        state: { type: { oneOf: ['open', 'closed'] } },
        assignee: { type: 'string' },
        assignees: { type: { listOf: 'string' } },
        labels: { type: { listOf: 'integer' } },
        milestone: { type: 'integer' },
        due_date: { type: 'string' },
        unset_due_date: { type: 'boolean' },
        allow_maintainer_edit: { type: 'boolean' },
      },
    },
    {
      usedBy: 'mergePull',
      method: 'POST',
      path: `${REPO}/pulls/{index:int}/merge`,
      doc: `${REF}/repoMergePullRequest`,
      body: {
        Do: { type: { oneOf: ['merge', 'rebase', 'rebase-merge', 'squash', 'fast-forward-only', 'manually-merged'] }, required: true },
        head_commit_id: { type: 'string' },
        MergeCommitID: { type: 'string' },
        MergeTitleField: { type: 'string' },
        MergeMessageField: { type: 'string' },
        delete_branch_after_merge: { type: 'boolean' },
        force_merge: { type: 'boolean' },
        merge_when_checks_succeed: { type: 'boolean' },
      },
    },
    { usedBy: 'deleteBranch', method: 'DELETE', path: `${REPO}/branches/{branch}`, doc: `${REF}/repoDeleteBranch` },
    { usedBy: 'comment', method: 'POST', path: `${REPO}/issues/{index:int}/comments`, doc: `${ISSUE}/issueCreateComment`, body: { body: { type: 'string', required: true } } },
    {
      usedBy: 'listStatuses',
      method: 'GET',
      path: `${REPO}/commits/{ref}/statuses`,
      doc: `${REF}/repoListStatusesByRef`,
      query: {
        sort: { type: { oneOf: ['oldest', 'recentupdate', 'leastupdate', 'leastindex', 'highestindex'] } },
        state: { type: { oneOf: ['pending', 'success', 'error', 'failure', 'warning'] } },
        ...page,
      },
    },
  ],
};
