import type { Command } from 'commander';
import { LOOKASIDE_HELP, collectDefine } from '../options.js';
import type { CliContext } from '../cli-context.js';
import { EVAL_WITH_RPM_HELP } from '../eval-with-rpm-option.js';

export function registerVerify(program: Command, cli: CliContext): void {
  program
    .command('verify')
    .description('run rpmbuild -bp on dist-git and check that it gives the source-git tree. This runs rpm on the spec: rpm executes its %(…), %{lua:…} and %prep shell code with your rights, so verify only dist-git you trust (one warning line says so each time)')
    .argument('<source-git>', 'source-git checkout')
    .argument('<dist-git>', 'dist-git checkout')
    .option('--lookaside <dir-or-url>', `where the sources not in dist-git come from (verified, remote ones cached in $DISTSYNC_LOOKASIDE_CACHE or ~/.cache/distsync/lookaside): ${LOOKASIDE_HELP}`)
    .option('--define <macro>', "rpm macro 'NAME VALUE', passed to rpmbuild (repeatable)", collectDefine)
    .option('--target <arch>', 'rpmbuild --target: an arch (x86_64, s390x) or arch-vendor-os; anything else is refused before rpm runs')
    .option('--keep', 'keep the rpmbuild tree and print where it is')
    .option('--eval-with-rpm', EVAL_WITH_RPM_HELP)
    .action(async (sourceGitArg: string, distGitArg: string, o) => {
      const { sourceGit, distGit } = cli.repoArgs({ sourceGit: sourceGitArg, distGit: distGitArg });
      const { verify } = await import('../../sync/verify.js');
      const { openLookaside } = await import('../open-lookaside.js');
      const res = await verify(cli.deps, {
        sourceGitDir: sourceGit,
        distGitDir: distGit,
        ...(o.lookaside ? { lookaside: openLookaside(cli.localPath(o.lookaside)) } : {}),
        ...(o.define ? { defines: o.define } : {}),
        ...(o.target ? { target: o.target } : {}),
        keep: !!o.keep,
      });
      cli.print(res, () => [
        res.ok
          ? `ok: rpmbuild -bp (${res.patchesApplied} patch(es)) reproduces the source-git tree`
          : `MISMATCH: rpmbuild -bp differs from source-git in ${res.mismatches.length} path(s)`,
        ...res.mismatches.map((m) => `  mismatch ${m.kind}: ${m.path}`),
        ...res.explained.map((e) => `  explained ${e.kind}: ${e.path}: ${e.why}`),
        ...(o.keep ? [`rpmbuild tree kept at ${res.buildDir}`] : []),
        ...(res.ok ? [] : ['next: compare with `git -C <source-git> diff` against the kept tree (--keep), fix the spec or the commit that differs']),
      ]);
      if (!res.ok) cli.setExitCode(1);
    });
}
