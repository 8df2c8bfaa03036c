import type { Command } from 'commander';
import { collectDefine, macroContext } from '../options.js';
import type { CliContext } from '../cli-context.js';
import { EVAL_WITH_RPM_HELP } from '../eval-with-rpm-option.js';

export function registerStatus(group: Command, cli: CliContext): void {
  group
    .command('status')
    .description('ahead / behind / diverged / in sync, and the command to run next')
    .argument('<source-git>', 'source-git checkout')
    .argument('<dist-git>', 'dist-git checkout')
    .option('--define <macro>', "rpm macro 'NAME VALUE' for evaluating conditionals (repeatable)", collectDefine)
    .option('--target <arch>', 'architecture for %ifarch (default x86_64)')
    .option('--eval-with-rpm', EVAL_WITH_RPM_HELP)
    .action(async (sourceGitArg: string, distGitArg: string, o) => {
      const { sourceGit, distGit } = cli.repoArgs({ sourceGit: sourceGitArg, distGit: distGitArg });
      const { syncStatus } = await import('../../sync/status.js');
      const res = await syncStatus(cli.deps, { sourceGitDir: sourceGit, distGitDir: distGit, macros: macroContext(o) });
      cli.print(res, () => [
        `${res.state}: ${res.summary}`,
        ...res.handCommits.map((c) => `  dist-git ${c.sha.slice(0, 12)} ${c.subject}`),
        ...res.next.map((n) => `next: ${n}`),
      ]);
    });
}
