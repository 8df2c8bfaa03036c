import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommitMessage, parsePatch, renderMboxPatch } from '../../../src/core/patches/index.js';
import { git, tempDir } from '../../helpers/corpus.js';

interface Case {
  name: string;
  author: [string, string];
  message: string;
}

const CASES: Case[] = [
  { name: 'plain', author: ['Test Packager', 'test@example.org'], message: 'Fix the thing\n\nBecause it was broken.\n\nSigned-off-by: Test Packager <test@example.org>\n' },
  { name: 'wrapped subject', author: ['Mark Adler', 'madler@alumni.caltech.edu'], message: 'Fix a bug that can crash deflate on some input when using Z_FIXED.\n\nThis bug was reported by Danilo Ramos of Eideticom, Inc.\n' },
  { name: 'non-ASCII subject', author: ['Jürgen Müller', 'j@m.de'], message: 'Fix the thing: ümlaut in a very long subject line that goes on and on and on and on\n\nBody line one.\nBody line two.\n' },
  { name: 'non-ASCII author only', author: ['Jürgen Müller-Lüdenscheidt', 'j@m.de'], message: 'ASCII message\n' },
  { name: 'rfc822 specials', author: ['H.J. Lu', 'hjl.tools@gmail.com'], message: 'x86-64: Enable Intel CET\n\nIntel Control-flow Enforcement Technology (CET):\n' },
  { name: 'quote in name', author: ['Joe "The Hacker" O\'Brien', 'joe@x.org'], message: 'quote test\n' },
  { name: 'long first word', author: ['A', 'a@b.c'], message: `${'x'.repeat(70)} and more words after it that wrap\n` },
  { name: 'non-ASCII body', author: ['A B', 'a@b.c'], message: 'Subject\n\nBody with ß.\n' },
  { name: 'long name', author: ['Aaaaaaaaaa Bbbbbbbbbbb Ccccccccccc Dddddddddd Eeeeeeeeee Ffffffffff Gggggggggg', 'someone.with.a.long.address@example.org'], message: 'long name\n' },
  { name: 'encoded-looking subject', author: ['A B', 'a@b.c'], message: 'Handle =?UTF-8?q?x?= in names\n' },
  { name: 'two-line subject', author: ['A B', 'a@b.c'], message: 'first line of subject\nsecond line of it\n\nbody\n' },
  { name: 'tab in subject', author: ['A B', 'a@b.c'], message: 'tab\there and a rather long subject that will need a wrap around col 78\n' },
];

describe('renderMboxPatch matches git format-patch (git 2.39, diffstat removed)', () => {
  let repo: string;
  let version: string;
  const shas: string[] = [];
  beforeAll(() => {
    repo = tempDir('render');
    git(repo, 'init', '-q');
    writeFileSync(join(repo, 'f'), 'a\n');
    git(repo, 'add', 'f');
    git(repo, 'commit', '-qm', 'init');
    version = git(repo, 'version').trim().replace(/^git version /, '');
    for (const [i, c] of CASES.entries()) {
      writeFileSync(join(repo, 'f'), `a\n${i}\n`);
      writeFileSync(join(repo, 'msg'), c.message);
      git(repo, 'add', 'f');
      git(repo, '-c', `user.name=${c.author[0]}`, '-c', `user.email=${c.author[1]}`, 'commit', '-q', '--cleanup=verbatim', '-F', 'msg', '--date=2020-11-15T22:10:31+01:00');
      shas.push(git(repo, 'rev-parse', 'HEAD').trim());
    }
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  for (const [i, c] of CASES.entries()) {
    it(c.name, () => {
      const sha = shas[i]!;
      const real = git(repo, 'format-patch', '-1', '--stdout', sha).replace(/\n---\n(?: .*\n)+\ndiff --git/, '\n---\n\ndiff --git');
      const [name, email, date, raw] = git(repo, 'log', '-1', '--format=%an%x00%ae%x00%aI%x00%B', sha).split('\0');
      const m = parseCommitMessage(raw!);
      const ours = renderMboxPatch({
        sha,
        author: { name: name!, email: email! },
        date: date!,
        subject: m.subject,
        body: m.body,
        trailers: m.trailers,
        diff: parsePatch(real).diff,
        gitVersion: version,
      });
      expect(ours).toBe(real);
      // and it reads back
      const back = parsePatch(ours);
      expect(back.author).toEqual({ name: c.author[0], email: c.author[1] });
      expect(back.fromSha).toBe(sha);
    });
  }

  it('default signature is 2.39.5, diff gets a final newline', () => {
    const out = renderMboxPatch({ sha: '0'.repeat(40), author: { name: 'A', email: 'a@b' }, date: 'Sun, 15 Nov 2020 22:10:31 +0100', subject: 's', body: '', diff: '--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b' });
    expect(out).toBe(
      `From ${'0'.repeat(40)} Mon Sep 17 00:00:00 2001\nFrom: A <a@b>\nDate: Sun, 15 Nov 2020 22:10:31 +0100\nSubject: [PATCH] s\n\n---\n\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n-- \n2.39.5\n\n`,
    );
  });
});
