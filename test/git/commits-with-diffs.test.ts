import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitsWithDiffs, createGit, diffsForRange, listCommits } from '../../src/git/index.js';
import { newRepo, sh, shEnv, tempDirs } from './helpers.js';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

/** A history with every kind of change whose name or diff git prints in a special way. */
function trickyRepo(dir: string): string {
  newRepo(dir);
  const file = (p: string, content: string | Buffer) => writeFileSync(join(dir, p), content);
  let t = 0;
  const commit = (msg: string, ...extra: string[]) => {
    sh(dir, 'add', '-A');
    t += 1;
    const date = `${1700000000 + t} +0000`;
    shEnv(dir, { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }, ...extra, 'commit', '-q', '--allow-empty', '-m', msg);
  };
  file('r.txt', 'root\n');
  mkdirSync(join(dir, '.distro'));
  file('.distro/x.yaml', 'cfg\n');
  commit('root commit');
  sh(dir, 'tag', 'base');
  for (const name of ['with space.txt', 'tab\there.txt', 'quo"te.txt', 'back\\slash.txt', 'ünïcödé.txt', 'new\nline.txt']) file(name, `${name}\n`);
  commit('odd names\n\nbody with \x1f a unit separator');
  file('bin.dat', Buffer.from([0, 1, 2, 255]));
  commit('binary');
  chmodSync(join(dir, 'r.txt'), 0o755);
  commit('mode only');
  symlinkSync('r.txt', join(dir, 'link'));
  commit('symlink');
  rmSync(join(dir, 'link'));
  file('link', 'not a link\n');
  commit('symlink becomes a file');
  file('empty.txt', '');
  commit('empty file');
  sh(dir, 'rm', '-q', 'with space.txt');
  commit('delete');
  file('.distro/x.yaml', 'cfg\nmore\n');
  commit('only excluded');
  commit('empty commit');
  file('latin.txt', Buffer.from('caf\xe9\n', 'latin1'));
  commit('latin1 caf\xe9', '-c', 'i18n.commitEncoding=ISO-8859-1');
  writeFileSync(Buffer.concat([Buffer.from(`${dir}/bad`), Buffer.from([0xff]), Buffer.from('name.txt')]), Buffer.from([0xff, 0xfe]));
  commit('a name that is not UTF-8');
  sh(dir, 'update-index', '--add', '--cacheinfo', `160000,${'1234567890'.repeat(4)},sub`);
  t += 1;
  shEnv(dir, { GIT_AUTHOR_DATE: `${1700000000 + t} +0000`, GIT_COMMITTER_DATE: `${1700000000 + t} +0000` }, 'commit', '-q', '-m', 'gitlink');
  file('r.txt', 'root\nmore\n');
  file('.distro/x.yaml', 'cfg\nmore\nstill\n');
  file('ünïcödé.txt', 'changed\n');
  commit('mixed with excluded');
  file('crlf.txt', 'x\r\ny\r\n');
  commit('crlf');
  sh(dir, 'checkout', '-q', '-b', 'side');
  file('side.txt', 'side\n');
  commit('side');
  sh(dir, 'checkout', '-q', 'main');
  file('m2.txt', 'main\n');
  commit('main 2');
  t += 1;
  shEnv(dir, { GIT_AUTHOR_DATE: `${1700000000 + t} +0000`, GIT_COMMITTER_DATE: `${1700000000 + t} +0000` }, 'merge', '-q', '--no-ff', 'side', '-m', 'merge side');
  file('after.txt', 'after\n');
  commit('after the merge');
  return dir;
}

describe('commitsWithDiffs', () => {
  it('gives exactly what listCommits and diffsForRange give, from one git log: odd names, binary, mode-only, type change, gitlink, merge, root, excluded paths', async () => {
    const dir = trickyRepo(tmp.make('tricky'));
    const git = createGit(dir);
    let files = 0;
    for (const range of ['base..HEAD', 'HEAD', 'HEAD~3..HEAD'])
      for (const excludePaths of [[], ['.distro'], ['.distro', 'r.txt', 'with space.txt'], ['.distro', 'ünïcödé.txt']]) {
        const [commits, diffs, both] = await Promise.all([listCommits(git, range, { excludePaths }), diffsForRange(git, range, { excludePaths }), commitsWithDiffs(git, range, { excludePaths })]);
        expect(both.commits).toEqual(commits);
        expect([...both.diffs]).toEqual([...diffs]);
        files += commits.reduce((n, c) => n + c.files.length, 0);
      }
    expect(files).toBeGreaterThan(100);
    const all = await commitsWithDiffs(git, 'HEAD');
    const names = all.commits.flatMap((c) => c.files);
    for (const name of ['tab\there.txt', 'quo"te.txt', 'back\\slash.txt', 'new\nline.txt', 'ünïcödé.txt', 'sub', 'link', 'bad\ufffdname.txt']) expect(names).toContain(name);
    expect(all.commits.find((c) => c.message.startsWith('empty commit'))).toMatchObject({ files: [], onlyExcluded: true });
  });
});
