import { HttpError } from './actions.js';
import { bareGit, isAncestor, listRefs, resolveCommit } from './bare-git.js';
import { ok, type RouteContext, type Router } from './router.js';
import { protectedRefs } from './protection.js';
import { repoJson, userJson } from './shapes.js';
import type { FakeUser } from './state.js';

const full = (c: RouteContext) => `${c.params['owner']}/${c.params['repo']}`;
const actor = (c: RouteContext): FakeUser => {
  if (!c.actor) throw new HttpError(401, 'Requires authentication');
  return c.actor;
};

/** Repositories: the repo, file contents, collaborator permission, git refs. */
export function repoRoutes(r: Router): void {
  const R = '/repos/:owner/:repo';
  r.add('GET', R, (c) => {
    const repo = c.a.repo(full(c));
    return ok(repoJson(repo, c.a.s.users.get(repo.owner.toLowerCase())!, c.urls));
  });
  r.add('GET', `${R}/contents/:path*`, (c) => {
    const repo = c.a.repo(full(c));
    const ref = c.query.get('ref') ?? repo.defaultBranch;
    const sha = resolveCommit(repo.dir, ref);
    if (!sha) throw new HttpError(404, `No commit found for the ref ${ref}`);
    const path = c.params['path']!;
    const type = bareGit(repo.dir, ['cat-file', '-t', `${sha}:${path}`], { allowFail: true }).trim();
    if (type === 'tree') {
      const entries = bareGit(repo.dir, ['ls-tree', `${sha}:${path}`]).split('\n').filter(Boolean);
      return ok(entries.map((l) => {
        const [meta, name] = l.split('\t') as [string, string];
        const [, kind, blob] = meta.split(' ');
        return { type: kind === 'tree' ? 'dir' : 'file', name, path: `${path}/${name}`, sha: blob, size: 0, url: '', html_url: '', git_url: '', download_url: null, _links: {} };
      }));
    }
    if (type !== 'blob') throw new HttpError(404, 'Not Found');
    const content = Buffer.from(bareGit(repo.dir, ['cat-file', 'blob', `${sha}:${path}`]), 'utf8');
    const blob = bareGit(repo.dir, ['rev-parse', `${sha}:${path}`]).trim();
    return ok({ type: 'file', encoding: 'base64', size: content.length, name: path.split('/').pop(), path, content: content.toString('base64'), sha: blob, url: '', git_url: '', html_url: `${c.urls.web}/${repo.fullName}/blob/${ref}/${path}`, download_url: '', _links: {} });
  });
  r.add('GET', `${R}/collaborators/:username/permission`, (c) => {
    const repo = c.a.repo(full(c));
    const login = c.params['username']!;
    const user = c.a.s.users.get(login.toLowerCase());
    if (!user) throw new HttpError(404, `${login} is not a user`);
    const permission = repo.collaborators.get(login.toLowerCase()) ?? 'none';
    const legacy = permission === 'maintain' ? 'write' : permission === 'triage' ? 'read' : permission;
    return ok({ permission: legacy, role_name: permission, user: { ...userJson(user, c.urls), permissions: {} } });
  });
  const refJson = (c: RouteContext, ref: string, sha: string) => ({ ref, node_id: '', url: `${c.urls.api}/repos/${full(c)}/git/${ref}`, object: { type: 'commit', sha, url: '' } });
  r.add('GET', `${R}/git/ref/:ref*`, (c) => {
    const ref = `refs/${c.params['ref']}`;
    const sha = listRefs(c.a.repo(full(c)).dir).get(ref);
    if (!sha) throw new HttpError(404, 'Not Found');
    return ok(refJson(c, ref, sha));
  });
  r.add('POST', `${R}/git/refs`, (c) => {
    const repo = c.a.repo(full(c));
    const b = c.body as { ref: string; sha: string };
    const before = listRefs(repo.dir);
    if (before.has(b.ref)) throw new HttpError(422, 'Reference already exists');
    bareGit(repo.dir, ['update-ref', b.ref, b.sha, '0'.repeat(40)]);
    c.a.refsMoved(repo.fullName, before, actor(c));
    return ok(refJson(c, b.ref, b.sha), 201);
  });
  r.add('PATCH', `${R}/git/refs/:ref*`, (c) => {
    const repo = c.a.repo(full(c));
    const ref = `refs/${c.params['ref']}`;
    const b = c.body as { sha: string; force?: boolean };
    const before = listRefs(repo.dir);
    const old = before.get(ref);
    if (!old) throw new HttpError(422, 'Reference does not exist');
    if (!isAncestor(repo.dir, old, b.sha)) {
      if (!b.force) throw new HttpError(422, 'Update is not a fast forward');
      if (protectedRefs(repo.dir).includes(ref)) throw new HttpError(422, `Protected branch update failed for ${ref}.`);
    }
    bareGit(repo.dir, ['update-ref', ref, b.sha, old]);
    c.a.refsMoved(repo.fullName, before, actor(c));
    return ok(refJson(c, ref, b.sha));
  });
  r.add('DELETE', `${R}/git/refs/:ref*`, (c) => {
    const repo = c.a.repo(full(c));
    const ref = `refs/${c.params['ref']}`;
    const before = listRefs(repo.dir);
    if (!before.has(ref)) throw new HttpError(422, 'Reference does not exist');
    bareGit(repo.dir, ['update-ref', '-d', ref]);
    c.a.refsMoved(repo.fullName, before, actor(c));
    return { status: 204 };
  });
}
