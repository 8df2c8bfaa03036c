import { distsyncFileSchema, type DistsyncFile } from '../../core/config/index.js';
import type { MergeMethod } from '../../forge/types.js';

type DistGitSection = NonNullable<DistsyncFile['dist_git']>;
export type DistBranchEntry = NonNullable<DistGitSection['branches']>[string][number];

/** What the App needs of `.distro/distsync.yaml`: the one schema, with dist_git.repo and dist_git.branches required. */
export type DistsyncConfig = DistsyncFile & {
  dist_git: DistGitSection & { repo: string; branches: Record<string, DistBranchEntry[]> };
};

/** distsync's one config schema (src/core/config/distsync-schema.ts), plus what the App cannot work without. */
export const distsyncConfigSchema = distsyncFileSchema.superRefine((c, ctx) => {
  if (!c.dist_git?.repo) ctx.addIssue({ code: 'custom', path: ['dist_git', 'repo'], message: 'required: the dist-git repository the App syncs into ("owner/name" on GitHub, "<host>/<path>/<name>" on Forgejo or GitLab)' });
  if (!c.dist_git?.branches) ctx.addIssue({ code: 'custom', path: ['dist_git', 'branches'], message: 'required: source-git branch → dist-git branches' });
});

export interface DistTarget {
  branch: string;
  versionMask?: string;
}

/** The dist-git branches one source-git branch syncs into, in config order. */
export function distTargets(entries: DistBranchEntry[] | undefined): DistTarget[] {
  return (entries ?? []).map((e) => (typeof e === 'string' ? { branch: e } : { branch: e.branch, ...(e.version_mask ? { versionMask: e.version_mask } : {}) }));
}

export interface MergeMethods {
  sourceGit: MergeMethod;
  distGit: MergeMethod;
}

/**
 * Default merge methods, chosen so the next sync starts clean: source-git by a merge commit
 * (the synced commits keep the shas dist-git's From-source-git-commit trailers name), dist-git by
 * rebase (the sync commit lands as it is, message and trailers intact, on a linear branch).
 * Syncs work after any method; this is what the App picks when nobody says otherwise.
 */
export const DEFAULT_MERGE_METHODS: MergeMethods = { sourceGit: 'merge', distGit: 'rebase' };

export function mergeMethods(config: Pick<DistsyncConfig, 'merge_method'> | undefined): MergeMethods {
  const m = config?.merge_method;
  if (m === undefined) return DEFAULT_MERGE_METHODS;
  if (typeof m === 'string') return { sourceGit: m, distGit: m };
  return { sourceGit: m.source_git ?? DEFAULT_MERGE_METHODS.sourceGit, distGit: m.dist_git ?? DEFAULT_MERGE_METHODS.distGit };
}

/** What a user writes to fix each kind of mistake (shown in the failed check run). */
export const CONFIG_EXAMPLE = `# .distro/distsync.yaml
dist_git:
  repo: my-org/my-package-dist-git
  branches:
    main: [rawhide, { branch: c9s, version_mask: '^1\\.9\\.' }]
allowed_users: []
merge_on_approval: false
merge_method: { source_git: merge, dist_git: rebase }   # or one of merge|squash|rebase for both
packager: { name: Your Name, email: you@example.org }   # for propose-downstream
lookaside: { dir: my-package }                           # optional`;
