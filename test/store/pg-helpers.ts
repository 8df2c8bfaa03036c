import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Server the PostgreSQL tests use; they fail (never skip) when it does not answer. */
export const PG_SERVER = process.env['DISTSYNC_TEST_PG'] ?? 'postgres://postgres@127.0.0.1:5432';

/** Create a throw-away database; returns its URL and a function that drops it. */
export async function createTestDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${PG_SERVER}/postgres`, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: `${PG_SERVER}/${name}`,
    drop: async () => {
      const c = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
