import { z } from 'zod';
import { relativePathSchema } from './source-git-schema.js';
import { parseDistRepoName } from './dist-repo-name.js';

/** `owner/name` (GitHub) or `<host>/<path>/<name>` (a host of the App's hosts file): see dist-repo-name.ts. */
const REPO = /^[A-Za-z0-9_.-]+(:\d{1,5})?(\/[A-Za-z0-9_.-]+)+$/;
const repoName = z
  .string()
  .regex(REPO, 'must be "owner/name" or "<host>/<path>/<name>"')
  .superRefine((s, ctx) => {
    const parsed = parseDistRepoName(s);
    if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
  });
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

const mergeMethod = z.enum(['merge', 'squash', 'rebase']);

/** A dist-git branch: its name, or `{ branch, version_mask }` so a stable branch only takes matching versions. */
const distBranch = z.union([branchName, z.object({ branch: branchName, version_mask: versionMask.optional() }).strict()]);

/**
 * `.distro/distsync.yaml`: every setting of distsync's own (the CLI's and the
 * App's), one schema. `.distro/source-git.yaml` keeps only Packit's keys.
 * The App needs `dist_git.repo` and `dist_git.branches`; the CLI needs none.
 */
export const distsyncFileSchema = z
  .object({
    dist_git: z
      .object({
        /** The dist-git repository the App syncs into: "owner/name" on GitHub, or "<host>/<path>/<name>" on a host of the App's hosts file. */
        repo: repoName.optional(),
        /** Source-git branch → dist-git branches. */
        branches: z
          .record(branchName, z.array(distBranch).min(1))
          .refine((b) => Object.keys(b).length > 0, 'map at least one source-git branch to dist-git branches')
          .optional(),
        /** Push the App's PR branches here instead. */
        fork: repoName.optional(),
        /** dist-git layout init found: flat Fedora or SPECS/ + SOURCES/. */
        layout: z.enum(['fedora', 'centos']).optional(),
        /** dist-git's checksum file (sources, .NAME.metadata, checksums). */
        checksum_file: relativePathSchema.optional(),
      })
      .strict()
      .optional(),
    allowed_users: z.array(z.string().regex(LOGIN, 'must be a GitHub login')).default([]),
    merge_on_approval: z.boolean().default(false),
    /** How the App merges (`/distsync merge`, approvals, a dist-git PR merged by hand): one method for both sides, or per side (defaults: source_git merge, dist_git rebase). */
    merge_method: z.union([mergeMethod, z.object({ source_git: mergeMethod.optional(), dist_git: mergeMethod.optional() }).strict()]).optional(),
    retest_comment: z.string().min(1).max(200).optional(),
    /** Every commit of a source-git PR needs a `Resolves:`/`Related:` tracker reference, or the `distsync / dist-git` check fails naming it. */
    require_tracker: z.boolean().default(false),
    /** Changelog identity of propose-downstream (required for it). */
    packager: z.object({ name: z.string().min(1).max(100), email: z.string().max(200).regex(EMAIL, 'must be an e-mail address') }).strict().optional(),
    /** Where propose-downstream uploads tarballs: a directory under the App's lookaside root (default: the root itself). */
    lookaside: z.object({ dir: z.string().max(200).regex(LOOKASIDE_DIR, 'must be a relative directory without ..') }).strict().optional(),
    /** Comment above new PatchN tags: Packit's ('packit', default), the Patch-status trailer only, or none. */
    new_patch_comments: z.enum(['packit', 'status', 'none']).optional(),
  })
  .strict();

export type DistsyncFile = z.infer<typeof distsyncFileSchema>;

/** A JSON Schema of `.distro/distsync.yaml` (schema/distsync.schema.json is this, committed). */
export function distsyncJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(distsyncFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
