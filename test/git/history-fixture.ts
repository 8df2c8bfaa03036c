import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newRepo, sh, shEnv } from './helpers.js';

export interface HistoryRepo {
  dir: string;
  base: string;
  merge: string;
  distroOnly: string;
  mixed: string;
  emptyCommit: string;
  head: string;
}

function commit(dir: string, message: string, date: string): string {
  sh(dir, 'add', '-A');
  const when = `${date} +0000`;
  shEnv(dir, { GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when }, 'commit', '-q', '--allow-empty', '-m', message);
  return sh(dir, 'rev-parse', 'HEAD').trim();
}

/**
 * A source-git-like history after `base`: text, CRLF, no final newline,
 * binary (with NUL), a merge, a .distro-only commit, a mixed commit, a mode
 * change, a delete, a rename, an empty file and an empty commit.
 */
export function makeHistoryRepo(dir: string): HistoryRepo {
  newRepo(dir);
  writeFileSync(join(dir, 'README'), 'upstream\nproject\n');
  writeFileSync(join(dir, 'old-name.c'), 'int x;\nint y;\nint z;\n');
  writeFileSync(join(dir, 'gone.txt'), 'bye\n');
  writeFileSync(join(dir, 'script.sh'), '#!/bin/sh\necho hi\n');
  const base = commit(dir, 'upstream', '1600000000');
  writeFileSync(join(dir, 'README'), 'upstream\nproject\ndownstream line\n');
  commit(dir, 'Patch one\n\nWith a body.\n\nPatch-name: one.patch\n', '1600000100');
  writeFileSync(join(dir, 'crlf.txt'), 'line one\r\nline two\r\n');
  writeFileSync(join(dir, 'nonl.txt'), 'no newline at end');
  commit(dir, 'CRLF and no newline', '1600000200');
  writeFileSync(join(dir, 'blob.bin'), Buffer.from([0, 1, 2, 3, 0, 255, 254, 10, 13, 0]));
  commit(dir, 'binary', '1600000300');
  sh(dir, 'checkout', '-q', '-b', 'side');
  writeFileSync(join(dir, 'side.c'), 'side branch\n');
  commit(dir, 'side work', '1600000400');
  sh(dir, 'checkout', '-q', 'main');
  writeFileSync(join(dir, 'nonl.txt'), 'no newline at end, changed');
  commit(dir, 'main work', '1600000500');
  sh(dir, 'merge', '-q', '--no-ff', '-m', 'Merge side', 'side');
  const merge = sh(dir, 'rev-parse', 'HEAD').trim();
  mkdirSync(join(dir, '.distro'));
  writeFileSync(join(dir, '.distro', 'pkg.spec'), 'Name: pkg\n');
  const distroOnly = commit(dir, 'Only .distro', '1600000600');
  writeFileSync(join(dir, '.distro', 'pkg.spec'), 'Name: pkg\nVersion: 1\n');
  writeFileSync(join(dir, 'README'), 'upstream\nproject\ndownstream line\nmixed\n');
  const mixed = commit(dir, 'Mixed: .distro and README', '1600000700');
  chmodSync(join(dir, 'script.sh'), 0o755);
  rmSync(join(dir, 'gone.txt'));
  sh(dir, 'mv', 'old-name.c', 'new-name.c');
  writeFileSync(join(dir, 'empty'), '');
  writeFileSync(join(dir, 'blob.bin'), Buffer.from([0, 9, 9, 9, 0]));
  commit(dir, 'mode, delete, rename, empty file, binary change', '1600000800');
  const emptyCommit = commit(dir, 'empty commit', '1600000900');
  writeFileSync(join(dir, 'ünïcode name.txt'), 'ü\n');
  const head = commit(dir, 'unicode file name', '1600001000');
  return { dir, base, merge, distroOnly, mixed, emptyCommit, head };
}
