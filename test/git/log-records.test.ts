import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGit, diffsForCommits, diffsForRangeRaw } from '../../src/git/index.js';
import { logRecordSplitter } from '../../src/git/log-records.js';
import { newRepo, sh, tempDirs } from './helpers.js';

const tmp = tempDirs();
afterAll(() => tmp.cleanup());

/** A small deterministic generator (the test must be repeatable). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const PIECES = ['a', 'diff --git a/x b/x\n', '\n', '+é', '-€', '𝄞', '\r\n', '\0'].map((s) => Buffer.from(s, 'utf8'))
  .concat([Buffer.from([0xff]), Buffer.from([0xc3]), Buffer.from([0xe2, 0x82]), Buffer.from([0xf0, 0x9d, 0x84]), Buffer.from([0xe9])]);

describe('logRecordSplitter: git log records split and decoded as they stream', () => {
  it('gives what decoding each whole record would give, however the output is chunked', () => {
    const marker = Buffer.from('\0\0distsync-0123456789abcdef\0', 'latin1');
    const next = rng(42);
    for (let round = 0; round < 300; round += 1) {
      const want = new Map<string, string>();
      const parts: Buffer[] = [];
      const records = Math.floor(next() * 4);
      for (let r = 0; r < records; r += 1) {
        const sha = (round * 10 + r).toString(16).padStart(40, '0');
        const body: Buffer[] = [];
        const n = Math.floor(next() * 60);
        for (let k = 0; k < n; k += 1) body.push(PIECES[Math.floor(next() * PIECES.length)]!);
        while (body.length > 0 && body[0]![0] === 0x0a) body.shift(); // the record's text starts after its blank lines
        const bytes = Buffer.concat(body);
        want.set(sha, bytes.toString('utf8'));
        parts.push(marker, Buffer.from(`${sha}\n${'\n'.repeat(Math.floor(next() * 3))}`, 'latin1'), bytes);
      }
      const out = Buffer.concat(parts);
      const split = logRecordSplitter(marker);
      for (let at = 0; at < out.length; ) {
        const size = next() < 0.1 ? out.length : 1 + Math.floor(next() * 40);
        split.write(out.subarray(at, at + size));
        at += size;
      }
      expect(split.end()).toEqual(want);
    }
  });
});

describe('diffsForCommits on real git output larger than a pipe read', () => {
  it('equals the raw diffs decoded whole, multi-byte characters and Latin-1 bytes included', async () => {
    const dir = newRepo(tmp.make('log-records'));
    writeFileSync(join(dir, 'a.txt'), 'start\n');
    writeFileSync(join(dir, 'latin1.txt'), 'x\n');
    sh(dir, 'add', '-A');
    sh(dir, 'commit', '-q', '-m', 'base');
    // ~600 KB of diff: every 64 KB pipe read ends somewhere inside a line, often inside a character
    writeFileSync(join(dir, 'a.txt'), Array.from({ length: 12000 }, (_, i) => `line ${i} é€𝄞 ${'ü'.repeat(i % 7)}`).join('\n') + '\n');
    sh(dir, 'commit', '-q', '-a', '-m', 'big');
    writeFileSync(join(dir, 'latin1.txt'), Buffer.from('caf\xe9\n', 'latin1'));
    sh(dir, 'commit', '-q', '-a', '-m', 'latin-1');
    sh(dir, 'commit', '-q', '--allow-empty', '-m', 'empty');
    const git = createGit(dir);
    const shas = sh(dir, 'rev-list', '--reverse', 'HEAD~3..HEAD').trim().split('\n');
    const raw = await diffsForRangeRaw(git, 'HEAD~3..HEAD');
    const got = await diffsForCommits(git, shas);
    expect([...got.keys()]).toEqual(shas);
    for (const sha of shas) expect(got.get(sha)).toBe(raw.get(sha)!.toString('utf8'));
    expect(Buffer.byteLength(got.get(shas[0]!)!)).toBeGreaterThan(300_000);
    expect(got.get(shas[2]!)).toBe('');
  });
});
