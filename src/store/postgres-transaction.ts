/**
 * A transaction on a client of a PostgreSQL pool. A module of its own, with the driver's types
 * only: the results tool reads through it and must not load the drivers at start
 * (sql-connection.ts imports both).
 */
import type pg from 'pg';

/**
 * Runs `work` in one transaction on a client of the pool: committed, or rolled back if it
 * throws. `begin` opens it (a read-only snapshot: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY').
 */
export async function inPostgresTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
