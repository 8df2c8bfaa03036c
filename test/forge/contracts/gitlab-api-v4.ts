import type { RequestContract } from '../request-contract.js';

/**
 * Our contract for the GitLab REST API v4 calls of src/forge/gitlab/gitlab-forge.ts, written by us
 * from GitLab's REST API documentation (https://docs.gitlab.com/api/rest/, one page per resource,
 * linked per operation). `{id}` is a project's numeric id or its URL-encoded path (`a%2Fb`), one
 * segment, as the adapter sends it; so is a file path (`sub%2Fbash.spec`). Query parameters and
 * body properties: the documented ones a sync tool could use, with their documented types; a
 * property GitLab documents but this contract leaves out is refused too, which is right as long as
 * the adapter does not send it (add it here, from the page, when it does).
 */
const API = 'https://docs.gitlab.com/api';
const P = '/projects/{id}';
const MR = `${P}/merge_requests/{merge_request_iid:int}`;
const page = { page: { type: 'integer' }, per_page: { type: 'integer' } } as const;
const order = { sort: { type: { oneOf: ['asc', 'desc'] } } } as const;

export const GITLAB_API_V4: RequestContract = {
  name: 'our GitLab API v4 contract',
  operations: [
    {
      usedBy: 'permission',
      method: 'GET',
      path: '/users',
      doc: `${API}/users/#list-users`,
      query: { username: { type: 'string' }, search: { type: 'string' }, active: { type: 'boolean' }, ...page },
    },
    { usedBy: 'permission', method: 'GET', path: `${P}/members/all/{user_id:int}`, doc: `${API}/members/#get-a-member-of-a-group-or-project-including-inherited-and-invited-members` },
    {
      usedBy: 'readFile',
      method: 'GET',
      path: `${P}/repository/files/{file_path}/raw`,
      doc: `${API}/repository_files/#get-raw-file-from-repository`,
      query: { ref: { type: 'string' }, lfs: { type: 'boolean' } },
    },
    {
      usedBy: 'createPull (a fork: the target project id), findOpenPull (a source project path)',
      method: 'GET',
      path: P,
      doc: `${API}/projects/#get-a-single-project`,
      query: { license: { type: 'boolean' }, statistics: { type: 'boolean' }, with_custom_attributes: { type: 'boolean' } },
    },
    {
      usedBy: 'findOpenPull',
      method: 'GET',
      path: `${P}/merge_requests`,
      doc: `${API}/merge_requests/#list-project-merge-requests`,
      query: {
        state: { type: { oneOf: ['opened', 'closed', 'locked', 'merged', 'all'] } },
        source_branch: { type: 'string' },
        target_branch: { type: 'string' },
        author_username: { type: 'string' },
        order_by: { type: { oneOf: ['created_at', 'updated_at', 'title'] } },
        ...order,
        ...page,
      },
    },
    {
      usedBy: 'getPull',
      method: 'GET',
      path: MR,
      doc: `${API}/merge_requests/#get-single-mr`,
      query: { render_html: { type: 'boolean' }, include_diverged_commits_count: { type: 'boolean' }, include_rebase_in_progress: { type: 'boolean' } },
    },
    {
      usedBy: 'createPull',
      method: 'POST',
      path: `${P}/merge_requests`,
      doc: `${API}/merge_requests/#create-mr`,
      body: {
        source_branch: { type: 'string', required: true },
        target_branch: { type: 'string', required: true },
        title: { type: 'string', required: true },
        description: { type: 'string' },
        target_project_id: { type: 'integer' },
        remove_source_branch: { type: 'boolean' },
        squash: { type: 'boolean' },
        allow_collaboration: { type: 'boolean' },
        assignee_ids: { type: { listOf: 'integer' } },
        reviewer_ids: { type: { listOf: 'integer' } },
        milestone_id: { type: 'integer' },
      },
    },
    {
      usedBy: 'updatePull',
      method: 'PUT',
      path: MR,
      doc: `${API}/merge_requests/#update-mr`,
      body: {
        title: { type: 'string' },
        description: { type: 'string' },
        target_branch: { type: 'string' },
        state_event: { type: { oneOf: ['close', 'reopen'] } },
        remove_source_branch: { type: 'boolean' },
        squash: { type: 'boolean' },
        discussion_locked: { type: 'boolean' },
        allow_collaboration: { type: 'boolean' },
        assignee_ids: { type: { listOf: 'integer' } },
        reviewer_ids: { type: { listOf: 'integer' } },
        milestone_id: { type: 'integer' },
      },
    },
    {
      usedBy: 'mergePull',
      method: 'PUT',
      path: `${MR}/merge`,
      doc: `${API}/merge_requests/#merge-a-merge-request`,
      body: {
        sha: { type: 'string' },
        squash: { type: 'boolean' },
        squash_commit_message: { type: 'string' },
        merge_commit_message: { type: 'string' },
        should_remove_source_branch: { type: 'boolean' },
        auto_merge: { type: 'boolean' },
      },
    },
    { usedBy: 'deleteBranch', method: 'DELETE', path: `${P}/repository/branches/{branch}`, doc: `${API}/branches/#delete-repository-branch` },
    {
      usedBy: 'comment',
      method: 'POST',
      path: `${MR}/notes`,
      doc: `${API}/notes/#create-new-merge-request-note`,
      body: { body: { type: 'string', required: true }, created_at: { type: 'string' }, merge_request_diff_head_sha: { type: 'string' } },
    },
    {
      usedBy: 'listStatuses',
      method: 'GET',
      path: `${P}/repository/commits/{sha}/statuses`,
      doc: `${API}/commits/#list-the-statuses-of-a-commit`,
      query: { ref: { type: 'string' }, stage: { type: 'string' }, name: { type: 'string' }, pipeline_id: { type: 'integer' }, all: { type: 'boolean' }, ...page },
    },
    {
      usedBy: 'retryCi',
      method: 'GET',
      path: `${P}/pipelines`,
      doc: `${API}/pipelines/#list-project-pipelines`,
      query: {
        sha: { type: 'string' },
        ref: { type: 'string' },
        status: { type: { oneOf: ['created', 'waiting_for_resource', 'preparing', 'pending', 'running', 'success', 'failed', 'canceled', 'skipped', 'manual', 'scheduled'] } },
        scope: { type: { oneOf: ['running', 'pending', 'finished', 'branches', 'tags'] } },
        order_by: { type: { oneOf: ['id', 'status', 'ref', 'updated_at', 'user_id'] } },
        ...order,
        ...page,
      },
    },
    { usedBy: 'retryCi', method: 'POST', path: `${P}/pipelines/{pipeline_id:int}/retry`, doc: `${API}/pipelines/#retry-jobs-in-a-pipeline` },
  ],
};
