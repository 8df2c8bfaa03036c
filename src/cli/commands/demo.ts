import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

export function registerDemo(program: Command, cli: CliContext): void {
  program
    .command('demo')
    .description('the whole loop on the real lz4 package from fixtures/: init, a new commit, the dist-git it makes, verify')
    .option('--dir <dir>', 'where to put the demo repos (default: a new temp dir)')
    .action(async (o) => {
      const { commitAll, createGit } = await import('../../git/index.js');
      const { findRpmbuild } = await import('../../rpm/index.js');
      const { initSourceGit } = await import('../../sync/init-source-git.js');
      const { syncStatus } = await import('../../sync/status.js');
      const { updateDistGit } = await import('../../sync/update-dist-git.js');
      const { verify } = await import('../../sync/verify.js');
      const { setUpDemoRepos } = await import('../demo-setup.js');
      const say = (s: string) => cli.print({}, () => [s]);
      // the demo tells its own story; the engine's progress lines would interleave with it
      const quiet = { log: { ...cli.deps.log, info: () => undefined } };
      const repos = await setUpDemoRepos(o.dir);
      say(`1. dist-git (real lz4 el9) at ${repos.distGit}; upstream lz4 at v1.9.3 in ${repos.sourceGit}`);
      const init = await initSourceGit(quiet, { upstreamRef: 'v1.9.3', sourceGitDir: repos.sourceGit, distGitDir: repos.distGit, lookasideDir: repos.lookaside });
      say(`2. source-git init: ${init.commits.map((c) => c.patch).join(', ')} imported as commit(s)`);
      const same = await updateDistGit(quiet, { sourceGitDir: repos.sourceGit, distGitDir: repos.distGit });
      say(`3. update-dist-git right after init: ${same.changed ? 'CHANGED (unexpected)' : 'no change, dist-git is byte-identical'}`);
      const sg = createGit(repos.sourceGit);
      await appendFile(join(repos.sourceGit, 'NEWS'), '\ndistsync demo: a downstream change\n');
      await commitAll(sg, { message: 'NEWS: note the downstream change\n', author: { name: 'A Packager', email: 'packager@example.org' } });
      const upd = await updateDistGit(quiet, { sourceGitDir: repos.sourceGit, distGitDir: repos.distGit, message: 'Update from source-git' });
      say(`4. one new source-git commit → dist-git: added ${upd.added.join(', ')}, commit ${upd.commitSha?.slice(0, 12)}`);
      const show = await createGit(repos.distGit).run(['show', '--stat', '--format=   %s%n%n%b', 'HEAD']);
      say(show.stdout.trimEnd());
      const spec = await createGit(repos.distGit).run(['show', '--format=', 'HEAD', '--', 'SPECS/lz4.spec']);
      say(spec.stdout.trimEnd());
      const st = await syncStatus(quiet, { sourceGitDir: repos.sourceGit, distGitDir: repos.distGit });
      say(`5. status: ${st.state}: ${st.summary}`);
      const rpm = await findRpmbuild().then(() => true, () => false);
      if (rpm) {
        const v = await verify(quiet, { sourceGitDir: repos.sourceGit, distGitDir: repos.distGit, lookasideDir: repos.lookaside });
        say(`6. verify (rpmbuild -bp): ${v.ok ? 'ok, the prepared tree is the source-git tree' : `MISMATCH in ${v.mismatches.map((m) => m.path).join(', ')}`}`);
        if (!v.ok) cli.setExitCode(1);
      } else {
        say('6. verify skipped: rpmbuild is not installed (sudo apt-get install -y rpm)');
      }
      say(`explore: ${repos.root}`);
    });
}
