import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { patchFileNameFor, validatePatchName } from '../../../src/core/patches/index.js';
import { DistsyncError } from '../../../src/core/errors.js';
import { git, tempDir } from '../../helpers/corpus.js';

describe('validatePatchName', () => {
  it.each(['0001-fix.patch', 'zlib-1.2.11-CVE-2018-25032.patch', 'pzstd.1.patch', 'a.diff', 'x+y~z@1,2=3.patch'])('accepts %s', (n) => {
    expect(validatePatchName(n)).toBe(n);
  });

  it.each([
    ['../../x.patch'],
    ['/etc/passwd'],
    ['a\0b.patch'],
    ['x\n.patch'],
    ['dir/x.patch'],
    ['dir\\x.patch'],
    ['.'],
    ['..'],
    ['.hidden.patch'],
    ['-rf.patch'],
    ['x.txt'],
    [''],
    ['has space.patch'],
    ['%{name}.patch'],
    ['tab\t.patch'],
    [`${'a'.repeat(195)}.patch`],
    [`${'ä'.repeat(98)}.patch`], // 196 + 6 bytes
  ])('rejects %j', (n) => {
    let err: unknown;
    try {
      validatePatchName(n, 'commit abc');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DistsyncError);
    expect((err as DistsyncError).code).toBe('bad-trailer');
    expect((err as DistsyncError).message).toContain('commit abc');
    expect((err as DistsyncError).message).not.toMatch(/[\0\n]/);
  });
});

describe('patchFileNameFor matches git format-patch names', () => {
  const subjects = [
    'Fix the thing',
    'Fix the thing: ümlaut in a very long subject line that goes on and on and on and on',
    '[PATCH] x86-64: Enable Intel CET',
    'Fix a bug that can crash deflate on some input when using Z_FIXED.',
    '...leading dots and trailing dashes ---',
    'a..b...c',
    'under_score and.dot',
    'a'.repeat(60),
    'ends at the cut-----------------------------------------------x',
    '!!!',
    // non-ASCII characters (1 to 4 UTF-8 bytes) between, around and inside words: one separator each run
    'é€😀 mixed_Ünïcode😀word.€.',
    'naïve..café—test😀😀end',
    '😀',
  ];
  it('for every subject, as git writes it', () => {
    const repo = tempDir('names');
    try {
      git(repo, 'init', '-q');
      writeFileSync(join(repo, 'f'), '0\n');
      git(repo, 'add', 'f');
      git(repo, 'commit', '-qm', 'init');
      for (const [i, s] of subjects.entries()) {
        writeFileSync(join(repo, 'f'), `${i + 1}\n`);
        git(repo, 'commit', '-qam', s);
      }
      const names = git(repo, 'format-patch', '-o', join(repo, 'out'), `HEAD~${subjects.length}`)
        .trim()
        .split('\n')
        .map((p) => p.split('/').pop());
      expect(subjects.map((s, i) => patchFileNameFor(s, i + 1))).toEqual(names);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('digits and long subjects', () => {
    expect(patchFileNameFor('Fix it', 3, 2)).toBe('03-Fix-it.patch');
    expect(patchFileNameFor('Fix it', 12345)).toBe('12345-Fix-it.patch');
    expect(patchFileNameFor('x'.repeat(100), 1)).toBe(`0001-${'x'.repeat(52)}.patch`);
    expect(patchFileNameFor('two\nlines\n\nbody', 1)).toBe('0001-two-lines.patch');
  });
});
