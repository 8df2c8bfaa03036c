import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { thrown } from '../../helpers/thrown.js';
import { run, SPEC, text } from './tree-helpers.js';

const sha = (algo: string, s: string | Uint8Array) => createHash(algo).update(s).digest('hex');

describe('replace', () => {
  it('replaces SOURCES/<file> byte for byte with the patch-repo file, keeping its mode', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 255, 10, 13]);
    const { result, input } = run('replace {\n  file: "run.sh"\n  with_file: "PATCHES/run.sh"\n}\nreplace { file: "SOURCES/demo.conf" with_file: "PATCHES/logo.png" }\n', {
      patches: { 'PATCHES/run.sh': '#!/bin/sh\necho openela\n', 'PATCHES/logo.png': png },
    });
    expect(text(result.tree, 'SOURCES/run.sh')).toBe('#!/bin/sh\necho openela\n');
    expect(result.tree.get('SOURCES/run.sh')!.mode).toBe('100755');
    expect(result.tree.get('SOURCES/demo.conf')!.data).toEqual(png);
    expect(text(input, 'SOURCES/run.sh')).toBe('#!/bin/sh\necho centos\n'); // the input tree is not touched
    expect(result.effects.map((e) => `${e.kind} #${e.index} ${e.at?.line}:${e.at?.column} ${e.summary}`)).toEqual([
      'replace #1 1:1 SOURCES/run.sh ← PATCHES/run.sh (22 bytes → 23 bytes)',
      'replace #2 5:1 SOURCES/demo.conf ← PATCHES/logo.png (12 bytes → 8 bytes)',
    ]);
  });

  it('with_inline and with_lookaside (checked against its hash)', () => {
    const blob = new TextEncoder().encode('from the lookaside\n');
    const h = sha('sha1', blob);
    const { result } = run(`replace { file: "run.sh" with_inline: "echo inline\\n" }\nreplace { file: "demo.conf" with_lookaside: "${h}" }\n`, { blobs: new Map([[h, blob]]) });
    expect(text(result.tree, 'SOURCES/run.sh')).toBe('echo inline\n');
    expect(text(result.tree, 'SOURCES/demo.conf')).toBe('from the lookaside\n');
    const bad = thrown(() => run(`replace { file: "demo.conf" with_lookaside: "${h}" }\n`, { blobs: new Map([[h, new Uint8Array([1])]]) }));
    expect(bad.format()).toMatch(/^PATCHES\/test\.cfg:1:1: replace #1: lookaside object [0-9a-f]{40} does not match its sha1 hash/);
  });

  it('a missing target is an error naming the cfg, the directive and the fix (srpmproc INVALID_FILE)', () => {
    const e = thrown(() => run('\nreplace {\n    file: "index.html"\n    with_file: "PATCHES/index.html"\n}\n', { patches: { 'PATCHES/index.html': '<html>' } }));
    expect(e.code).toBe('bad-directive');
    expect(e.format()).toBe(
      'PATCHES/test.cfg:2:1: replace #1: SOURCES/index.html does not exist in the dist-git tree (srpmproc: INVALID_FILE:SOURCES/index.html)\n' +
        '  next: drop this replace from PATCHES/test.cfg (the package no longer ships index.html), or use add { file: … } to create it',
    );
  });

  it('a missing supporting file and a path leaving the repository are errors', () => {
    expect(thrown(() => run('replace { file: "run.sh" with_file: "PATCHES/nope" }')).format()).toMatch(/replace #1: with_file 'PATCHES\/nope' is not in the patch repository/);
    expect(thrown(() => run('replace { file: "../../etc/passwd" with_inline: "x" }')).format()).toMatch(/replace #1: path 'SOURCES\/\.\.\/\.\.\/etc\/passwd' leaves the repository/);
    expect(thrown(() => run('replace { file: "run.sh" }')).format()).toMatch(/replace #1: no new content\n  next: add with_file, with_inline or with_lookaside/);
  });
});

describe('delete', () => {
  it('deletes a literal path (no SOURCES/ prefix is added)', () => {
    const { result } = run('delete { file: "SOURCES/demo.conf" }\n');
    expect(result.tree.has('SOURCES/demo.conf')).toBe(false);
    expect(text(result.tree, 'SPECS/demo.spec')).toBe(SPEC); // Source1 stays: delete does not touch the spec
    expect(thrown(() => run('delete { file: "demo.conf" }')).format()).toMatch(/^PATCHES\/test\.cfg:1:1: delete #1: demo\.conf does not exist in the dist-git tree \(srpmproc: FILE_DOES_NOT_EXIST:demo\.conf\)\n  next: .*SOURCES\/demo\.conf/);
  });
});

describe('add', () => {
  it('adds a patch-repo file under SOURCES/ by its base name, or by name:', () => {
    const { result } = run('add { file: "PATCHES/sub/x.patch" }\nadd { file: "PATCHES/sub/x.patch" name: "renamed.patch" }\n', { patches: { 'PATCHES/sub/x.patch': 'x\n' } });
    expect(text(result.tree, 'SOURCES/x.patch')).toBe('x\n');
    expect(text(result.tree, 'SOURCES/renamed.patch')).toBe('x\n');
    expect(text(result.tree, 'SPECS/demo.spec')).toBe(SPEC);
  });

  it('add { lookaside } fetches the object by hash, checks it and keeps it in the lookaside (metadata line, .gitignore)', () => {
    const blob = new TextEncoder().encode('certificate');
    const h = sha('sha256', blob);
    const { result } = run(`add { lookaside: "${h}" name: "NameConstraints.ocsp1.cert" }\n`, { blobs: new Map([[h, blob]]) });
    expect(result.tree.has('SOURCES/NameConstraints.ocsp1.cert')).toBe(false);
    expect(result.uploads).toEqual([{ path: 'SOURCES/NameConstraints.ocsp1.cert', data: blob, algo: 'sha256', hash: h }]);
    expect(text(result.tree, '.demo.metadata')).toBe(`${'a'.repeat(64)} SOURCES/demo-1.2.tar.gz\n${h} SOURCES/NameConstraints.ocsp1.cert\n`);
    expect(text(result.tree, '.gitignore')).toBe('SOURCES/demo-1.2.tar.gz\nSOURCES/NameConstraints.ocsp1.cert\n');
    expect(thrown(() => run(`add { lookaside: "${h}" }`)).format()).toMatch(/add #1: lookaside object [0-9a-f]{64} is not in the lookaside cache/);
  });
});

describe('lookaside', () => {
  it('moves SOURCES files to the lookaside cache (sha256 line in the metadata file, gone from git)', () => {
    const { result } = run('lookaside { file: "demo.conf" }\n');
    expect(result.tree.has('SOURCES/demo.conf')).toBe(false);
    expect(text(result.tree, '.demo.metadata')!.split('\n')[1]).toBe(`${sha('sha256', 'a = 1\nb = 2\n')} SOURCES/demo.conf`);
    expect(result.effects[0]!.summary).toBe('to the lookaside cache: SOURCES/demo.conf');
  });

  it('tar: true packs the files into ARCHIVE.tar.gz, which goes to the lookaside', () => {
    const { result } = run('lookaside { file: ["demo.conf", "run.sh"] tar: true archive_name: "bundle" }\n');
    const up = result.uploads[0]!;
    expect(up.path).toBe('SOURCES/bundle.tar.gz');
    const tar = gunzipSync(up.data);
    expect(tar.subarray(0, 9).toString()).toBe('demo.conf');
    expect(tar.subarray(257, 262).toString()).toBe('ustar');
    expect(tar.subarray(512, 524).toString()).toBe('a = 1\nb = 2\n');
    expect(tar.subarray(1024, 1030).toString()).toBe('run.sh');
    expect(result.tree.has('SOURCES/demo.conf')).toBe(true); // tar leaves the members in place, like srpmproc
    expect(thrown(() => run('lookaside { file: "x" tar: true }')).format()).toMatch(/tar: true needs archive_name/);
    expect(thrown(() => run('lookaside { file: "nope" }')).format()).toMatch(/lookaside #1: SOURCES\/nope is not in the dist-git tree/);
  });
});

describe('patch', () => {
  const onPatch = [
    'From 1 Mon Sep 17 00:00:00 2001',
    'Subject: [PATCH] debrand a patch file',
    '',
    '---',
    'diff --git a/SOURCES/0001-fix.patch b/SOURCES/0001-fix.patch',
    'index 1..2 100644',
    '--- a/SOURCES/0001-fix.patch',
    '+++ b/SOURCES/0001-fix.patch',
    '@@ -1 +1,2 @@',
    ' fix',
    '+OpenELA',
    '-- ',
    '2.43.0',
    '',
  ].join('\n');

  it('applies a diff to the dist-git files themselves, even to a .patch in SOURCES/', () => {
    const { result } = run('patch { file: "PATCHES/0001-debrand.patch" }', { patches: { 'PATCHES/0001-debrand.patch': onPatch } });
    expect(text(result.tree, 'SOURCES/0001-fix.patch')).toBe('fix\nOpenELA\n');
    expect(result.effects[0]!.summary).toBe('PATCHES/0001-debrand.patch: SOURCES/0001-fix.patch patched (1 hunk)');
  });

  it('gives unprefixed names SOURCES/ unless strict, and can create and delete files', () => {
    const diff = '--- a/demo.conf\n+++ b/demo.conf\n@@ -1,2 +1,2 @@\n a = 1\n-b = 2\n+b = 3\n--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+new\n--- a/run.sh\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-#!/bin/sh\n-echo centos\n';
    const { result } = run('patch { file: "PATCHES/p.diff" }', { patches: { 'PATCHES/p.diff': diff } });
    expect(text(result.tree, 'SOURCES/demo.conf')).toBe('a = 1\nb = 3\n');
    expect(text(result.tree, 'SOURCES/new.txt')).toBe('new\n');
    expect(result.tree.has('SOURCES/run.sh')).toBe(false);
    const strict = '--- a/SPECS/demo.spec\n+++ b/SPECS/demo.spec\n@@ -3 +3 @@\n-Release:        3%{?dist}\n+Release:        3%{?dist}.openela\n';
    expect(text(run('patch { file: "PATCHES/s.diff" strict: true }', { patches: { 'PATCHES/s.diff': strict } }).result.tree, 'SPECS/demo.spec')).toContain('Release:        3%{?dist}.openela\n');
    expect(thrown(() => run('patch { file: "PATCHES/s.diff" strict: true }', { patches: { 'PATCHES/s.diff': strict.replace('a/SPECS', 'a/SPEC').replace('b/SPECS', 'b/SPEC') } })).format()).toMatch(/changes SPEC\/demo\.spec, which is not in the dist-git tree/);
  });

  it('refuses a hunk that does not match exactly (no fuzz), naming the hunk and line', () => {
    const diff = '--- a/demo.conf\n+++ b/demo.conf\n@@ -1,2 +1,2 @@\n a = 1\n-b = 9\n+b = 3\n';
    const e = thrown(() => run('patch { file: "PATCHES/p.diff" }', { patches: { 'PATCHES/p.diff': diff } }));
    expect(e.format()).toBe(
      "PATCHES/test.cfg:1:1: patch #1: PATCHES/p.diff does not apply to SOURCES/demo.conf: hunk '@@ -1,2 +1,2 @@' does not match at line 2 (srpmproc: COULD_NOT_APPLY_PATCH_WITH_SUBJECT:SOURCES/demo.conf)\n" +
        '  next: rebase PATCHES/p.diff on the new SOURCES/demo.conf (no fuzz is allowed)',
    );
  });
});

describe('order inside one cfg is srpmproc\'s, not the file\'s', () => {
  it('patch runs after add even when written first; everything fails together', () => {
    const cfg = 'patch { file: "PATCHES/p.diff" }\nadd { file: "PATCHES/new.conf" }\n';
    const diff = '--- a/new.conf\n+++ b/new.conf\n@@ -1 +1 @@\n-x = 1\n+x = 2\n';
    const { result } = run(cfg, { patches: { 'PATCHES/p.diff': diff, 'PATCHES/new.conf': 'x = 1\n' } });
    expect(text(result.tree, 'SOURCES/new.conf')).toBe('x = 2\n');
    expect(result.effects.map((e) => e.kind)).toEqual(['add', 'patch']);
  });
});
