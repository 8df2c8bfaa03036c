import type { Command } from 'commander';
import { DistsyncError } from '../../core/errors.js';
import { collectDefine, LOOKASIDE_HELP, macroContext } from '../options.js';
import type { CliContext } from '../cli-context.js';

export function registerProposeDownstream(program: Command, cli: CliContext): void {
  program
    .command('propose-downstream')
    .description('a new upstream version downstream: patches rebased, spec updated, tarball uploaded, one branch in each repo')
    .argument('<source-git>', 'source-git checkout (clean)')
    .argument('<dist-git>', 'dist-git checkout (clean)')
    .option('--version <v>', 'the version to propose (its tag comes from upstream_tag_template)')
    .option('--tag <t>', 'the upstream tag to propose')
    .option('--upstream <git-url-or-dir>', 'fetch upstream tags from here first')
    .requiredOption(
      '--lookaside <dir-or-url>',
      LOOKASIDE_HELP,
    )
    .option('--lookaside-upload <url>', 'upload.cgi URL of a fedora+https lookaside (default: DOWNLOAD-URL/upload.cgi)')
    .option('--tarball <file>', 'the release tarball to use instead of git archive of the tag')
    .option('--packager <ident>', "changelog identity 'Name <email>' (default: git config of source-git)")
    .option('--define <macro>', "rpm macro 'NAME VALUE' for evaluating conditionals (repeatable)", collectDefine)
    .action(async (sourceGitArg: string, distGitArg: string, o) => {
      const { sourceGit, distGit } = cli.repoArgs({ sourceGit: sourceGitArg, distGit: distGitArg });
      const { createGit } = await import('../../git/index.js');
      const { openLookaside } = await import('../open-lookaside.js');
      const { formatRebaseReport } = await import('../../sync/rebase-downstream.js');
      const { proposeDownstream } = await import('../../sync/propose-downstream.js');
      if (o.version && o.tag) throw new DistsyncError('usage', 'pass --version or --tag, not both', { next: 'drop one of them' });
      const lookaside = openLookaside(cli.localPath(o.lookaside), o.lookasideUpload ? { uploadUrl: o.lookasideUpload } : {});
      const res = await proposeDownstream(cli.deps, {
        sourceGitDir: sourceGit,
        distGitDir: distGit,
        ...(o.version ? { version: o.version } : {}),
        ...(o.tag ? { tag: o.tag } : {}),
        ...(o.upstream ? { upstream: cli.localPath(o.upstream) } : {}),
        lookaside,
        ...(o.tarball ? { tarball: cli.localPath(o.tarball) } : {}),
        packager: o.packager ? parseIdent(o.packager) : await gitIdent(sourceGit),
        date: new Date(),
        macros: macroContext(o),
      });
      cli.print(res, () => [
        `proposed ${res.version} (tag ${res.tag})`,
        ...formatRebaseReport(res.report).map((l) => `  ${l}`),
        res.tarball.uploaded
          ? `  tarball ${res.tarball.file} (${res.tarball.algo} ${res.tarball.hash}) uploaded to ${lookaside.describe()}`
          : `  tarball ${res.tarball.file} (${res.tarball.algo} ${res.tarball.hash}) already in ${lookaside.describe()}, verified: nothing uploaded`,
        `source-git branch: ${res.sourceGitBranch}`,
        `dist-git branch:   ${res.distGitBranch}${res.distGitCommit ? ` (${res.distGitCommit.slice(0, 12)})` : ''}`,
        ...res.notes.map((n) => `note: ${n}`),
        `next: distsync verify --lookaside ${o.lookaside} <source-git at ${res.sourceGitBranch}> <dist-git at ${res.distGitBranch}>, then push both branches`,
      ]);
    });
}

function parseIdent(s: string): { name: string; email: string } {
  const m = /^\s*([^<>]+?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(s);
  if (!m) throw new DistsyncError('usage', `--packager '${s}' is not 'Name <email>'`, { next: "e.g. --packager 'Jane Packager <jane@example.org>'" });
  return { name: m[1]!, email: m[2]! };
}

async function gitIdent(dir: string): Promise<{ name: string; email: string }> {
  const { createGit } = await import('../../git/index.js');
  const git = createGit(dir);
  const name = (await git.run(['config', 'user.name'], { allowFail: true })).stdout.trim();
  const email = (await git.run(['config', 'user.email'], { allowFail: true })).stdout.trim();
  if (!name || !email) {
    throw new DistsyncError('usage', 'no packager identity for the %changelog entry', { next: "pass --packager 'Name <email>' or set git config user.name / user.email" });
  }
  return { name, email };
}
