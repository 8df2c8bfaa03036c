import { describe, expect, it } from 'vitest';
import {
  formatCommitMessage,
  getTrailer,
  parseCommitMessage,
  readPatchTrailers,
  stripDistsyncTrailers,
  withTrailers,
} from '../../../src/core/patches/index.js';
import { DistsyncError } from '../../../src/core/errors.js';
import { git, tempDir } from '../../helpers/corpus.js';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MSG = `Fix potential memory corruption

The body explains.
Second line.

Patch-name: lz4-cve-2021-3520.patch
Patch-id: 1
Signed-off-by: A <a@b>
`;

describe('parseCommitMessage / formatCommitMessage', () => {
  it('splits subject, body and the trailer block; prints back the same bytes', () => {
    const m = parseCommitMessage(MSG);
    expect(m).toEqual({
      subject: 'Fix potential memory corruption',
      body: 'The body explains.\nSecond line.',
      trailers: [
        { key: 'Patch-name', value: 'lz4-cve-2021-3520.patch' },
        { key: 'Patch-id', value: '1' },
        { key: 'Signed-off-by', value: 'A <a@b>' },
      ],
    });
    expect(formatCommitMessage(m)).toBe(MSG);
  });

  it('a subject alone has no trailers, even when it looks like one', () => {
    expect(parseCommitMessage('Fix: the thing\n')).toEqual({ subject: 'Fix: the thing', body: '', trailers: [] });
  });

  it('a last paragraph with a non-trailer line is body', () => {
    const m = parseCommitMessage('S\n\nbody\n\nSigned-off-by: A <a@b>\nnot a trailer\n');
    expect(m.trailers).toEqual([]);
    expect(m.body).toBe('body\n\nSigned-off-by: A <a@b>\nnot a trailer');
  });

  it('keys are [A-Za-z0-9-]+; continuation lines belong to the trailer above and print back', () => {
    const text = 'S\n\nb\n\nPatch-status: first line\n  second line\nReviewed-by: X\n';
    const m = parseCommitMessage(text);
    expect(m.trailers).toEqual([
      { key: 'Patch-status', value: 'first line\n  second line' },
      { key: 'Reviewed-by', value: 'X' },
    ]);
    expect(formatCommitMessage(m)).toBe(text);
    expect(parseCommitMessage('S\n\nHas space: no\n').trailers).toEqual([]);
  });

  it('subject + trailers only; empty parts are left out when printing', () => {
    const m = parseCommitMessage('S\n\nFrom-dist-git-commit: abc\n');
    expect(m).toEqual({ subject: 'S', body: '', trailers: [{ key: 'From-dist-git-commit', value: 'abc' }] });
    expect(formatCommitMessage(m)).toBe('S\n\nFrom-dist-git-commit: abc\n');
    expect(formatCommitMessage({ subject: 'S', body: '', trailers: [] })).toBe('S\n');
  });

  it('agrees with git interpret-trailers --parse on real messages', () => {
    const dir = tempDir('trailers');
    try {
      // (git also takes a block where only 25% of the lines are trailers if one is Signed-off-by; we keep such a block as body)
      for (const msg of [MSG, 'S\n\nb\n\nPatch-status: first line\n  second line\nReviewed-by: X\n', 'S\n\nbody\n\nnot: a trailer\nnot a trailer\n', 'Only: subject\n']) {
        writeFileSync(join(dir, 'm'), msg);
        const theirs = git(dir, 'interpret-trailers', '--parse', join(dir, 'm'))
          .split('\n')
          .filter(Boolean);
        const ours = parseCommitMessage(msg).trailers.map((t) => `${t.key}: ${t.value.replace(/\n\s*/g, ' ')}`);
        expect(ours).toEqual(theirs);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('getTrailer is case-insensitive, last wins', () => {
    const m = parseCommitMessage('S\n\nb\n\npatch-id: 1\nPATCH-ID: 2\n');
    expect(getTrailer(m, 'Patch-id')).toBe('2');
    expect(getTrailer(m, 'Missing')).toBeUndefined();
  });

  it('withTrailers replaces given keys in place and keeps the order of others', () => {
    const m = parseCommitMessage(MSG);
    const out = withTrailers(m, [
      { key: 'patch-id', value: '7' },
      { key: 'From-source-git-commit', value: 'abc' },
    ]);
    expect(out.trailers).toEqual([
      { key: 'Patch-name', value: 'lz4-cve-2021-3520.patch' },
      { key: 'patch-id', value: '7' },
      { key: 'Signed-off-by', value: 'A <a@b>' },
      { key: 'From-source-git-commit', value: 'abc' },
    ]);
    expect(m.trailers).toHaveLength(3); // input untouched
  });
});

describe('readPatchTrailers', () => {
  const read = (trailers: string) => readPatchTrailers(parseCommitMessage(`S\n\nb\n\n${trailers}\n`), 'abcdef0123456789');

  it('reads all of distsync’s trailers', () => {
    expect(
      read(
        [
          'Patch-name: 0001-fix.patch',
          'Patch-id: 42',
          'Patch-status: upstream in 1.2.12',
          'Patch-present-in-specfile: Yes',
          'Ignore-patch: false',
          'No-prefix: 1',
          'From-dist-git-commit: 0123abc',
          'From-source-git-commit: 4567def',
          'Distsync-source: lz4-1.9.3.tar.gz',
        ].join('\n'),
      ),
    ).toEqual({
      patchName: '0001-fix.patch',
      patchId: 42,
      patchStatus: 'upstream in 1.2.12',
      presentInSpecfile: true,
      ignore: false,
      noPrefix: true,
      fromDistGitCommit: '0123abc',
      fromSourceGitCommit: '4567def',
      distsyncSource: 'lz4-1.9.3.tar.gz',
    });
    expect(read('Signed-off-by: x')).toEqual({ presentInSpecfile: false, ignore: false, noPrefix: false });
  });

  const bad = (trailers: string): DistsyncError => {
    try {
      read(trailers);
    } catch (e) {
      return e as DistsyncError;
    }
    throw new Error(`no error for ${trailers}`);
  };

  it.each([
    ['Patch-name: ../../x.patch'],
    ['Patch-name: /etc/passwd'],
    ['Patch-name: x.txt'],
    ['Patch-id: -1'],
    ['Patch-id: 100000'],
    ['Patch-id: 1.5'],
    ['Patch-id: one'],
    ['Ignore-patch: maybe'],
    ['No-prefix: '],
  ])('%s -> bad-trailer naming the commit and the fix', (t) => {
    const e = bad(t);
    expect(e).toBeInstanceOf(DistsyncError);
    expect(e.code).toBe('bad-trailer');
    expect(e.message).toContain('abcdef012345');
    expect(e.next).toContain('git rebase -i');
  });
});

describe('stripDistsyncTrailers', () => {
  it('drops Patch-*, Ignore-patch, No-prefix, From-*-commit, Distsync-source; keeps the rest', () => {
    const m = parseCommitMessage(
      'S\n\nb\n\nPatch-name: a.patch\nPatch-whatever: x\nignore-patch: no\nNo-prefix: no\nFrom-dist-git-commit: a\nFrom-source-git-commit: b\nDistsync-source: c\nSigned-off-by: A <a@b>\nCc: x\n',
    );
    expect(stripDistsyncTrailers(m).trailers).toEqual([
      { key: 'Signed-off-by', value: 'A <a@b>' },
      { key: 'Cc', value: 'x' },
    ]);
  });
});
