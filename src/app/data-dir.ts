import { mkdir, stat } from 'node:fs/promises';
import type { Logger } from '../core/log.js';
import { DistsyncError } from '../core/errors.js';

/**
 * Create the App's data directory (SQLite file, git cache with tokens in flight, local
 * lookaside) readable by the App's user only (0700); an existing one that others can
 * read is reported, not changed (it may be a directory the operator shares on purpose).
 */
export async function ensureDataDir(dir: string, log: Pick<Logger, 'warn'>): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const s = await stat(dir);
    if (!s.isDirectory()) throw new Error('it is not a directory');
    if ((s.mode & 0o077) === 0) return;
    log.warn(`${dir} holds the App's state and is open to other users (mode ${(s.mode & 0o777).toString(8)}): chmod 700 it, or set DISTSYNC_DATA_DIR to a private directory`);
  } catch (e) {
    throw new DistsyncError('usage', `cannot use ${dir} as the App's data directory: ${e instanceof Error ? e.message : String(e)}`, {
      next: 'set DISTSYNC_DATA_DIR to a directory the App may create and write (e.g. /var/lib/distsync)',
      cause: e,
    });
  }
}
