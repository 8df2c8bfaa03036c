import Database from 'better-sqlite3';
import type { QueueOptions, Store } from './types.js';
import { migrateSqlite } from './migrations-sqlite.js';
import { sqliteJobs } from './sqlite-jobs.js';
import { sqliteLinks } from './sqlite-links.js';

/** Open (or create) the SQLite store at `file` (":memory:" for a private one). WAL, so workers in other processes read while one writes. */
export function openSqliteStore(file: string, o: QueueOptions = {}): Store {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  migrateSqlite(db);
  return {
    ...sqliteJobs(db, o),
    ...sqliteLinks(db),
    ping: async () => {
      db.prepare('SELECT 1').get();
    },
    close: async () => {
      db.close();
    },
  };
}
