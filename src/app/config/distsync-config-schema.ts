import { z } from 'zod';

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const BRANCH = /^(?!.*\.\.)(?!\/)[A-Za-z0-9_./-]+(?<!\/)$/;
const LOGIN = /^[A-Za-z0-9-]+(\[bot\])?$/;

/** The `distsync:` key of `.distro/source-git.yaml`; the Packit keys beside it are read by the sync engine. */
export const distsyncConfigSchema = z
  .object({
    dist_git: z
      .object({
        repo: z.string().regex(REPO, 'must be "owner/name"'),
        branches: z
          .record(z.string().regex(BRANCH, 'must be a branch name'), z.array(z.string().regex(BRANCH, 'must be a branch name')).min(1))
          .refine((b) => Object.keys(b).length > 0, 'map at least one source-git branch to dist-git branches'),
        fork: z.string().regex(REPO, 'must be "owner/name"').optional(),
      })
      .strict(),
    allowed_users: z.array(z.string().regex(LOGIN, 'must be a GitHub login')).default([]),
    merge_on_approval: z.boolean().default(false),
    retest_comment: z.string().min(1).max(200).optional(),
  })
  .strict();

export type DistsyncConfig = z.infer<typeof distsyncConfigSchema>;

/** What a user writes to fix each kind of mistake (shown in the failed check run). */
export const CONFIG_EXAMPLE = `distsync:
  dist_git:
    repo: my-org/my-package-dist-git
    branches:
      main: [rawhide]
  allowed_users: []
  merge_on_approval: false`;
