import type { ClientBase, Pool, PoolClient } from 'pg';

/** Run `fn` in a READ COMMITTED transaction on one pooled connection; rolled back on any error. */
export async function inTransaction<T>(pool: Pool, fn: (c: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await transactionOn(client, fn);
  } finally {
    client.release();
  }
}

/** BEGIN, `fn`, COMMIT on a connection the caller holds (and may hold session locks on); ROLLBACK on any error. */
export async function transactionOn<C extends ClientBase, T>(client: C, fn: (c: C) => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
