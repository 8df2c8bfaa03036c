import { DistsyncError } from '../core/errors.js';
import { refKind, resolveRef, tagsAt, type Git } from '../git/index.js';

/**
 * upstream_ref must never move: a tag or a commit id is kept as given; a
 * branch, HEAD or an expression is resolved now and recorded as the tag at
 * that commit (when there is one) or as the full commit id.
 */
export async function pinUpstreamRef(git: Git, ref: string): Promise<{ ref: string; note?: string }> {
  const kind = await refKind(git, ref);
  if (kind === 'tag' || kind === 'commit') return { ref };
  const sha = await resolveRef(git, `${ref}^{commit}`);
  const tags = await tagsAt(git, sha);
  const what = kind === 'branch' ? `'${ref}' is a branch (it moves)` : `'${ref}' is not a tag`;
  if (tags.length > 0) return { ref: tags[0]!, note: `${what}: upstream_ref records the tag at that commit, ${tags[0]}` };
  return { ref: sha, note: `${what}: upstream_ref records its commit ${sha}; pass a tag as <upstream-ref> to record a name` };
}

/**
 * Refuse to work from a source-git.yaml whose upstream_ref moves: every patch would be computed from the wrong base.
 * `knownTag`: the caller learnt already that `ref` is a tag (SourceGitSnapshot.upstreamIsTag): no git call.
 */
export async function assertFixedUpstreamRef(git: Git, ref: string, dir: string, knownTag?: boolean): Promise<void> {
  if (knownTag) return;
  const problem = await movingUpstreamRef(git, ref, dir);
  if (problem) throw new DistsyncError('bad-config', problem.message, { file: '.distro/source-git.yaml', next: problem.next });
}

/** When upstream_ref names a branch or HEAD: what is wrong and the fix (the commit the downstream commits sit on). */
export async function movingUpstreamRef(git: Git, ref: string, dir: string): Promise<{ message: string; next: string } | null> {
  const kind = await refKind(git, ref);
  if (kind !== 'branch') return null;
  const base = await distroBase(git);
  const tags = base ? await tagsAt(git, base) : [];
  const fix = tags[0] ?? base;
  return {
    message: `upstream_ref '${ref}' in .distro/source-git.yaml is a branch: it moves, so the patches would be computed from the wrong commit (distsync will not update anything from it)`,
    next: fix
      ? `set 'upstream_ref: ${fix}' in ${dir}/.distro/source-git.yaml (the upstream commit under the commit that added .distro/) and commit it`
      : `set upstream_ref in ${dir}/.distro/source-git.yaml to the upstream tag or commit id the downstream commits sit on, and commit it`,
  };
}

/** The parent of the commit that added .distro/source-git.yaml: where the downstream commits start. */
async function distroBase(git: Git): Promise<string | null> {
  const res = await git.run(['log', '--diff-filter=A', '--format=%H', '--', '.distro/source-git.yaml'], { allowFail: true });
  const added = res.stdout.trim().split('\n').filter(Boolean).pop();
  if (!added) return null;
  const parent = await git.run(['rev-parse', '--verify', '-q', `${added}^`], { allowFail: true });
  return parent.code === 0 ? parent.stdout.trim() : null;
}
