import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DistsyncError } from '../../src/core/errors.js';
import {
  assertClean,
  checkout,
  checkoutTree,
  commitOfTag,
  commitAll,
  commitAllDetailed,
  createBranch,
  createGit,
  headSha,
  initRepo,
  isClean,
  isRepo,
  listFiles,
  readBlob,
  refKind,
  repoGitDir,
  resolveRef,
  tag,
} from '../../src/git/index.js';
import { newRepo, sh, tempDirs, rejectionOf } from './helpers.js';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

describe('repository helpers', () => {
  it('isRepo is true only at the top of a work tree', async () => {
    const dir = newRepo(tmp.make('isrepo'));
    mkdirSync(join(dir, 'sub'));
    expect(await isRepo(dir)).toBe(true);
    expect(await isRepo(join(dir, 'sub'))).toBe(false);
    expect(await isRepo(tmp.make('plain'))).toBe(false);
    expect(await isRepo(join(dir, 'missing'))).toBe(false);
  });

  it('initRepo creates the directory and a main branch; headSha fails until the first commit', async () => {
    const dir = join(tmp.make('init'), 'a', 'b');
    await initRepo(dir);
    expect(await isRepo(dir)).toBe(true);
    const git = createGit(dir);
    expect(sh(dir, 'symbolic-ref', 'HEAD').trim()).toBe('refs/heads/main');
    await expect(headSha(git)).rejects.toMatchObject({ code: 'ref-not-found' });
  });

  it('commitAll stages everything, keeps the author (empty e-mail too) and the message verbatim', async () => {
    const dir = newRepo(tmp.make('commit'));
    const git = createGit(dir);
    writeFileSync(join(dir, 'a.txt'), 'a\r\n');
    writeFileSync(join(dir, '.gitignore'), 'ignored.o\n');
    writeFileSync(join(dir, 'ignored.o'), 'obj');
    const message = '# not a comment\n\nBody line\n\nPatch-name: x.patch\n';
    const sha = await commitAll(git, { message, author: { name: 'IBM developers', email: '', date: '2021-02-26T15:21:20+01:00' } });
    expect(sha).toBe(await headSha(git));
    expect(sh(dir, 'log', '-1', '--format=%an|%ae|%aI')).toBe('IBM developers||2021-02-26T15:21:20+01:00\n');
    expect(sh(dir, 'log', '-1', '--format=%B')).toBe(`${message}\n`);
    expect(await listFiles(git)).toEqual(['.gitignore', 'a.txt']);
    writeFileSync(join(dir, 'b.txt'), 'b');
    await commitAll(git, { message: 'force\n', force: true });
    expect(await listFiles(git, 'HEAD')).toEqual(['.gitignore', 'a.txt', 'b.txt', 'ignored.o']);
    expect((await readBlob(git, 'HEAD', 'a.txt')).equals(Buffer.from('a\r\n'))).toBe(true);
  });

  it('commitAll replaces an empty author name and says so; allowEmpty; RFC 2822 dates', async () => {
    const dir = newRepo(tmp.make('commit'));
    const git = createGit(dir);
    const res = await commitAllDetailed(git, { message: 'empty\n', allowEmpty: true, author: { name: '', email: '', date: 'Fri, 26 Feb 2021 15:21:20 +0100' }, committerDate: '2021-03-01T00:00:00Z' });
    expect(res.authorReplaced?.to).toMatchObject({ name: 'Unknown', email: 'unknown@unknown.invalid' });
    expect(sh(dir, 'log', '-1', '--format=%an <%ae> %aI %cI')).toBe('Unknown <unknown@unknown.invalid> 2021-02-26T15:21:20+01:00 2021-03-01T00:00:00+00:00\n');
    await expect(commitAll(git, { message: 'nothing\n' })).rejects.toMatchObject({ code: 'git-failed' });
  });

  it('commitAll falls back to a distsync committer when none is configured', async () => {
    const dir = tmp.make('nocfg');
    sh(dir, 'init', '-q', dir);
    sh(dir, 'config', 'user.useConfigOnly', 'true');
    const home = tmp.make('home');
    const git = createGit(dir);
    writeFileSync(join(dir, 'f'), 'f');
    const saved = { HOME: process.env.HOME, EMAIL: process.env.EMAIL, XDG: process.env.XDG_CONFIG_HOME };
    process.env.HOME = home;
    process.env.XDG_CONFIG_HOME = home;
    delete process.env.EMAIL;
    try {
      const res = await commitAllDetailed(git, { message: 'x\n', author: { name: 'A', email: 'a@b' } });
      expect(res.committerFallback).toBe(true);
      expect(sh(dir, 'log', '-1', '--format=%cn <%ce>')).toBe('distsync <distsync@noreply.invalid>\n');
      expect(sh(dir, 'log', '-1', '--format=%an <%ae>')).toBe('A <a@b>\n');
    } finally {
      for (const [k, v] of Object.entries({ HOME: saved.HOME, EMAIL: saved.EMAIL, XDG_CONFIG_HOME: saved.XDG })) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('isClean / assertClean see modified and untracked files', async () => {
    const dir = newRepo(tmp.make('clean'));
    const git = createGit(dir);
    writeFileSync(join(dir, 'f'), '1');
    await commitAll(git, { message: 'one\n' });
    expect(await isClean(git)).toBe(true);
    await assertClean(git, 'dist-git');
    mkdirSync(join(dir, 'd'));
    writeFileSync(join(dir, 'd', 'new file'), 'x');
    expect(await isClean(git)).toBe(false);
    const err = await rejectionOf(assertClean(git, 'dist-git'));
    expect(err.code).toBe('dirty-worktree');
    expect(err.message).toContain('d/new file');
    expect(err.next).toBe(`commit or stash your changes (git -C ${dir} stash -u), then re-run`);
  });

  it('resolveRef peels tags; tag is idempotent and refuses to move; branches and checkout', async () => {
    const dir = newRepo(tmp.make('refs'));
    const git = createGit(dir);
    writeFileSync(join(dir, 'f'), '1');
    const one = await commitAll(git, { message: 'one\n' });
    sh(dir, 'tag', '-a', '-m', 'annotated', 'v1');
    expect(await resolveRef(git, 'v1')).toBe(one);
    expect(await resolveRef(git, 'v1^{commit}')).toBe(one);
    await expect(resolveRef(git, 'v2')).rejects.toMatchObject({ code: 'ref-not-found' });
    await expect(resolveRef(git, '--all')).rejects.toMatchObject({ code: 'ref-not-found' });
    writeFileSync(join(dir, 'f'), '2');
    const two = await commitAll(git, { message: 'two\n' });
    await tag(git, 'upstream', one);
    await tag(git, 'upstream', one);
    await expect(tag(git, 'upstream', two)).rejects.toMatchObject({ code: 'git-failed' });
    await tag(git, 'upstream', two, { force: true });
    expect(await resolveRef(git, 'upstream')).toBe(two);
    await createBranch(git, 'old', one);
    await checkout(git, 'old');
    expect(await headSha(git)).toBe(one);
    await checkout(git, two, { create: 'newer' });
    expect(sh(dir, 'symbolic-ref', '--short', 'HEAD').trim()).toBe('newer');
    await expect(createBranch(git, 'bad..name', one)).rejects.toMatchObject({ code: 'usage' });
  });

  it('commitOfTag: a tag\'s commit from one rev-parse, exactly what resolveRef and refKind say; null for anything not plainly a tag', async () => {
    const dir = newRepo(tmp.make('tagcommit'));
    const git = createGit(dir);
    writeFileSync(join(dir, 'f'), '1');
    const one = await commitAll(git, { message: 'one\n' });
    sh(dir, 'tag', '-a', '-m', 'annotated', 'v1');
    sh(dir, 'tag', 'light', one);
    sh(dir, 'branch', 'br', one);
    sh(dir, 'tag', 'tree-tag', `${one}^{tree}`);
    sh(dir, 'update-ref', 'refs/tags/refs/tags/twice', one); // refs/tags/twice resolves to another ref
    sh(dir, 'tag', 'twice', one);
    for (const name of ['v1', 'light', 'refs/tags/v1']) {
      expect(await commitOfTag(git, name)).toBe(await resolveRef(git, `${name}^{commit}`));
      expect(await refKind(git, name)).toBe('tag');
    }
    for (const name of ['br', 'HEAD', 'missing', 'tree-tag', 'twice', one, 'v1..br', '-v1', 'v1@{0}', 'v1~0']) expect(await commitOfTag(git, name)).toBeNull();
  });

  it('repoGitDir: the git dir rev-parse --absolute-git-dir gives, for the top of a work tree only', async () => {
    const dir = newRepo(tmp.make('gitdir'));
    mkdirSync(join(dir, 'sub'));
    expect(await repoGitDir(dir)).toBe(sh(dir, 'rev-parse', '--absolute-git-dir').trim());
    expect(await repoGitDir(join(dir, 'sub'))).toBeNull();
    expect(await repoGitDir(join(dir, 'missing'))).toBeNull();
  });

  it('listFiles and readBlob handle odd names and binary content', async () => {
    const dir = newRepo(tmp.make('files'));
    const git = createGit(dir);
    const names = ['spa ce.txt', 'ünï.c', 'tab\there', 'new\nline'];
    for (const n of names) writeFileSync(join(dir, n), n);
    const bin = Buffer.from([0, 255, 1, 13, 10, 0]);
    writeFileSync(join(dir, 'bin.dat'), bin);
    // larger than many pipe reads, with what looks like a cat-file --batch header inside
    const big = Buffer.concat([Buffer.from('0123abcd blob 5\nxx\n'), ...Array.from({ length: 300 }, (_, i) => Buffer.alloc(4099, i))]);
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'big.bin'), big);
    await commitAll(git, { message: 'files\n' });
    const listed = await listFiles(git, 'HEAD');
    expect(listed.sort()).toEqual([...names, 'bin.dat', 'sub/big.bin'].sort());
    expect((await readBlob(git, 'HEAD', 'bin.dat')).equals(bin)).toBe(true);
    expect((await readBlob(git, 'HEAD', 'sub/big.bin')).equals(big)).toBe(true);
    await expect(readBlob(git, 'HEAD', 'sub')).rejects.toMatchObject({ code: 'git-failed' });
    expect((await readBlob(git, 'HEAD', 'new\nline')).toString()).toBe('new\nline');
    await expect(readBlob(git, 'HEAD', 'missing')).rejects.toMatchObject({ code: 'git-failed', file: 'missing' });
    await expect(readBlob(git, 'nope', 'bin.dat')).rejects.toMatchObject({ code: 'ref-not-found' });
  });

  it('checkoutTree moves a work tree whose index has stale stat data (a copied repo, a touched file) without refusing', async () => {
    const dir = newRepo(tmp.make('stale'));
    writeFileSync(join(dir, 'a.txt'), 'one\n');
    sh(dir, 'add', '-A');
    sh(dir, 'commit', '-q', '-m', 'one');
    const from = sh(dir, 'rev-parse', 'HEAD').trim();
    const blob = sh(dir, 'hash-object', '-w', '--stdin', '--path', 'a.txt').trim();
    const tree = execTree(dir, `100644 blob ${blob}\ta.txt\n`);
    utimesSync(join(dir, 'a.txt'), new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    await checkoutTree(createGit(dir), from, tree);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('');
    expect(sh(dir, 'write-tree').trim()).toBe(tree);
  });
});

function execTree(dir: string, listing: string): string {
  return execFileSync('git', ['mktree'], { cwd: dir, input: listing, encoding: 'utf8' }).trim();
}
