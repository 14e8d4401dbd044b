/**
 * Builds the Prisma client for the configured backend: SQLite through the better-sqlite3
 * driver adapter, PostgreSQL through @prisma/adapter-pg (no native query engine either way).
 * Prisma serves the cold paths (catalog, CME, schedule, admin); the answer hot path runs
 * prepared statements on its own connection (sql-connection.ts). The only module that
 * constructs a client.
 */
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.ts';
import { PrismaClient as PostgresPrismaClient } from './generated-pg/client.ts';
import { backendOf, type Backend } from './database-url.ts';

/**
 * The two generated clients come from one model list (prisma/schema.prisma and its
 * PostgreSQL copy, kept identical by a test), so their model APIs are the same; the store is
 * typed against the SQLite one and uses only what both providers support.
 */
export type Database = PrismaClient;

const backends = new WeakMap<Database, Backend>();

export function createDatabase(url: string): Database {
  const backend = backendOf(url);
  const db =
    backend === 'sqlite'
      ? new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) })
      : (new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 5 }) }) as unknown as Database);
  backends.set(db, backend);
  return db;
}

/** The backend behind a client, for the few raw statements whose SQL differs. */
export function backendOfDatabase(db: Database): Backend {
  return backends.get(db) ?? 'sqlite';
}

/**
 * A timestamp parameter for a raw statement: PostgreSQL takes a Date; SQLite compares the
 * text Prisma writes there ("2026-03-16T09:00:00.000+00:00").
 */
export function sqlTimestamp(db: Database, date: Date): Date | string {
  return backendOfDatabase(db) === 'postgresql' ? date : date.toISOString().replace(/Z$/, '+00:00');
}
