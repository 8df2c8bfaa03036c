import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalLookaside, findSourceFile, hashFile, type LookasideRef } from '../../src/lookaside/index.js';
import { CORPUS, rejectionOf, tempDirs } from '../git/helpers.js';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

const sha = (algo: string, data: string | Buffer) => createHash(algo).update(data).digest('hex');

function source(dir: string, name: string, content: string): { path: string; ref: (algo?: LookasideRef['algo']) => LookasideRef } {
  const path = join(dir, name);
  writeFileSync(path, content);
  return { path, ref: (algo = 'sha512') => ({ pkg: 'pkg', file: name, algo, hash: sha(algo, content) }) };
}

describe('hashFile', () => {
  it('streams the real lz4 tarball to the hash recorded in dist-git', async () => {
    const tarball = join(CORPUS, 'lz4', 'upstream', 'lz4-1.9.3.tar.gz');
    const recorded = readFileSync(join(CORPUS, 'lz4', 'distgit', '.lz4.metadata'), 'utf8').split(/\s+/)[0];
    expect(await hashFile(tarball, 'sha256')).toBe(recorded);
    for (const algo of ['md5', 'sha1', 'sha512'] as const) expect(await hashFile(tarball, algo)).toBe(sha(algo, readFileSync(tarball)));
  });
});

describe('createLocalLookaside', () => {
  it('fetches by plain name, Fedora layout and the old md5 layout, verifying the hash', async () => {
    const store = tmp.make('store');
    const out = tmp.make('out');
    const a = source(store, 'a-1.0.tar.gz', 'plain');
    const lookaside = createLocalLookaside(store);
    expect(lookaside.describe()).toContain(store);
    await lookaside.fetch(a.ref(), join(out, 'a.tar.gz'));
    expect(readFileSync(join(out, 'a.tar.gz'), 'utf8')).toBe('plain');

    const hashed = { pkg: 'pkg', file: 'b-2.0.tar.xz', algo: 'sha512' as const, hash: sha('sha512', 'fedora') };
    mkdirSync(join(store, 'pkg', hashed.file, 'sha512', hashed.hash), { recursive: true });
    writeFileSync(join(store, 'pkg', hashed.file, 'sha512', hashed.hash, hashed.file), 'fedora');
    expect(await lookaside.has(hashed)).toBe(true);
    await lookaside.fetch({ ...hashed, hash: hashed.hash.toUpperCase() }, join(out, 'sub', 'b.tar.xz'));
    expect(readFileSync(join(out, 'sub', 'b.tar.xz'), 'utf8')).toBe('fedora');

    const old = { pkg: 'pkg', file: 'c.tar.bz2', algo: 'md5' as const, hash: sha('md5', 'old') };
    mkdirSync(join(store, 'pkg', old.file, old.hash), { recursive: true });
    writeFileSync(join(store, 'pkg', old.file, old.hash, old.file), 'old');
    await lookaside.fetch(old, join(out, 'c'));
    expect(readFileSync(join(out, 'c'), 'utf8')).toBe('old');
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('hash-mismatch names both hashes; lookaside-missing lists where it looked', async () => {
    const store = tmp.make('store');
    writeFileSync(join(store, 'a.tar.gz'), 'other content');
    const lookaside = createLocalLookaside(store);
    const ref: LookasideRef = { pkg: 'pkg', file: 'a.tar.gz', algo: 'sha256', hash: sha('sha256', 'expected content') };
    expect(await lookaside.has(ref)).toBe(false);
    const dest = join(tmp.make('out'), 'a.tar.gz');
    const bad = await rejectionOf(lookaside.fetch(ref, dest));
    expect(bad.code).toBe('hash-mismatch');
    expect(bad.message).toContain(ref.hash);
    expect(bad.message).toContain(sha('sha256', 'other content'));
    expect(bad.next).toBeTruthy();
    expect(existsSync(dest)).toBe(false);
    const missing = await rejectionOf(lookaside.fetch({ ...ref, file: 'nope.tar.gz' }, dest));
    expect(missing.code).toBe('lookaside-missing');
    expect(missing.message).toContain(join(store, 'pkg', 'nope.tar.gz', 'sha256', ref.hash, 'nope.tar.gz'));
    expect(missing.message).toContain(join(store, 'nope.tar.gz'));
    expect(missing.next).toBe(`put nope.tar.gz in ${store} or pass --lookaside DIR`);
  });

  it('put writes the Fedora layout atomically, is idempotent, refuses wrong content and damaged objects', async () => {
    const store = tmp.make('store');
    const src = tmp.make('src');
    const a = source(src, 'a-1.0.tar.gz', 'upload me');
    const lookaside = createLocalLookaside(store);
    const ref = a.ref('sha512');
    await lookaside.put(ref, a.path);
    const object = join(store, 'pkg', ref.file, 'sha512', ref.hash, ref.file);
    expect(readFileSync(object, 'utf8')).toBe('upload me');
    expect(readdirSync(join(object, '..'))).toEqual([ref.file]);
    await lookaside.put(ref, a.path);
    expect(await lookaside.has(ref)).toBe(true);

    const wrong = source(src, 'w.tar.gz', 'not what the ref says');
    expect((await rejectionOf(lookaside.put({ ...ref, file: 'w.tar.gz' }, wrong.path))).code).toBe('hash-mismatch');

    writeFileSync(object, 'damaged');
    const damaged = await rejectionOf(lookaside.put(ref, a.path));
    expect(damaged.code).toBe('hash-mismatch');
    expect(readFileSync(object, 'utf8')).toBe('damaged');
  });

  it('refuses unsafe names from checksum files before touching the file system', async () => {
    const store = tmp.make('store');
    const lookaside = createLocalLookaside(store);
    const hash = sha('sha256', 'x');
    for (const file of ['../etc/passwd', 'a/b', '..', '.', '', 'a\0b']) {
      const err = await rejectionOf(lookaside.fetch({ pkg: 'pkg', file, algo: 'sha256', hash }, join(store, 'out')));
      expect(err.code, JSON.stringify(file)).toBe('bad-checksum-file');
    }
    expect((await rejectionOf(lookaside.has({ pkg: '../x', file: 'a', algo: 'sha256', hash }))).code).toBe('bad-checksum-file');
    expect((await rejectionOf(lookaside.has({ pkg: 'p', file: 'a', algo: 'sha256', hash: 'abc' }))).code).toBe('bad-checksum-file');
    expect((await rejectionOf(lookaside.has({ pkg: 'p', file: 'a', algo: 'sha256', hash: `../${hash.slice(3)}` }))).code).toBe('bad-checksum-file');
    expect(readdirSync(store)).toEqual([]);
  });
});

describe('findSourceFile', () => {
  it('prefers the dist-git directories, then fetches from the store', async () => {
    const distgit = tmp.make('distgit');
    const store = tmp.make('store');
    mkdirSync(join(distgit, 'SOURCES'));
    const inTree = source(join(distgit, 'SOURCES'), 'small.tar.gz', 'small');
    expect(await findSourceFile([join(distgit, 'SOURCES'), distgit], inTree.ref())).toEqual({ path: inTree.path, from: 'dir' });
    const inStore = source(store, 'big.tar.gz', 'big');
    const fetchTo = join(tmp.make('work'), 'big.tar.gz');
    const found = await findSourceFile([join(distgit, 'SOURCES')], inStore.ref(), { store: createLocalLookaside(store), fetchTo });
    expect(found).toEqual({ path: fetchTo, from: 'store' });
    expect(readFileSync(fetchTo, 'utf8')).toBe('big');
    writeFileSync(inTree.path, 'edited');
    expect((await rejectionOf(findSourceFile([join(distgit, 'SOURCES')], inTree.ref()))).code).toBe('hash-mismatch');
    expect((await rejectionOf(findSourceFile([distgit], { ...inTree.ref(), file: 'none.tgz' }))).code).toBe('lookaside-missing');
  });
});
