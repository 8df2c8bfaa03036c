import type { Command } from 'commander';
import { LOOKASIDE_HELP, collectDefine, macroContext } from '../options.js';
import type { CliContext } from '../cli-context.js';
import { EVAL_WITH_RPM_HELP } from '../eval-with-rpm-option.js';

export function registerInit(group: Command, cli: CliContext): void {
  group
    .command('init')
    .description('create a source-git repo from a dist-git repo: upstream, then .distro/, then one commit per applied patch')
    .argument('<upstream-ref>', 'upstream tag or commit the dist-git packages (created as a tag with --from-tarball)')
    .argument('<source-git>', 'upstream git checkout at <upstream-ref> (or an empty dir with --from-tarball)')
    .argument('<dist-git>', 'dist-git checkout')
    .option('--lookaside <dir-or-url>', `where the sources not in dist-git come from (verified, remote ones cached in $DISTSYNC_LOOKASIDE_CACHE or ~/.cache/distsync/lookaside): ${LOOKASIDE_HELP}`)
    .option('--from-tarball', 'import the lookaside tarball(s) as the upstream commit')
    .option('--pkg-name <name>', 'package name, when dist-git holds several specs')
    .option('--define <macro>', "rpm macro 'NAME VALUE' for evaluating conditionals (repeatable)", collectDefine)
    .option('--target <arch>', 'architecture for %ifarch (default x86_64)')
    .option('--eval-with-rpm', EVAL_WITH_RPM_HELP)
    .option('--upstream-url <url>', "upstream_project_url in source-git.yaml (default: the source-git checkout's origin, when a URL)")
    .option('--lookaside-url <url>', "lookaside base for source-git.yaml sources: (default for the flat Fedora layout: Fedora's)")
    .option('--keep-patch-tags', "keep PatchN tags in .distro/'s spec (Packit's update then refuses the repo)")
    .action(async (upstreamRef: string, sourceGitArg: string, distGitArg: string, o) => {
      const { sourceGit, distGit } = cli.repoArgs({ sourceGit: sourceGitArg, distGit: distGitArg, sourceGitMayBeNew: !!o.fromTarball, sourceGitIsUpstream: true });
      const { initSourceGit } = await import('../../sync/init-source-git.js');
      const { openLookaside } = await import('../open-lookaside.js');
      const res = await initSourceGit(cli.deps, {
        upstreamRef,
        sourceGitDir: sourceGit,
        distGitDir: distGit,
        ...(o.lookaside ? { lookaside: openLookaside(cli.localPath(o.lookaside)) } : {}),
        fromTarball: !!o.fromTarball,
        ...(o.pkgName ? { pkgName: o.pkgName } : {}),
        macros: macroContext(o),
        ...(o.upstreamUrl ? { upstreamUrl: o.upstreamUrl } : {}),
        ...(o.lookasideUrl ? { lookasideUrl: o.lookasideUrl } : {}),
        keepPatchTags: !!o.keepPatchTags,
      });
      cli.print(res, () => [
        `source-git ready at ${sourceGit} (${res.head.slice(0, 12)}), upstream ${upstreamRef} = ${res.upstreamSha.slice(0, 12)}`,
        `${res.commits.length} patch(es) imported as commits:`,
        ...res.commits.map((c) => `  ${c.sha.slice(0, 12)} ${c.patch} (${c.method})`),
        ...(res.keptAsFiles.length ? ['kept as files in .distro/ (not applied on this target):', ...res.keptAsFiles.map((k) => `  ${k.file}: ${k.why}`)] : []),
        ...(res.sideEffects.length ? ['%prep commands that are not patches (they stay in the spec):', ...res.sideEffects.map((s) => `  ${s}`)] : []),
        ...res.notes.map((n) => `note: ${n}`),
        `next: distsync source-git status ${sourceGit} ${distGit}`,
      ]);
    });
}
