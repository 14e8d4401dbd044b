/**
 * Runs store and service suites on both backends: the embedded SQLite file and the
 * PostgreSQL server on 127.0.0.1:5432 (user postgres, trust auth) that every developer's and
 * CI's machine runs. Each test database is created for the run and dropped after it.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import type { Backend } from '../../src/store/database-url.ts';

export const BACKENDS: readonly Backend[] = ['sqlite', 'postgresql'];

/** The server the tests use; POSTGRES_TEST_URL overrides it (a database name is added). */
const SERVER = process.env.POSTGRES_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** `describe` once per backend, the backend's name in the title. */
export function describeBackends(name: string, suite: (backend: Backend) => void): void {
  for (const backend of BACKENDS) describe(`${name} [${backend}]`, () => suite(backend));
}

export interface TestDatabase {
  readonly backend: Backend;
  readonly url: string;
  drop(): Promise<void>;
}

/** A new empty database: a file in `dir` for SQLite, a fresh database on the server for PostgreSQL. */
export async function createTestDatabase(backend: Backend, dir: string): Promise<TestDatabase> {
  if (backend === 'sqlite') return { backend, url: `file:${path.join(dir, 'test.db')}`, drop: async () => undefined };
  const name = `confreres_test_${randomBytes(6).toString('hex')}`;
  await admin(async (client) => void (await client.query(`CREATE DATABASE ${name}`)));
  return {
    backend,
    url: `${SERVER}/${name}`,
    drop: () => admin(async (client) => void (await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}

async function admin(work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
