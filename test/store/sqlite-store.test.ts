import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { storeContract } from './store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'distsync-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
let current = '';

storeContract({
  name: 'SQLite file (WAL)',
  create: async () => {
    current = join(dir, `store-${n++}.sqlite`);
    return openSqliteStore(current);
  },
  reopen: async () => openSqliteStore(current),
});

storeContract({ name: 'SQLite :memory:', create: async () => openSqliteStore(':memory:') });
