import { describe, expect, it } from 'vitest';
import { basenameStrip, stripOfPatch } from '../../../src/core/patches/index.js';

/**
 * rpm's %autosetup / %autopatch without -p runs GNU patch without -p, which
 * looks files up by base name (tmux el9: `%setup` + bare `%autopatch` over
 * `git format-patch` files with a/ b/). The -pN that does the same per file.
 */
const gitDiff = (path: string) => `diff --git a/${path} b/${path}\nindex 1..2 100644\n--- a/${path}\n+++ b/${path}\n@@ -1 +1 @@\n-x\n+y\n`;
const plain = (path: string) => `--- ${path}\n+++ ${path}\n@@ -1 +1 @@\n-x\n+y\n`;
const mail = (diff: string) => `From 369627faddc1bba283c6afc4d473d7a495edb9a7 Mon Sep 17 00:00:00 2001\nFrom: A <a@example.org>\nDate: Fri, 7 Apr 2023 07:38:21 -0400\nSubject: [PATCH] Fix\n\n---\n${diff}-- \n2.39.0\n\n`;

describe('basenameStrip / stripOfPatch', () => {
  it('a/ b/ paths of top-level files: -p1; prefix-less top-level files: -p0', () => {
    expect(basenameStrip(mail(gitDiff('format.c') + gitDiff('popup.c')))).toBe(1);
    expect(basenameStrip(plain('README'))).toBe(0);
  });

  it('one uniform depth gives that depth (a/src/x.c → -p2); mixed depths have no -pN', () => {
    expect(basenameStrip(gitDiff('src/x.c'))).toBe(2);
    expect(basenameStrip(gitDiff('x.c') + gitDiff('src/y.c'))).toBeNull();
  });

  it('a new file (/dev/null side) counts by its other path', () => {
    const added = 'diff --git a/new.c b/new.c\nnew file mode 100644\nindex 0000000..2\n--- /dev/null\n+++ b/new.c\n@@ -0,0 +1 @@\n+y\n';
    expect(basenameStrip(added)).toBe(1);
  });

  it('only a bare %autopatch/%autosetup step changes its level; not a patch keeps the step level', () => {
    expect(stripOfPatch({ strip: 0, stripMode: 'basename' }, gitDiff('format.c'))).toBe(1);
    expect(stripOfPatch({ strip: 0, stripMode: 'patch-default' }, gitDiff('format.c'))).toBe(0);
    expect(stripOfPatch({ strip: 1, stripMode: 'explicit' }, plain('README'))).toBe(1);
    expect(stripOfPatch({ strip: 0, stripMode: 'basename' }, 'not a patch\n')).toBe(0);
  });
});
