import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checksumKindFor,
  hashAlgoForLength,
  parseChecksumFile,
  preferredAlgo,
  printChecksumFile,
  removeChecksumEntry,
  upsertChecksumEntry,
  type ChecksumKind,
} from '../../../src/core/lookaside/index.js';
import { CORPUS } from '../../helpers/corpus.js';
import { thrown } from '../../helpers/thrown.js';

const H = (c: string, n: number) => c.repeat(n);

/** The real checksum files of the corpus (fixtures/corpus, verbatim from dist-git). */
const REAL: [string, string, ChecksumKind, string, string][] = [
  ['lz4', 'lz4/distgit/.lz4.metadata', 'centos-metadata', 'lz4-1.9.3.tar.gz', 'sha256'],
  ['zstd', 'zstd/distgit/.zstd.metadata', 'centos-metadata', 'zstd-1.5.1.tar.gz', 'sha256'],
  ['jq', 'jq/distgit/.jq.metadata', 'centos-metadata', 'jq-1.6.tar.gz', 'sha256'],
  ['zlib', 'zlib/distgit/.zlib.metadata', 'centos-metadata', 'zlib-1.2.11.tar.xz', 'sha256'],
  ['zstd-fedora', 'zstd-fedora/distgit/sources', 'fedora-sources', 'zstd-1.5.2.tar.gz', 'sha512'],
];

const err = thrown;

describe('real checksum files round-trip', () => {
  it.each(REAL)('%s', (_pkg, rel, kind, file, algo) => {
    const text = readFileSync(join(CORPUS, rel), 'utf8');
    const name = rel.split('/').pop()!;
    expect(checksumKindFor(name)).toBe(kind);
    const parsed = parseChecksumFile(text, kind, name);
    expect(parsed.entries).toHaveLength(1);
    expect(parsed.entries[0]).toMatchObject({ file, algo, line: 1, path: kind === 'fedora-sources' ? file : `SOURCES/${file}` });
    expect(printChecksumFile(parsed)).toBe(text);
  });

  it('lz4: the recorded sha256 is the one of the reproduced tarball', async () => {
    const { createHash } = await import('node:crypto');
    const f = parseChecksumFile(readFileSync(join(CORPUS, 'lz4/distgit/.lz4.metadata'), 'utf8'), 'centos-metadata', '.lz4.metadata');
    const tarball = readFileSync(join(CORPUS, 'lz4/upstream/lz4-1.9.3.tar.gz'));
    expect(createHash('sha256').update(tarball).digest('hex')).toBe(f.entries[0]!.hash);
  });
});

describe('parseChecksumFile', () => {
  it('Fedora: tagged SHA512/SHA256/SHA1/MD5 and old md5 lines, blank lines, CRLF, no final newline', () => {
    const text = [`SHA512 (a.tar.gz) = ${H('a', 128)}`, '', `MD5 (b file.zip) = ${H('b', 32)}`, `${H('c', 32)}  old.tar.bz2`, `SHA1 (d) = ${H('d', 40)}`, `SHA256 (e) = ${H('e', 64)}`].join('\r\n');
    const f = parseChecksumFile(text, 'fedora-sources', 'sources');
    expect(f.eol).toBe('\r\n');
    expect(f.entries.map((e) => [e.file, e.algo, e.line])).toEqual([
      ['a.tar.gz', 'sha512', 1],
      ['b file.zip', 'md5', 3],
      ['old.tar.bz2', 'md5', 4],
      ['d', 'sha1', 5],
      ['e', 'sha256', 6],
    ]);
    expect(printChecksumFile(f)).toBe(text);
  });

  it('CentOS: sha1 (classic) and sha256 (OpenELA) by length; checksums: sha512 too', () => {
    const text = `${H('1', 40)} SOURCES/a.tar.gz\n${H('2', 64)} SOURCES/b.tar.gz\n`;
    const f = parseChecksumFile(text, 'centos-metadata', '.x.metadata');
    expect(f.entries.map((e) => e.algo)).toEqual(['sha1', 'sha256']);
    expect(printChecksumFile(f)).toBe(text);
    const c = parseChecksumFile(`${H('3', 128)} SOURCES/c.tar.gz\n`, 'checksums', 'checksums');
    expect(c.entries[0]).toMatchObject({ algo: 'sha512', file: 'c.tar.gz' });
  });

  it('an empty file (redhat-rpm-config has one) has no entries and prints empty', () => {
    const f = parseChecksumFile('', 'centos-metadata', '.redhat-rpm-config.metadata');
    expect(f.entries).toEqual([]);
    expect(printChecksumFile(f)).toBe('');
  });

  it.each([
    ['fedora-sources', 'SHA512 (x) = abc', 1, /128 hex digits/],
    ['fedora-sources', `SHA384 (x) = ${H('a', 96)}`, 1, /unknown hash type/],
    ['fedora-sources', 'just words', 1, /SHA512 \(name-1\.0\.tar\.gz\)/],
    ['fedora-sources', `\nSHA512 (x) = ${H('A', 128)}`, 2, /lowercase/],
    ['centos-metadata', `${H('a', 63)} SOURCES/x`, 1, /63 characters/],
    ['centos-metadata', `${H('a', 64)}`, 1, /not a checksum line/],
    ['centos-metadata', `${H('a', 64)} SOURCES/x\n${H('b', 64)} SOURCES/x`, 2, /listed twice/],
    ['centos-metadata', `${H('a', 64)} SOURCES/../../etc/passwd`, 1, /refusing/],
    ['centos-metadata', `${H('a', 64)} /etc/passwd`, 1, /absolute/],
    ['fedora-sources', `SHA512 (a\0b) = ${H('a', 128)}`, 1, /control/],
    ['checksums', `${H('g', 64)} x`, 1, /lowercase hex/],
  ] as const)('%s %j -> bad-checksum-file on line %i', (kind, text, line, message) => {
    const e = err(() => parseChecksumFile(text, kind, 'the-file'));
    expect(e.code).toBe('bad-checksum-file');
    expect(e.file).toBe('the-file');
    expect(e.line).toBe(line);
    expect(e.message).toMatch(message);
    expect(e.next).toBeTruthy();
  });
});

describe('upsertChecksumEntry', () => {
  it('replaces an entry in place, keeping its directory and style (CentOS)', () => {
    const f = parseChecksumFile(`${H('1', 64)} SOURCES/lz4-1.9.3.tar.gz\n${H('2', 64)} SOURCES/extra.txt\n`, 'centos-metadata', '.lz4.metadata');
    const g = upsertChecksumEntry(f, { file: 'lz4-1.9.4.tar.gz', algo: 'sha256', hash: H('9', 64), replaces: 'lz4-1.9.3.tar.gz' });
    expect(printChecksumFile(g)).toBe(`${H('9', 64)} SOURCES/lz4-1.9.4.tar.gz\n${H('2', 64)} SOURCES/extra.txt\n`);
    expect(f.entries[0]!.file).toBe('lz4-1.9.3.tar.gz'); // input untouched
  });

  it('appends with the conventions of the file; Fedora new entries are tagged', () => {
    const fedora = parseChecksumFile(`SHA512 (a.tar.gz) = ${H('a', 128)}\n`, 'fedora-sources', 'sources');
    const g = upsertChecksumEntry(fedora, { file: 'b.tar.gz', algo: 'sha512', hash: H('b', 128) });
    expect(printChecksumFile(g)).toBe(`SHA512 (a.tar.gz) = ${H('a', 128)}\nSHA512 (b.tar.gz) = ${H('b', 128)}\n`);
    expect(g.entries[1]!.line).toBe(2);
    const old = parseChecksumFile(`${H('c', 32)}  old.tar.gz\n`, 'fedora-sources', 'sources');
    expect(printChecksumFile(upsertChecksumEntry(old, { file: 'old.tar.gz', algo: 'sha512', hash: H('d', 128) }))).toBe(`SHA512 (old.tar.gz) = ${H('d', 128)}\n`);
    expect(printChecksumFile(upsertChecksumEntry(old, { file: 'n.tar.gz', algo: 'md5', hash: H('e', 32) }))).toBe(`${H('c', 32)}  old.tar.gz\n${H('e', 32)}  n.tar.gz\n`);
  });

  it('into an empty file: Fedora tagged at the root, CentOS under SOURCES/', () => {
    const empty = (kind: ChecksumKind) => parseChecksumFile('', kind, 'f');
    expect(printChecksumFile(upsertChecksumEntry(empty('fedora-sources'), { file: 'x.tgz', algo: 'sha512', hash: H('f', 128) }))).toBe(`SHA512 (x.tgz) = ${H('f', 128)}\n`);
    expect(printChecksumFile(upsertChecksumEntry(empty('centos-metadata'), { file: 'x.tgz', algo: 'sha256', hash: H('f', 64) }))).toBe(`${H('f', 64)} SOURCES/x.tgz\n`);
  });

  it('refuses bad names and digests; remove and preferredAlgo', () => {
    const f = parseChecksumFile(`${H('1', 40)} SOURCES/a\n${H('2', 64)} SOURCES/b\n${H('3', 64)} SOURCES/c\n`, 'centos-metadata', '.x.metadata');
    expect(preferredAlgo(f)).toBe('sha256');
    expect(preferredAlgo(parseChecksumFile('', 'fedora-sources', 'sources'))).toBe('sha512');
    expect(err(() => upsertChecksumEntry(f, { file: '../x', algo: 'sha256', hash: H('a', 64) })).code).toBe('bad-checksum-file');
    expect(err(() => upsertChecksumEntry(f, { file: 'x', algo: 'sha256', hash: H('A', 64) })).code).toBe('bad-checksum-file');
    expect(err(() => upsertChecksumEntry(f, { file: 'x', algo: 'sha1', hash: H('a', 64) })).code).toBe('bad-checksum-file');
    expect(removeChecksumEntry(f, 'b').entries.map((e) => [e.file, e.line])).toEqual([
      ['a', 1],
      ['c', 2],
    ]);
  });
});

describe('small helpers', () => {
  it('hashAlgoForLength and checksumKindFor', () => {
    expect([32, 40, 64, 128, 96].map(hashAlgoForLength)).toEqual(['md5', 'sha1', 'sha256', 'sha512', null]);
    expect(checksumKindFor('sources')).toBe('fedora-sources');
    expect(checksumKindFor('.python-pip.metadata')).toBe('centos-metadata');
    expect(checksumKindFor('checksums')).toBe('checksums');
    expect(checksumKindFor('some/dir/sources')).toBe('fedora-sources');
    expect(checksumKindFor('zlib.spec')).toBeNull();
    expect(checksumKindFor('.metadata')).toBeNull();
  });
});
