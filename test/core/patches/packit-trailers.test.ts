import { describe, expect, it } from 'vitest';
import { parseCommitMessage, readPatchTrailers } from '../../../src/core/patches/index.js';
import { patchCommentLines, sameComment } from '../../../src/core/patches/patch-comment.js';
import { groupPatchCommits } from '../../../src/core/patches/group-patch-commits.js';
import { fromDistroGitignore, toDistroGitignore } from '../../../src/core/layout/distro-gitignore.js';

/** The commit message Packit's own helper wrote for fixture commit d2fd9db (fixtures/packit-interop/NOTES.md). */
const PACKIT_MESSAGE = `Add a downstream note to lz4frame.c

A change whose patch file gets a custom name and a status comment.

Patch-name: custom-name.patch
Patch-status: |
    # Downstream-only note, not sent upstream
    # Second status line: kept as a spec comment
`;

describe('Packit trailers read as Packit reads them', () => {
  it('a YAML-block Patch-status is its block value', () => {
    const t = readPatchTrailers(parseCommitMessage(PACKIT_MESSAGE), 'd2fd9db');
    expect(t.patchName).toBe('custom-name.patch');
    expect(t.patchStatus).toBe('# Downstream-only note, not sent upstream\n# Second status line: kept as a spec comment');
  });

  it.each([
    ['upstream in 1.2.12', 'upstream in 1.2.12'],
    ['"quoted: x"', 'quoted: x'],
    ['first line\n  second line', 'first line second line'],
    ['%(touch /tmp/x)', '%(touch /tmp/x)'], // not YAML (Packit cannot load it): taken as written
    ['|\n    a\n    b', 'a\nb'],
  ])('Patch-status %j → %j', (raw, value) => {
    expect(readPatchTrailers(parseCommitMessage(`S\n\nPatch-status: ${raw}\n`)).patchStatus).toBe(value);
  });

  it("the spec comment of a '# …' status has one '#', and Packit's '# #' says the same", () => {
    const lines = patchCommentLines('packit', {
      status: '# Downstream-only note\n# Second line',
      message: parseCommitMessage('S'),
      author: { name: 'A', email: 'a@b' },
      rangeHasTrailers: true,
    });
    expect(lines).toEqual(['Downstream-only note', 'Second line']);
    expect(sameComment(['# # Downstream-only note', '# # Second line'], lines.map((l) => `# ${l}`))).toBe(true);
    expect(sameComment(['# Downstream-only note'], ['# Another note'])).toBe(false);
  });

  it("comment styles: Packit's subject + body, its subject + Author without trailers, status only, none", () => {
    const input = { message: parseCommitMessage('Fix it\n\nBecause.\n\nSigned-off-by: A <a@b>\n'), author: { name: 'A', email: 'a@b' } };
    expect(patchCommentLines('packit', { ...input, rangeHasTrailers: true })).toEqual(['Fix it', '', 'Because.']);
    expect(patchCommentLines('packit', { ...input, rangeHasTrailers: false })).toEqual(['Fix it', 'Author: A <a@b>']);
    expect(patchCommentLines('status', { ...input, rangeHasTrailers: true })).toEqual([]);
    expect(patchCommentLines('none', { ...input, status: 'x', rangeHasTrailers: true })).toEqual([]);
    // Packit's folded '[PATCH 1/8]' comment says the same as the subject
    expect(sameComment(['# [PATCH 1/8] Fix potential memory corruption with negative memmove()', '#  size'], ['# Fix potential memory corruption with negative memmove() size'])).toBe(true);
  });
});

describe('default patch names keep the position in the range', () => {
  it('after a squashed pair and an ignored commit the next patch is number 4, as git format-patch numbers it', () => {
    const c = (sha: string, message: string, onlyExcluded = false) => ({ sha, message, onlyExcluded });
    const groups = groupPatchCommits([
      c('a', 'distro\n', true),
      c('b', 'one\n\nPatch-name: s.patch\n'),
      c('c', 'two\n\nPatch-name: s.patch\n'),
      c('d', 'local\n\nIgnore-patch: true\n'),
      c('e', 'next\n'),
    ]);
    expect(groups.map((g) => [g.name ?? g.message.subject, g.position, g.commits.length])).toEqual([
      ['s.patch', 1, 2],
      ['next', 4, 1],
    ]);
  });
});

describe('.distro/.gitignore never un-ignores dist-git', () => {
  it("Packit's '# Reset gitignore rules' / '!*' gives nothing to write: dist-git's file stays", () => {
    expect(fromDistroGitignore('# Reset gitignore rules\n!*\n')).toBeNull();
  });
  it("distsync's preamble round-trips dist-git's file; a '!*' line never gets through", () => {
    expect(fromDistroGitignore(toDistroGitignore('/lz4-*.tar.gz\n'))).toBe('/lz4-*.tar.gz\n');
    expect(fromDistroGitignore(toDistroGitignore(null))).toBeNull();
    expect(fromDistroGitignore('/x.tar.gz\n!*\n')).toBe('/x.tar.gz\n');
  });
});
