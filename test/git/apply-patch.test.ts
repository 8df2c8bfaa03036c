import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DistsyncError } from '../../src/core/errors.js';
import { extractTarball } from '../../src/archive/index.js';
import { amPatch, applyPatch, commitAll, createGit, headSha, isClean, readBlob } from '../../src/git/index.js';
import { CORPUS, newRepo, sh, tempDirs, rejectionOf } from './helpers.js';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

async function repoWith(files: Record<string, string>) {
  const dir = newRepo(tmp.make('apply'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const git = createGit(dir);
  await commitAll(git, { message: 'base\n', force: true });
  return { dir, git };
}

/** git apply says "corrupt patch" for a context line that starts with a tab; GNU patch takes it. */
const TAB_CONTEXT = '--- a/f.c\n+++ b/f.c\n@@ -1,4 +1,4 @@\n one\n\ttwo\n-three\n+THREE\n four\n';

describe('applyPatch', () => {
  it('falls back to GNU patch when git apply refuses, and stages the result', async () => {
    const { dir, git } = await repoWith({ 'f.c': 'one\n\ttwo\nthree\nfour\n' });
    expect((await applyPatch(git, TAB_CONTEXT, { strip: 1 })).method).toBe('gnu-patch');
    expect(sh(dir, 'diff', '--cached', '--name-only').trim()).toBe('f.c');
    expect(sh(dir, 'status', '--porcelain').trim()).toBe('M  f.c');
    expect(readFileSync(join(dir, 'f.c'), 'utf8')).toBe('one\n\ttwo\nTHREE\nfour\n');
  });

  it('GNU patch fallback honours the directory and stages new files even when .gitignore matches them', async () => {
    const { dir, git } = await repoWith({ 'sub/f.c': 'one\n\ttwo\nthree\nfour\n', '.gitignore': '*.gen\n' });
    const patch =
      TAB_CONTEXT +
      '--- /dev/null\n+++ b/made.gen\n@@ -0,0 +1 @@\n+generated\n';
    expect((await applyPatch(git, patch, { strip: 1, directory: 'sub' })).method).toBe('gnu-patch');
    expect(sh(dir, 'status', '--porcelain').split('\n').filter(Boolean).sort()).toEqual(['A  sub/made.gen', 'M  sub/f.c']);
  });

  it('keeps CRLF bytes through both methods', async () => {
    const { dir, git } = await repoWith({ 'w.txt': 'a\r\nb\r\nc\r\n', 'f.c': 'one\n\ttwo\nthree\nfour\n' });
    const crlfPatch = 'diff --git a/w.txt b/w.txt\n--- a/w.txt\n+++ b/w.txt\n@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\r\n';
    expect((await applyPatch(git, Buffer.from(crlfPatch), { strip: 1 })).method).toBe('git-apply');
    const sha = await commitAll(git, { message: 'crlf\n' });
    expect((await readBlob(git, sha, 'w.txt')).toString()).toBe('a\r\nB\r\nc\r\n');
    const gnuOnly = TAB_CONTEXT + '--- a/w.txt\n+++ b/w.txt\n@@ -1,3 +1,3 @@\n a\r\n-B\r\n+b2\r\n c\r\n';
    expect((await applyPatch(git, gnuOnly, { strip: 1 })).method).toBe('gnu-patch');
    expect(readFileSync(join(dir, 'w.txt'), 'latin1')).toBe('a\r\nb2\r\nc\r\n');
  });

  it('a patch that applies nowhere: bad-patch with both reasons, tree untouched', async () => {
    const { git } = await repoWith({ 'f.c': 'one\ntwo\nthree\n', 'g.c': 'x\n' });
    const bad = '--- a/g.c\n+++ b/g.c\n@@ -1 +1 @@\n-x\n+y\n--- a/f.c\n+++ b/f.c\n@@ -1,3 +1,3 @@\n one\n-TWO\n+2\n three\n';
    const err = await rejectionOf(applyPatch(git, bad, { strip: 1 }));
    expect(err).toBeInstanceOf(DistsyncError);
    expect(err.code).toBe('bad-patch');
    expect(err.message).toMatch(/git apply: error: patch failed: f\.c:1/);
    expect(err.message).toMatch(/GNU patch: .*FAILED/s);
    expect(err.next).toBeTruthy();
    expect(await isClean(git)).toBe(true); // g.c was not half-patched
  });

  it('refuses directories outside the tree and silly strip levels', async () => {
    const { git } = await repoWith({ 'f.c': 'x\n' });
    await expect(applyPatch(git, TAB_CONTEXT, { strip: 1, directory: '../x' })).rejects.toMatchObject({ code: 'bad-patch' });
    await expect(applyPatch(git, TAB_CONTEXT, { strip: 1, directory: '/etc' })).rejects.toMatchObject({ code: 'bad-patch' });
    await expect(applyPatch(git, TAB_CONTEXT, { strip: -1 })).rejects.toMatchObject({ code: 'bad-patch' });
  });
});

describe('amPatch', () => {
  async function lz4Repo() {
    const dir = newRepo(tmp.make('am'));
    await extractTarball(join(CORPUS, 'lz4', 'upstream', 'lz4-1.9.3.tar.gz'), dir, { stripComponents: 1 });
    const git = createGit(dir);
    await commitAll(git, { message: 'lz4 1.9.3\n', force: true });
    return { dir, git };
  }

  it('commits an mbox patch with its author, date and message', async () => {
    const { dir, git } = await lz4Repo();
    const patch = readFileSync(join(CORPUS, 'lz4', 'distgit', 'SOURCES', 'lz4-cve-2021-3520.patch'));
    const sha = await amPatch(git, patch);
    expect(sha).toBe(await headSha(git));
    expect(sh(dir, 'log', '-1', '--format=%an <%ae>|%aI|%s')).toBe('Jasper Lievisse Adriaanse <j@jasper.la>|2021-02-26T15:21:20+01:00|Fix potential memory corruption with negative memmove() size\n');
    expect(await isClean(git)).toBe(true);
  });

  it('returns null and leaves the repo as it was for `From: IBM developers` (no address) and for non-mail patches', async () => {
    const dir = newRepo(tmp.make('am-ibm'));
    await extractTarball(join(CORPUS, 'zlib', 'upstream', 'zlib-1.2.11.tar.xz'), dir, { stripComponents: 1 });
    const git = createGit(dir);
    await commitAll(git, { message: 'zlib\n', force: true });
    const sources = join(CORPUS, 'zlib', 'distgit', 'SOURCES');
    await applyPatch(git, readFileSync(join(sources, 'zlib-1.2.5-minizip-fixuncrypt.patch')), { strip: 1 });
    await commitAll(git, { message: 'p0\n' });
    expect(await amPatch(git, readFileSync(join(sources, 'zlib-1.2.11-Limit-hash-table-inserts.patch')))).toMatch(/^[0-9a-f]{40}$/);
    const before = await headSha(git);
    const ibm = readFileSync(join(sources, 'zlib-1.2.11-IBM-Z-hw-accelrated-deflate-s390x.patch'));
    expect(ibm.toString('utf8')).toMatch(/^From: IBM developers$/m);
    expect(await amPatch(git, ibm)).toBeNull();
    expect(await headSha(git)).toBe(before);
    expect(await isClean(git)).toBe(true);
    expect(await amPatch(git, TAB_CONTEXT)).toBeNull();
    expect(await isClean(git)).toBe(true);
    // The caller's fallback: apply + commit with the author from the mail (empty e-mail kept).
    await applyPatch(git, ibm, { strip: 1 });
    await commitAll(git, { message: 'IBM Z hardware-accelerated deflate\n', author: { name: 'IBM developers', email: '' } });
    expect(sh(dir, 'log', '-1', '--format=%an <%ae>')).toBe('IBM developers <>\n');
  });
});
