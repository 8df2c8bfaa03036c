import { z } from 'zod';

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const BRANCH = /^(?!.*\.\.)(?!\/)[A-Za-z0-9_./-]+(?<!\/)$/;
const LOGIN = /^[A-Za-z0-9-]+(\[bot\])?$/;
/** A directory under the App's lookaside root: relative, no `..`, plain characters. */
const LOOKASIDE_DIR = /^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const EMAIL = /^[^\s<>@]+@[^\s<>@]+$/;

const branchName = z.string().regex(BRANCH, 'must be a branch name');
const versionMask = z
  .string()
  .min(1)
  .max(200)
  .refine((s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  }, 'must be a regular expression');

/** A dist-git branch: its name, or `{ branch, version_mask }` so a stable branch only takes matching versions. */
const distBranch = z.union([branchName, z.object({ branch: branchName, version_mask: versionMask.optional() }).strict()]);

/** The `distsync:` key of `.distro/source-git.yaml`; the Packit keys beside it are read by the sync engine. */
export const distsyncConfigSchema = z
  .object({
    dist_git: z
      .object({
        repo: z.string().regex(REPO, 'must be "owner/name"'),
        branches: z
          .record(branchName, z.array(distBranch).min(1))
          .refine((b) => Object.keys(b).length > 0, 'map at least one source-git branch to dist-git branches'),
        fork: z.string().regex(REPO, 'must be "owner/name"').optional(),
      })
      .strict(),
    allowed_users: z.array(z.string().regex(LOGIN, 'must be a GitHub login')).default([]),
    merge_on_approval: z.boolean().default(false),
    retest_comment: z.string().min(1).max(200).optional(),
    /** Every commit of a source-git PR needs a `Resolves:`/`Related:` tracker reference, or the `distsync / dist-git` check fails naming it. */
    require_tracker: z.boolean().default(false),
    /** Changelog identity of propose-downstream (required for it). */
    packager: z.object({ name: z.string().min(1).max(100), email: z.string().max(200).regex(EMAIL, 'must be an e-mail address') }).strict().optional(),
    /** Where propose-downstream uploads tarballs: a directory under the App's lookaside root (default: the root itself). */
    lookaside: z.object({ dir: z.string().max(200).regex(LOOKASIDE_DIR, 'must be a relative directory without ..') }).strict().optional(),
  })
  .strict();

export type DistsyncConfig = z.infer<typeof distsyncConfigSchema>;
export type DistBranchEntry = DistsyncConfig['dist_git']['branches'][string][number];

export interface DistTarget {
  branch: string;
  versionMask?: string;
}

/** The dist-git branches one source-git branch syncs into, in config order. */
export function distTargets(entries: DistBranchEntry[] | undefined): DistTarget[] {
  return (entries ?? []).map((e) => (typeof e === 'string' ? { branch: e } : { branch: e.branch, ...(e.version_mask ? { versionMask: e.version_mask } : {}) }));
}

/** What a user writes to fix each kind of mistake (shown in the failed check run). */
export const CONFIG_EXAMPLE = `distsync:
  dist_git:
    repo: my-org/my-package-dist-git
    branches:
      main: [rawhide, { branch: c9s, version_mask: '^1\\.9\\.' }]
  allowed_users: []
  merge_on_approval: false
  packager: { name: Your Name, email: you@example.org }   # for propose-downstream
  lookaside: { dir: my-package }                           # optional`;
