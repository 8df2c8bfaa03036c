import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SQLITE_SCHEMA } from '../../src/store/sqlite-schema.js';
import { migrateSqlite, SQLITE_MIGRATIONS } from '../../src/store/migrations-sqlite.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'distsync-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LATEST = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1]!.version;

describe('SQLite migrations', () => {
  it('adopts a file made before versioning as version 1, keeping its rows, then migrates it on', async () => {
    const file = join(dir, 'old.sqlite');
    const old = new Database(file);
    old.exec(SQLITE_SCHEMA);
    old.prepare(`INSERT INTO deliveries (id, event, received_at) VALUES ('d', 'push', 1)`).run();
    old.close();
    const store = openSqliteStore(file);
    expect(await store.countDeliveries()).toBe(1);
    await store.close();
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'jobs_supersede_queued'`).get()).toEqual({ n: 1 });
    db.close();
  });

  it('applies only the missing migrations, once', () => {
    const db = new Database(join(dir, 'new.sqlite'));
    const next = [...SQLITE_MIGRATIONS, { version: LATEST + 1, name: 'note', sql: 'ALTER TABLE jobs ADD COLUMN note TEXT' }];
    expect(migrateSqlite(db)).toBe(LATEST);
    expect(migrateSqlite(db, next)).toBe(LATEST + 1);
    expect(migrateSqlite(db, next)).toBe(LATEST + 1);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM pragma_table_info('jobs') WHERE name = 'note'`).get()).toEqual({ n: 1 });
    db.close();
  });
});
