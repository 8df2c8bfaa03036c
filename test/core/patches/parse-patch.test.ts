import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePatch, type PatchFormat } from '../../../src/core/patches/index.js';
import { DistsyncError } from '../../../src/core/errors.js';
import { CORPUS } from '../../helpers/corpus.js';

/** The end of a one-file git format-patch mail: diffstat, a one-line diff of f, git's signature. */
const DIFFSTAT_AND_ONE_LINE_DIFF = ['---', ' f | 1 +', '', 'diff --git a/f b/f', '--- a/f', '+++ b/f', '@@ -1 +1,2 @@', ' a', '+b', '-- ', '2.39.5', ''];

/** Every real patch of the corpus (fixtures/corpus, copied verbatim from the dist-git repos named in each NOTES.md). */
const PACKAGES: Record<string, string> = {
  zlib: 'zlib/distgit/SOURCES',
  jq: 'jq/distgit/SOURCES',
  lz4: 'lz4/distgit/SOURCES',
  zstd: 'zstd/distgit/SOURCES',
  'zstd-fedora': 'zstd-fedora/distgit',
};

/** patch-formats.tsv's header style → our PatchFormat ('diff -r' / 'plain-unified' are both unified diffs). */
function expectedFormat(tsv: string): PatchFormat {
  const first = tsv.split(',')[0]!;
  if (first.startsWith('git-format-patch')) return 'mbox';
  if (first === 'mail-headers') return 'mail';
  if (first.startsWith('git-show')) return 'git-show';
  if (first === 'git-diff') return 'git-diff';
  if (first.startsWith('gendiff')) return 'gendiff';
  if (first === 'plain-unified' || first === 'diff -r') return 'unified';
  throw new Error(`unknown format in tsv: ${tsv}`);
}

function tsvRows(pkg: string): { patch: string; format: string; files: number; crlf: boolean }[] {
  const text = readFileSync(join(CORPUS, pkg, 'patch-formats.tsv'), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .map(([patch, format, , files, crlf]) => ({ patch: patch!, format: format!, files: Number(files), crlf: crlf === 'True' }));
}

const read = (pkg: string, patch: string) => readFileSync(join(CORPUS, PACKAGES[pkg]!, patch), 'utf8');

describe('parsePatch on every corpus patch (checked against patch-formats.tsv)', () => {
  for (const pkg of Object.keys(PACKAGES)) {
    const rows = tsvRows(pkg);
    it(`${pkg}: the tsv lists every patch in the directory`, () => {
      const onDisk = readdirSync(join(CORPUS, PACKAGES[pkg]!)).filter((f) => f.endsWith('.patch')).sort();
      expect(rows.map((r) => r.patch).sort()).toEqual(onDisk);
    });
    for (const row of rows) {
      it(`${pkg}/${row.patch}: ${row.format}, ${row.files} files`, () => {
        const text = read(pkg, row.patch);
        const p = parsePatch(text, row.patch);
        expect(p.format).toBe(expectedFormat(row.format));
        expect(p.files).toHaveLength(row.files);
        expect(p.diff.includes('\r\n')).toBe(row.crlf);
        // the diff is a byte-exact tail of the file (a signature may be cut off)
        const at = text.indexOf(p.diff);
        expect(at).toBeGreaterThanOrEqual(0);
        expect(text.slice(at + p.diff.length)).toMatch(/^(|-- \n\d+\.\d+\.\d+\n\n)$/);
        expect(p.diff).toMatch(/^(diff |--- |Index: )/);
      });
    }
  }
});

describe('parsePatch headers of real patches', () => {
  it('zlib: 22 patches in 5 formats', () => {
    const counts: Record<string, number> = {};
    for (const f of readdirSync(join(CORPUS, PACKAGES.zlib!)).filter((f) => f.endsWith('.patch'))) {
      const fmt = parsePatch(read('zlib', f), f).format;
      counts[fmt] = (counts[fmt] ?? 0) + 1;
    }
    expect(counts).toEqual({ mbox: 14, mail: 2, 'git-diff': 3, unified: 2, gendiff: 1 });
  });

  it.each([
    ['zlib-1.2.11-Add-Power8-optimized-crc32.patch', 'Ilya Leoshkevich', 'iii@linux.ibm.com', '0002-PATCH-Add-Power8-optimized-crc32.patch'],
    ['zlib-1.2.11-CVE-2018-25032.patch', 'Mark Adler', 'madler@alumni.caltech.edu', 'Fix a bug that can crash deflate on some input when using Z_FIXED.'],
    ['zlib-1.2.11-Fix-broken-libxml2-for-python311.patch', 'Ilya Leoshkevich', 'iii@linux.ibm.com', '2155328'],
    ['zlib-1.2.11-Fix-clang-s-behavior-on-versions-7.patch', 'Ilya Leoshkevich', 'iii@linux.ibm.com', '0003-PATCH-Fix-clang-s-behavior-on-versions-7.patch'],
    ['zlib-1.2.11-IBM-DFLTCC-compression-level-switching-issues.patch', undefined, undefined, 'Fixed DFLTCC compression level switching issues'],
    ['zlib-1.2.11-IBM-Z-hw-accelrated-deflate-fix.patch', 'Ondrej Dubaj', 'odubaj@redhat.com', 'Fix for Z hardware-accelerated deflate for s390x'],
    ['zlib-1.2.11-IBM-Z-hw-accelrated-deflate-s390x.patch', 'IBM developers', '', 'Add support for IBM Z hardware-accelerated deflate'],
    ['zlib-1.2.11-Limit-hash-table-inserts.patch', 'Mark Adler', 'madler@alumni.caltech.edu', 'Limit hash table inserts after switch from stored deflate.'],
    ['zlib-1.2.11-Preparation-for-Power-optimizations.patch', 'Ilya Leoshkevich', 'iii@linux.ibm.com', '0001-PATCH-Preparation-for-Power-optimizations.patch'],
    ['zlib-1.2.11-covscan-issues-rhel9.patch', 'Ondrej Dubaj', 'odubaj@redhat.com', 'fixed isues found by covscan'],
    ['zlib-1.2.11-covscan-issues.patch', 'Ondrej Dubaj', 'odubaj@redhat.com', 'fixed covscan issues'],
    ['zlib-1.2.11-cve-2022-37434.patch', 'Mark Adler', 'fork@madler.net', 'Fix a bug when getting a gzip header extra field with inflate().'],
    ['zlib-1.2.11-cve-2022-37434_2.patch', 'Mark Adler', 'fork@madler.net', 'Fix extra field processing bug that dereferences NULL state->head.'],
    ['zlib-1.2.11-inflateSyncPoint-return-value-fix.patch', undefined, undefined, 'Fixed inflateSyncPoint() bad return value on z15'],
    ['zlib-1.2.11-permit-deflateParams-change.patch', 'Ondrej Dubaj', 'odubaj@redhat.com', 'Permit a deflateParams() parameter change.'],
    ['zlib-1.2.11-s390x-vectorize-crc32.patch', 'Ilya Leoshkevich', 'iii@linux.ibm.com', 's390x: vectorize crc32'],
  ])('zlib %s: author %s <%s>, subject %j', (file, name, email, subject) => {
    const p = parsePatch(read('zlib', file), file);
    expect(p.author).toEqual(name === undefined ? undefined : { name, email });
    expect(p.subject).toBe(subject);
    const from = /^From ([0-9a-f]{40}) /.exec(read('zlib', file));
    expect(p.fromSha).toBe(from?.[1]);
  });

  it('lz4 and zstd mbox headers', () => {
    expect(parsePatch(read('lz4', 'lz4-cve-2021-3520.patch'))).toMatchObject({
      format: 'mbox',
      fromSha: '8301a21773ef61656225e264f4f06ae14462bca7',
      author: { name: 'Jasper Lievisse Adriaanse', email: 'j@jasper.la' },
      date: 'Fri, 26 Feb 2021 15:21:20 +0100',
      subject: 'Fix potential memory corruption with negative memmove() size',
      body: '',
    });
    for (const pkg of ['zstd', 'zstd-fedora']) {
      const p = parsePatch(read(pkg, 'pzstd.1.patch'));
      expect(p).toMatchObject({ format: 'unified', body: '' });
      expect(p.author).toBeUndefined();
      expect(p.subject).toBeUndefined();
    }
  });

  it('mbox: From <sha>, author, date, folded subject without [PATCH], body, signature cut', () => {
    const text = read('zlib', 'zlib-1.2.11-CVE-2018-25032.patch');
    const p = parsePatch(text);
    expect(p.fromSha).toBe('5c44459c3b28a9bd3283aaceab7c615f8020c531');
    expect(p.author).toEqual({ name: 'Mark Adler', email: 'madler@alumni.caltech.edu' });
    expect(p.date).toBe('Tue, 17 Apr 2018 22:09:22 -0700');
    expect(p.subject).toBe('Fix a bug that can crash deflate on some input when using Z_FIXED.');
    expect(p.body.startsWith('This bug was reported by Danilo Ramos of Eideticom, Inc. It has\nlain in wait')).toBe(true);
    expect(p.body.endsWith('since there are four bytes of pending space for every three bytes\nof symbol space.')).toBe(true);
    expect(p.diff.startsWith('diff --git a/deflate.c b/deflate.c\n')).toBe(true);
    expect(p.diff.endsWith(' }\n')).toBe(true);
    expect(text.endsWith(`${p.diff}-- \n2.34.1\n\n`)).toBe(true);
    expect(p.files.map((f) => f.newPath)).toEqual(['b/deflate.c', 'b/deflate.h', 'b/trees.c']);
  });

  it("mbox with 'From: IBM developers' (no e-mail, git am fails on it) keeps the name", () => {
    const p = parsePatch(read('zlib', 'zlib-1.2.11-IBM-Z-hw-accelrated-deflate-s390x.patch'));
    expect(p.format).toBe('mbox');
    expect(p.fromSha).toBe('4e65ca20fc242e4a03471558a357d7809adeb9c4');
    expect(p.author).toEqual({ name: 'IBM developers', email: '' });
    expect(p.subject).toBe('Add support for IBM Z hardware-accelerated deflate');
    expect(p.body).toContain('    $ CFLAGS=-DDFLTCC ./configure'); // indentation in the body is kept
  });

  it('RFC 822 quoted names: From: "H.J. Lu" <…>', () => {
    const p = parsePatch(read('zstd', 'enable-CET.patch'));
    expect(p.author).toEqual({ name: 'H.J. Lu', email: 'hjl.tools@gmail.com' });
    expect(p.subject).toBe('x86-64: Enable Intel CET');
    expect(p.body).toContain('\n\nhttps://en.wikipedia.org/wiki/Control-flow_integrity#Intel_Control-flow_Enforcement_Technology\n\n');
  });

  it('mail headers without a From <sha> line', () => {
    const p = parsePatch(read('zlib', 'zlib-1.2.11-inflateSyncPoint-return-value-fix.patch'));
    expect(p).toMatchObject({ format: 'mail', subject: 'Fixed inflateSyncPoint() bad return value on z15', body: '' });
    expect(p.author).toBeUndefined();
    expect(p.fromSha).toBeUndefined();
  });

  it('git show output: commit/Author/Date and an indented message (jq 0003)', () => {
    const p = parsePatch(read('jq', '0003-fix-pthread-segfault.patch'));
    expect(p.format).toBe('git-show');
    expect(p.fromSha).toBe('fead9669cb67badb22789d3ed1888779ed85c679');
    expect(p.author).toEqual({ name: 'Tomas Halman', email: 'thalman@redhat.com' });
    expect(p.date).toBe('Thu Mar 9 11:34:44 2023 +0100');
    expect(p.subject).toBe('Test that jq works in threads');
    expect(p.body).toBe('This patch implements test that searches a key in simple\njson in pthread.');
    expect(p.diff.startsWith('diff -up jq-1.6/src/jq_test.c.orig jq-1.6/src/jq_test.c\n')).toBe(true);
    expect(p.files[0]).toEqual({ oldPath: 'jq-1.6/src/jq_test.c.orig', newPath: 'jq-1.6/src/jq_test.c', binary: false });
  });

  it('free text before a git diff (jq 0002) becomes the body', () => {
    const p = parsePatch(read('jq', '0002-add-mantest.patch'));
    expect(p.format).toBe('git-diff');
    expect(p.subject).toBeUndefined();
    expect(p.body).toBe('man.test from commit 50a7022ea68fb37faefdcd7a35661df72fbfd655');
    expect(p.files).toEqual([{ oldPath: null, newPath: 'b/tests/man.test', binary: false }]);
  });

  it('gendiff (jq 0001) keeps the .iteration names as written', () => {
    const p = parsePatch(read('jq', '0001-iterration-problem-for-non-decimal-string.patch'));
    expect(p.format).toBe('gendiff');
    expect(p.body).toBe('');
    expect(p.files).toEqual([
      { oldPath: 'jq-1.6/src/jv.c.iteration', newPath: 'jq-1.6/src/jv.c', binary: false },
      { oldPath: 'jq-1.6/tests/optional.test.iteration', newPath: 'jq-1.6/tests/optional.test', binary: false },
    ]);
  });

  it('the 1.3 MB diff -Naur patch with CRLF content (jq) is kept byte for byte; epoch time stamps mean new files', () => {
    const text = read('jq', 'jq-decimal-literal-number.patch');
    const p = parsePatch(text);
    expect(p.format).toBe('unified');
    expect(p.diff).toBe(text);
    expect(p.files).toHaveLength(54);
    const created = text.split('\n').filter((l) => /^--- \S+\t1969-12-31 /.test(l)).length;
    expect(created).toBe(38);
    expect(p.files.filter((f) => f.oldPath === null)).toHaveLength(created);
    expect(p.files.filter((f) => f.oldPath === null && f.newPath!.startsWith('b/src/decNumber/')).length).toBeGreaterThanOrEqual(31);
    expect(p.files[0]).toEqual({ oldPath: 'a/configure.ac', newPath: 'b/configure.ac', binary: false });
  });

  it('plain unified without any header; "\\ No newline" kept', () => {
    const text = read('zlib', 'zlib-1.2.11-IBM-Z-hw-accelrated-deflate-fix-crash-deflateBound.patch');
    const p = parsePatch(text);
    expect(p.diff).toBe(text);
    expect(p.files).toEqual([
      { oldPath: 'zlib-1.2.11/contrib/s390/dfltcc_deflate.h.old', newPath: 'zlib-1.2.11/contrib/s390/dfltcc_deflate.h', binary: false },
    ]);
  });
});

describe('parsePatch on constructed shapes', () => {
  it('a subject folded over lines (TAB or spaces continuation) unfolds exactly as real git mailinfo does (issue 10)', () => {
    const home = mkdtempSync(join(tmpdir(), 'distsync-mailinfo-'));
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, GIT_CONFIG_NOSYSTEM: '1', LANG: 'C', LC_ALL: 'C' };
    const mailinfoSubject = (text: string): string => {
      const out = execFileSync('git', ['mailinfo', join(home, 'msg'), join(home, 'patch')], { input: text, env, cwd: home, encoding: 'utf8' });
      return /^Subject: (.*)$/m.exec(out)![1]!;
    };
    const mail = (subjectLines: string[], inBody: boolean) =>
      [
        'From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001',
        'From: A U Thor <author@example.org>',
        'Date: Mon, 1 Jan 2024 00:00:00 +0000',
        ...(inBody ? ['Subject: [PATCH] outer subject', '', ...subjectLines, ''] : [...subjectLines, '']),
        'Body text.',
        ...DIFFSTAT_AND_ONE_LINE_DIFF,
      ].join('\n');
    const cases = [
      ['Subject: [PATCH] Fix the parser when the input', '\tends in a folded line'],
      ['Subject: [PATCH v2 1/2] Fix the parser when the input', '    ends in  a folded line'],
      ['Subject: [PATCH] one', '\t \ttwo', ' three'],
    ];
    try {
      for (const lines of cases) {
        for (const inBody of [false, true]) {
          const text = mail(lines, inBody);
          const expected = mailinfoSubject(text);
          expect(expected).not.toMatch(/\t|  /);
          expect(parsePatch(text).subject).toBe(expected);
        }
      }
      expect(parsePatch(mail(cases[0]!, false)).subject).toBe('Fix the parser when the input ends in a folded line');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('RFC 2047 encoded From and Subject, [PATCH 2/3] prefix', () => {
    const text = [
      'From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001',
      'From: =?UTF-8?q?J=C3=BCrgen=20M=C3=BCller?= <j@m.de>',
      'Date: Sun, 15 Nov 2020 22:10:31 +0100',
      'Subject: [PATCH 2/3] =?UTF-8?q?Fix=20the=20thing:=20=C3=BCmlaut=20in=20a=20ver?=',
      ' =?UTF-8?q?y=20long=20subject?=',
      'MIME-Version: 1.0',
      '',
      'Body.',
      ...DIFFSTAT_AND_ONE_LINE_DIFF,
    ].join('\n');
    const p = parsePatch(text);
    expect(p.author).toEqual({ name: 'Jürgen Müller', email: 'j@m.de' });
    expect(p.subject).toBe('Fix the thing: ümlaut in a very long subject');
    expect(p.body).toBe('Body.');
    expect(p.diff).toBe('diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1,2 @@\n a\n+b\n');
  });

  it("a hunk's last removed line '- ' is not taken for a signature", () => {
    const diff = '--- a/f\n+++ b/f\n@@ -1,2 +1 @@\n a\n-- \n';
    expect(parsePatch(diff).diff).toBe(diff);
    const signed = `${diff}-- \n2.39.5\n\n`;
    expect(parsePatch(signed).diff).toBe(diff);
  });

  it('a whole CRLF patch file keeps its bytes', () => {
    const text = 'Subject: [PATCH] crlf\r\n\r\n---\r\n--- a/f\r\n+++ b/f\r\n@@ -1 +1 @@\r\n-x\r\n+y\r\n';
    const p = parsePatch(text);
    expect(p.subject).toBe('crlf');
    expect(p.diff).toBe('--- a/f\r\n+++ b/f\r\n@@ -1 +1 @@\r\n-x\r\n+y\r\n');
    expect(p.files).toEqual([{ oldPath: 'a/f', newPath: 'b/f', binary: false }]);
  });

  it('git renames, mode changes, binary patches and quoted names', () => {
    const text = [
      'diff --git a/old name.c b/new name.c',
      'similarity index 100%',
      'rename from old name.c',
      'rename to new name.c',
      'diff --git a/script b/script',
      'old mode 100644',
      'new mode 100755',
      'diff --git a/img.png b/img.png',
      'new file mode 100644',
      'index 0000000..1111111',
      'GIT binary patch',
      'literal 5',
      'McmZQzWMXCj0000',
      '',
      'literal 0',
      'HcmV?d00001',
      '',
      'diff --git "a/t\\303\\244st.c" "b/t\\303\\244st.c"',
      'deleted file mode 100644',
      'index 1111111..0000000',
      '--- "a/t\\303\\244st.c"',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-x',
      '',
    ].join('\n');
    const p = parsePatch(text);
    expect(p.format).toBe('git-diff');
    expect(p.files).toEqual([
      { oldPath: 'a/old name.c', newPath: 'b/new name.c', binary: false },
      { oldPath: 'a/script', newPath: 'b/script', binary: false },
      { oldPath: null, newPath: 'b/img.png', binary: true },
      { oldPath: 'a/täst.c', newPath: null, binary: false },
    ]);
    expect(p.diff).toBe(text);
  });

  it('mail with in-body From: overrides the header (git am rules); Binary files … differ', () => {
    const text = [
      'From: Sender <s@x>',
      'Subject: [PATCH] thing',
      '',
      'From: Real Author <r@x>',
      '',
      'Why.',
      '---',
      'diff -r a/bin b/bin',
      'Binary files a/bin and b/bin differ',
    ].join('\n');
    const p = parsePatch(text);
    expect(p.author).toEqual({ name: 'Real Author', email: 'r@x' });
    expect(p.body).toBe('Why.');
    expect(p.files).toEqual([{ oldPath: 'a/bin', newPath: 'b/bin', binary: true }]);
  });

  it('hostile input parses in linear time (long runs of spaces, long header values, many lines)', () => {
    const spaces = ' '.repeat(300_000);
    const text = [
      `From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001`,
      `From: ${'<'.repeat(100_000)}${spaces}x`,
      `Subject: [PATCH] ${spaces}x${spaces}`,
      '',
      `body${spaces}x`,
      '---',
      `diff -up ${'-a '.repeat(50_000)}`,
      `--- a/f${spaces}x`,
      '+++ b/f',
      '@@ -1 +1 @@',
      `-${spaces}x`,
      `+${spaces}y`,
      ...Array.from({ length: 100_000 }, () => 'garbage'),
      `-- ${spaces}`,
    ].join('\n');
    const t0 = Date.now();
    const p = parsePatch(text);
    expect(p.files).toHaveLength(1);
  });

  it('no diff at all -> bad-patch with the file name', () => {
    let err: unknown;
    try {
      parsePatch('From: a <b@c>\nSubject: nothing\n\njust words\n', 'SOURCES/empty.patch');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DistsyncError);
    expect((err as DistsyncError).code).toBe('bad-patch');
    expect((err as DistsyncError).file).toBe('SOURCES/empty.patch');
    expect((err as DistsyncError).next).toBeTruthy();
  });
});
