import type { Command } from 'commander';
import { DistsyncError } from '../../core/errors.js';
import type { CliContext } from '../cli-context.js';

export function registerLookaside(program: Command, cli: CliContext): void {
  const group = program.command('lookaside').description('lookaside stores');
  group
    .command('import')
    .description('turn an existing lookaside of a package into a git lookaside branch: one commit per source file, in version order, each hash-checked')
    .argument('<from>', "where the files are now: DIR (the package's NAME-* files) or any --lookaside store (fedora+https://…, s3://…) with --dist-git")
    .argument('<git-lookaside>', 'git+REPO#BRANCH (REPO a URL or path; the branch is created or extended, never rewritten)')
    .option('--pkg <name>', 'package name (default: from --dist-git)')
    .option('--dist-git <dir>', "dist-git checkout: every version of its checksum file names the files and hashes to import")
    .action(async (from: string, to: string, o) => {
      const { isRemoteLookaside } = await import('../../lookaside/index.js');
      const { importLookaside } = await import('../../sync/import-lookaside.js');
      const { openLookaside } = await import('../open-lookaside.js');
      if (!/^git\+/i.test(to)) throw new DistsyncError('usage', `${to} is not a git lookaside`, { next: 'pass git+REPO#BRANCH, e.g. git+https://git.example.org/lookaside.git#lz4' });
      if (isRemoteLookaside(from) && !o.distGit) {
        throw new DistsyncError('usage', `${from} cannot be listed: the files to import come from a dist-git's checksum file`, { next: `pass --dist-git DIR (the package's dist-git checkout)` });
      }
      const res = await importLookaside(cli.deps, {
        from: openLookaside(from),
        ...(isRemoteLookaside(from) ? {} : { fromDir: from }),
        ...(o.distGit ? { distGitDir: o.distGit } : {}),
        ...(o.pkg ? { pkg: o.pkg } : {}),
        to: openLookaside(to),
      });
      cli.print(res, () => [
        `${res.pkg}: ${res.imported.length} file(s) on ${to.slice('git+'.length)}`,
        ...res.imported.map((i) => `  ${i.outcome === 'stored' ? 'committed' : 'already there'}: ${i.file} (${i.algo} ${i.hash})`),
        `next: distsync verify --lookaside ${to} <source-git> <dist-git>`,
      ]);
    });
}
