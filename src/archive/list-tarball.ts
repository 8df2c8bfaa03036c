import { resolve } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import { runProcess, toolEnv } from '../git/index.js';
import { unescapeTarName } from './tar-names.js';

export type TarEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export interface TarEntry {
  /** Member name as stored (unescaped). */
  name: string;
  type: TarEntryType;
  /** Symlink target, or the member a hard link points to. */
  linkTarget?: string;
}

const TYPES: Record<string, TarEntryType> = { '-': 'file', d: 'dir', l: 'symlink', h: 'hardlink' };

async function tar(args: string[], file: string): Promise<string> {
  const res = await runProcess('tar', args, { cwd: '/', env: toolEnv(), maxBuffer: 256 * 1024 * 1024 });
  if (res.spawnError) {
    throw new DistsyncError('bad-layout', `cannot run tar: ${res.spawnError.message}`, { next: 'install GNU tar and xz/bzip2/zstd (sudo apt-get install -y tar xz-utils bzip2 zstd)' });
  }
  if (res.code !== 0) {
    throw new DistsyncError('bad-layout', `${file} is not a readable tar archive: ${res.stderr.trim().split('\n')[0] ?? ''}`, {
      file,
      next: 'check that the file is the right upstream tarball (compare its checksum with the lookaside entry)',
    });
  }
  return res.stdout.toString('utf8');
}

/**
 * Every member of a (gz/bz2/xz/zst-compressed, detected by content) tar
 * archive with its type, from `tar -tf` and `tar -tvf` in the same order.
 */
export async function listTarball(file: string): Promise<TarEntry[]> {
  file = resolve(file);
  const q = '--quoting-style=escape';
  const [names, verbose] = await Promise.all([tar(['-tf', file, q], file), tar(['-tvf', file, q, '--numeric-owner'], file)]);
  const nameLines = names.split('\n').filter((l) => l !== '');
  const verboseLines = verbose.split('\n').filter((l) => l !== '');
  if (nameLines.length !== verboseLines.length) {
    throw new DistsyncError('bad-layout', `cannot list ${file}: tar gave ${nameLines.length} names but ${verboseLines.length} entries`, { file, next: 'check the archive with tar -tvf' });
  }
  return nameLines.map((quoted, i) => {
    const line = verboseLines[i]!;
    const type = TYPES[line[0] ?? ''] ?? 'other';
    const entry: TarEntry = { name: unescapeTarName(quoted), type };
    const sep = type === 'symlink' ? ' -> ' : type === 'hardlink' ? ' link to ' : null;
    if (sep) {
      const at = line.indexOf(` ${quoted}${sep}`);
      if (at >= 0) entry.linkTarget = unescapeTarName(line.slice(at + 1 + quoted.length + sep.length));
    }
    return entry;
  });
}

/** First path components of the archive's directories (the `%setup -n` candidates), in order, without top-level plain files. */
export async function listTarballTopDirs(file: string): Promise<string[]> {
  const tops: string[] = [];
  for (const e of await listTarball(file)) {
    const parts = e.name.split('/').filter((p, i) => p !== '' && !(p === '.' && i === 0));
    const top = parts[0];
    if (top === undefined || (parts.length === 1 && e.type !== 'dir')) continue;
    if (!tops.includes(top)) tops.push(top);
  }
  return tops;
}
