/**
 * A database of its own for one bench measurement: a SQLite file in the given folder, or a
 * fresh database on the local PostgreSQL server (POSTGRES_TEST_URL), dropped afterwards.
 */
import path from 'node:path';
import pg from 'pg';
import type { Backend } from '../store/database-url.ts';

export const POSTGRES_SERVER = process.env.POSTGRES_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432';

export interface BenchDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** Runs one statement on the server's maintenance database. */
async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${POSTGRES_SERVER}/postgres`, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(backend: Backend, dir: string, purpose: string): Promise<BenchDatabase> {
  if (backend === 'sqlite') return { url: `file:${path.join(dir, 'bench.db')}`, drop: async () => undefined };
  const name = `confreres_${purpose}_${process.pid}_${Date.now()}`;
  await admin(`CREATE DATABASE ${name}`);
  return { url: `${POSTGRES_SERVER}/${name}`, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
