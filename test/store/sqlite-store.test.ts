import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { QUEUE, storeContract } from './store-contract.js';
import { manualClock } from './manual-clock.js';

const dir = mkdtempSync(join(tmpdir(), 'distsync-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
let current = '';

let clock = manualClock();
storeContract({
  name: 'SQLite file (WAL)',
  create: async () => {
    current = join(dir, `store-${n++}.sqlite`);
    clock = manualClock();
    return { store: openSqliteStore(current, { ...QUEUE, clock }), clock };
  },
  reopen: async () => openSqliteStore(current, { ...QUEUE, clock }),
});

storeContract({
  name: 'SQLite :memory:',
  create: async () => {
    const c = manualClock();
    return { store: openSqliteStore(':memory:', { ...QUEUE, clock: c }), clock: c };
  },
});
