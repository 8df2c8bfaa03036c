import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryLogger } from '../../src/core/log.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { cloneUpstream, git, makeDistGit, makeLookaside } from '../helpers/corpus.js';

export const SOURCE_REPO = 'Codertocat/Hello-World';
export const DIST_REPO = 'Codertocat/hello-dist';

export interface GitFixture {
  dir: string;
  sourceGit: string;
  /** Bare repos standing in for github.com/<owner>/<name>.git */
  remotes: string;
  sourceRemote: string;
  distRemote: string;
  configText: string;
  /** `-c` settings that send https://github.com/ to the local bare repos. */
  gitConfig: string[];
  /** Commit on the PR branch and publish it as refs/pull/<n>/head; returns the sha. */
  pushPrHead(pr: number, line: string): string;
}

const DISTSYNC_KEY = `distsync:
  dist_git:
    repo: ${DIST_REPO}
    branches:
      master: [rawhide]
`;

/** Real lz4 dist-git and source-git (made by initSourceGit), published as local bare "GitHub" repos. */
export async function makeGitFixture(dir: string): Promise<GitFixture> {
  const distGit = makeDistGit(dir, 'lz4');
  const lookaside = makeLookaside(dir, 'lz4');
  const sourceGit = cloneUpstream(dir, 'lz4', 'v1.9.3');
  await initSourceGit({ log: createMemoryLogger() }, { upstreamRef: 'v1.9.3', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside });
  const configPath = join(sourceGit, '.distro/source-git.yaml');
  writeFileSync(configPath, `${readFileSync(configPath, 'utf8')}${DISTSYNC_KEY}`);
  git(sourceGit, 'commit', '-q', '-am', 'distsync: configure the App');
  const configText = readFileSync(configPath, 'utf8');
  const remotes = join(dir, 'remotes');
  const sourceRemote = join(remotes, `${SOURCE_REPO}.git`);
  const distRemote = join(remotes, `${DIST_REPO}.git`);
  mkdirSync(join(remotes, 'Codertocat'), { recursive: true });
  git(dir, 'clone', '-q', '--bare', sourceGit, sourceRemote);
  git(dir, 'clone', '-q', '--bare', distGit, distRemote);
  git(distRemote, 'branch', '-m', git(distGit, 'branch', '--show-current').trim(), 'rawhide');
  git(sourceGit, 'checkout', '-q', '-b', 'pr-work');
  return {
    dir,
    sourceGit,
    remotes,
    sourceRemote,
    distRemote,
    configText,
    gitConfig: [`url.file://${remotes}/.insteadOf=https://github.com/`],
    pushPrHead: (pr, line) => {
      appendFileSync(join(sourceGit, 'NEWS'), `\n${line}\n`);
      git(sourceGit, 'commit', '-q', '-am', `NEWS: ${line}`);
      const sha = git(sourceGit, 'rev-parse', 'HEAD').trim();
      git(sourceGit, 'push', '-q', '--force', sourceRemote, `HEAD:refs/pull/${pr}/head`);
      return sha;
    },
  };
}
