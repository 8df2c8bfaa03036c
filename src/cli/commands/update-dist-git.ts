import type { Command } from 'commander';
import { DistsyncError } from '../../core/errors.js';
import { collectDefine, macroContext } from '../options.js';
import type { CliContext } from '../cli-context.js';
import { EVAL_WITH_RPM_HELP } from '../eval-with-rpm-option.js';

export function registerUpdateDistGit(group: Command, cli: CliContext): void {
  group
    .command('update-dist-git')
    .description('turn source-git commits into dist-git patch files and spec edits')
    .argument('<source-git>', 'source-git checkout')
    .argument('<dist-git>', 'dist-git checkout (must be clean)')
    .option('-m, --message <msg>', 'commit in dist-git with this message (without it the change is staged, not committed)')
    .option('--dry-run', 'show what would change, write nothing')
    .option('--force', 'overwrite files that dist-git commits made outside source-git changed')
    .option('--define <macro>', "rpm macro 'NAME VALUE' for evaluating conditionals (repeatable)", collectDefine)
    .option('--target <arch>', 'architecture for %ifarch (default x86_64)')
    .option('--eval-with-rpm', EVAL_WITH_RPM_HELP)
    .option('--max-patch-size <MB>', 'refuse a patch file larger than this, naming its commit (default 10)', parseMegabytes)
    .action(async (sourceGitArg: string, distGitArg: string, o) => {
      const { sourceGit, distGit } = cli.repoArgs({ sourceGit: sourceGitArg, distGit: distGitArg });
      const { updateDistGit } = await import('../../sync/update-dist-git.js');
      const res = await updateDistGit(cli.deps, {
        sourceGitDir: sourceGit,
        distGitDir: distGit,
        ...(o.message ? { message: o.message } : {}),
        dryRun: !!o.dryRun,
        force: !!o.force,
        macros: macroContext(o),
        ...(o.maxPatchSize !== undefined ? { maxPatchBytes: o.maxPatchSize } : {}),
      });
      cli.print(res, () =>
        !res.changed
          ? ['dist-git is up to date: nothing to change']
          : [
              `${o.dryRun ? 'would change' : 'changed'} ${res.files.length} file(s) in dist-git${res.commitSha ? `, commit ${res.commitSha.slice(0, 12)}` : ''}`,
              ...res.added.map((f) => `  added    ${f}`),
              ...res.updated.map((f) => `  updated  ${f}`),
              ...res.removed.map((f) => `  removed  ${f}`),
              ...(res.specChanged ? ['  spec     updated'] : []),
              ...res.notes.map((n) => `note: ${n}`),
              ...(res.commitSha || o.dryRun ? [] : [`next: the change is staged; review it (git -C ${distGit} diff --cached) and commit it (git -C ${distGit} commit)`]),
            ],
      );
    });
}

function parseMegabytes(v: string): number {
  const mb = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v.trim()) || !(mb > 0)) throw new DistsyncError('usage', `--max-patch-size '${v}' is not a positive number of megabytes`, { next: 'pass e.g. --max-patch-size 50' });
  return Math.round(mb * 1024 * 1024);
}
