import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

function collectMap(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const [from, to] = value.split('=');
  return { ...previous, [from!.trim()]: (to ?? '').trim() };
}

const lookasideOf = async (spec: string | undefined) => {
  if (!spec) return {};
  const [{ createLookasideStore }, { hostEnv }] = await Promise.all([import('../../lookaside/index.js'), import('../../git/index.js')]);
  return { lookaside: createLookasideStore(spec, hostEnv()) };
};

const fileLines = (r: { added: string[]; updated: string[]; removed: string[] }) => [
  ...r.added.map((f) => `  added    ${f}`),
  ...r.updated.map((f) => `  updated  ${f}`),
  ...r.removed.map((f) => `  removed  ${f}`),
];

/** `distsync openpatch apply|rebuild`: Open Patch (srpmproc) directives on OpenELA-style rebuild dist-gits. */
export function registerOpenpatch(program: Command, cli: CliContext): void {
  const group = program.command('openpatch').description('Open Patch (srpmproc .cfg) directives: debranded rebuilds of a dist-git');
  group
    .command('apply')
    .description('apply the directives of a patch repository (PATCHES/*.cfg or ROCKY/CFG/*.cfg) to a dist-git branch, as one commit')
    .argument('<patches>', 'patch repository, directory holding PATCHES/ or ROCKY/CFG/, or a PATCHES directory')
    .argument('<dist-git>', 'dist-git checkout (must be clean); the commit goes on its checked-out branch')
    .option('--ref <upstream-ref>', 'apply to the tree of this commit (an upstream import) instead of HEAD')
    .option('-m, --message <msg>', 'commit message subject')
    .option('--dry-run', 'report what each directive would do, write nothing')
    .option('--lookaside <dir-or-url>', 'lookaside cache for lookaside directives')
    .option('--version-from-import', "changelog version from the 'import NAME-V-R' commit subject (Rocky's srpmproc) instead of the spec's Version value (OpenELA's output)")
    .action(async (patches: string, distGit: string, o) => {
      const { effectLines } = await import('../../core/openpatch/index.js');
      const { openpatchApply } = await import('../../sync/openpatch-apply.js');
      const res = await openpatchApply(cli.deps, { patches, distGitDir: distGit, dryRun: !!o.dryRun, versionFromImport: !!o.versionFromImport, ...(o.ref ? { ref: o.ref } : {}), ...(o.message ? { message: o.message } : {}), ...(await lookasideOf(o.lookaside)) });
      cli.print(res, () => [
        ...effectLines(res.effects),
        !res.changed ? 'nothing changes' : `${o.dryRun ? 'would change' : 'changed'} ${res.added.length + res.updated.length + res.removed.length} file(s)${res.commitSha ? `, commit ${res.commitSha.slice(0, 12)}` : ''}`,
        ...fileLines(res),
        ...res.lookaside.map((l) => `  lookaside ${l.path} ${l.hash}`),
      ]);
    });
  group
    .command('rebuild')
    .description("take the upstream branch's tree, apply the directives, commit it on the rebuild branch (no commit when nothing changed)")
    .argument('<upstream-dist-git>', 'upstream dist-git repository (CentOS Stream / RHEL sources)')
    .argument('<rebuild-dist-git>', 'rebuild dist-git repository')
    .requiredOption('--branch <name>', 'rebuild branch: el9, el9-stream-<S>, el9-modulemd-<S>, …-contrib')
    .option('--upstream-branch <name>', 'upstream branch (default: el9 → c9s, el9-stream-S → c9s-stream-S, …)')
    .option('--map <rebuild=upstream>', 'branch map entry (repeatable)', collectMap)
    .option('--patches <dir-or-repo>', 'directives from here instead of the rebuild branch\'s own PATCHES/')
    .option('--write-branch <name>', 'commit to this branch (on top of --branch) instead of --branch itself')
    .option('--dry-run', 'report what would change, write nothing')
    .option('--lookaside <dir-or-url>', 'lookaside cache for lookaside directives')
    .option('--version-from-import', "changelog version from the upstream 'import NAME-V-R' commit subject instead of the spec's Version value")
    .action(async (upstream: string, rebuild: string, o) => {
      const { effectLines } = await import('../../core/openpatch/index.js');
      const { openpatchRebuild } = await import('../../sync/openpatch-rebuild.js');
      const res = await openpatchRebuild(cli.deps, {
        upstreamDir: upstream,
        rebuildDir: rebuild,
        branch: o.branch,
        dryRun: !!o.dryRun,
        versionFromImport: !!o.versionFromImport,
        ...(o.upstreamBranch ? { upstreamBranch: o.upstreamBranch } : {}),
        ...(o.map ? { branchMap: o.map } : {}),
        ...(o.patches ? { patches: o.patches } : {}),
        ...(o.writeBranch ? { writeBranch: o.writeBranch } : {}),
        ...(await lookasideOf(o.lookaside)),
      });
      cli.print(res, () => [
        ...effectLines(res.effects),
        res.changed
          ? `${o.dryRun ? 'would rebuild' : 'rebuilt'} ${res.writeBranch} from ${res.upstreamBranch} ${res.upstreamCommit.slice(0, 12)}${res.commitSha ? `: commit ${res.commitSha.slice(0, 12)}` : ''}`
          : `up to date: ${res.reason}`,
        ...fileLines(res),
      ]);
    });
}
