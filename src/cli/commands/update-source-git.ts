import type { Command } from 'commander';
import { collectDefine, macroContext } from '../options.js';
import type { CliContext } from '../cli-context.js';

export function registerUpdateSourceGit(group: Command, cli: CliContext): void {
  group
    .command('update-source-git')
    .description('carry dist-git commits made by hand back into source-git')
    .argument('<dist-git>', 'dist-git checkout')
    .argument('<source-git>', 'source-git checkout (must be clean)')
    .argument('[dist-git-range]', "dist-git commits to carry ('A..B' or one commit); default: since the last sync")
    .option('--define <macro>', "rpm macro 'NAME VALUE' for evaluating conditionals (repeatable)", collectDefine)
    .option('--target <arch>', 'architecture for %ifarch (default x86_64)')
    .action(async (distGitArg: string, sourceGitArg: string, range: string | undefined, o) => {
      const { sourceGit, distGit } = cli.repoArgs({ sourceGit: sourceGitArg, distGit: distGitArg });
      const { updateSourceGit } = await import('../../sync/update-source-git.js');
      const res = await updateSourceGit(cli.deps, {
        distGitDir: distGit,
        sourceGitDir: sourceGit,
        ...(range ? { range } : {}),
        macros: macroContext(o),
      });
      cli.print(res, () =>
        res.commits.length === 0
          ? ['source-git already has every dist-git commit']
          : [
              ...res.carried.map((c) => `dist-git ${c.distGitCommit.slice(0, 12)} → ${c.sourceGitCommits.map((s) => s.slice(0, 12)).join(', ') || '(no change)'}`),
              ...res.notes.map((n) => `note: ${n}`),
              `next: distsync source-git status ${sourceGit} ${distGit}`,
            ],
      );
    });
}
