import { DistsyncError } from '../core/errors.js';
import { DISTSYNC_FILE, parseDistsyncFile, parseSourceGitConfig, type DistsyncFile, type SourceGitConfig } from '../core/config/index.js';
import { parseSpec, type SpecDocument } from '../core/spec/index.js';
import { commitOfTag, createGit, headSha, listFiles, readBlob, readBlobs, repoGitDir, resolveRef, type Git } from '../git/index.js';
import type { PlanMemo } from './plan-memo.js';
import type { Logger } from '../core/log.js';
import type { Interrupt } from '../core/run-scope.js';

export const DISTRO_DIR = '.distro';
export const CONFIG_PATH = `${DISTRO_DIR}/source-git.yaml`;
/** distsync's own settings; never synced to dist-git. */
export const SETTINGS_PATH = DISTSYNC_FILE;

/** What a use case needs to know about a source-git checkout at a commit. */
export interface SourceGitSnapshot {
  dir: string;
  git: Git;
  head: string;
  config: SourceGitConfig;
  /** `.distro/distsync.yaml` (defaults when absent). */
  settings: DistsyncFile;
  /** Deprecations found in the config files, to show the user. */
  configNotes: string[];
  upstreamSha: string;
  /** True when readSourceGit learnt that upstream_ref is a tag (refs/tags/<name> exists) while resolving it; unset when it did not ask. */
  upstreamIsTag?: boolean;
  /** Paths under .distro/ at head (with the '.distro/' prefix). */
  distroFiles: string[];
  specPath: string;
  specText: string;
  spec: SpecDocument;
}

export async function openSourceGit(dir: string, log: Logger, interrupt?: Interrupt): Promise<Git> {
  const gitDir = await repoGitDir(dir, { log });
  if (gitDir === null) {
    throw new DistsyncError('not-a-repo', `${dir} is not a git repository`, {
      next: `create it with: distsync source-git init <upstream-ref> ${dir} <dist-git>`,
    });
  }
  return createGit(dir, { log, gitDir, ...(interrupt ? { interrupt } : {}) });
}

/**
 * `memo`: the run's reads; with it every `.distro/` file is read in the same batch (the plan
 * mirrors them into dist-git), without it only the config files and the spec are.
 */
export async function readSourceGit(git: Git, ref = 'HEAD', memo?: Pick<PlanMemo, 'blobs'>): Promise<SourceGitSnapshot> {
  const head = ref === 'HEAD' ? await headSha(git) : await resolveRef(git, ref);
  const files = await listFiles(git, head);
  if (!files.includes(CONFIG_PATH)) {
    throw new DistsyncError('bad-config', `${git.cwd} has no ${CONFIG_PATH}: it is not a source-git repository`, {
      file: CONFIG_PATH,
      next: `create it with: distsync source-git init <upstream-ref> ${git.cwd} <dist-git>`,
    });
  }
  const distroFiles = files.filter((f) => f.startsWith(`${DISTRO_DIR}/`));
  // one batch for what is read below (the spec's path is in the config: every .distro/*.spec is taken along)
  const wanted = memo ? distroFiles : distroFiles.filter((f) => f === CONFIG_PATH || f === SETTINGS_PATH || f.endsWith('.spec'));
  const bytes = memo ? await memo.blobs(git, head, wanted) : await readBlobs(git, head, wanted);
  // a path the batch did not give (not a file, or outside .distro/): readBlob reads it or says why
  const blob = async (path: string) => bytes.get(path) ?? (await readBlob(git, head, path));
  const config = parseSourceGitConfig((await blob(CONFIG_PATH)).toString('utf8'), CONFIG_PATH);
  const settings = parseDistsyncFile(files.includes(SETTINGS_PATH) ? (await blob(SETTINGS_PATH)).toString('utf8') : '{}', SETTINGS_PATH);
  const configNotes = ['dist_git', 'distsync']
    .filter((k) => config[k] !== undefined)
    .map((k) => `${CONFIG_PATH}: the ${k}: key is deprecated there (Packit refuses the file with it): move it to ${SETTINGS_PATH}`);
  // a tag (the usual upstream_ref): its commit and its kind in one call; anything else the careful way
  const tagCommit = await commitOfTag(git, config.upstream_ref);
  const upstreamSha = tagCommit ?? await resolveRef(git, `${config.upstream_ref}^{commit}`).catch((e: unknown) => {
    throw new DistsyncError('ref-not-found', `upstream_ref '${config.upstream_ref}' from ${CONFIG_PATH} does not exist in ${git.cwd}`, {
      file: CONFIG_PATH,
      next: `fetch it (git -C ${git.cwd} fetch --tags <upstream-url>) or fix upstream_ref`,
      cause: e,
    });
  });
  await assertOnUpstreamRef(git, config.upstream_ref, upstreamSha, head);
  const specPath = config.specfile_path;
  if (!files.includes(specPath)) {
    throw new DistsyncError('bad-config', `specfile_path '${specPath}' does not exist in source-git`, {
      file: CONFIG_PATH,
      next: `fix specfile_path in ${CONFIG_PATH}`,
    });
  }
  const specText = (await blob(specPath)).toString('utf8');
  return { dir: git.cwd, git, head, config, settings, configNotes, upstreamSha, ...(tagCommit ? { upstreamIsTag: true } : {}), distroFiles, specPath, specText, spec: parseSpec(specText, specPath) };
}

/**
 * Source-git is upstream_ref and the downstream commits on top of it: a head whose history
 * lacks upstream_ref (propose-downstream's "Update to" PR squash- or rebase-merged, which copies
 * the upstream commits instead of keeping them) would make every upstream change a patch.
 */
async function assertOnUpstreamRef(git: Git, ref: string, upstreamSha: string, head: string): Promise<void> {
  if ((await git.run(['merge-base', '--is-ancestor', upstreamSha, head], { allowFail: true })).code === 0) return;
  throw new DistsyncError('bad-config', `upstream_ref '${ref}' from ${CONFIG_PATH} is not in the history of ${head.slice(0, 12)}: the downstream commits are not on top of it (a squash or rebase merge of propose-downstream's "Update to" pull request copies the upstream commits instead of keeping them)`, {
    file: CONFIG_PATH,
    next: `put the proposed rebase on the branch instead: git push --force-with-lease=<branch>:${head} origin propose-downstream/<version>:<branch> (what \`/distsync merge\` on the "Update to" pull request does), or set upstream_ref to the upstream commit the downstream commits sit on`,
  });
}
