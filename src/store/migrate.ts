/**
 * Applies the committed Prisma migrations at start-up, in-process: `prisma/migrations` on
 * SQLite, `prisma/postgresql/migrations` on PostgreSQL (Prisma's own migrate over the js
 * engine fails on PostgreSQL). They are recorded in `_prisma_migrations` exactly as
 * `prisma migrate deploy` does (same table, sha-256 checksums), so the CLI and this runner
 * agree on what is applied. Several processes starting together apply them once: the whole
 * run holds SQLite's exclusive lock, or a PostgreSQL advisory lock.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { backendOf, sqliteFilePath, type Backend } from './database-url.ts';
import { APPLIED, MIGRATIONS_DIRS, MigrationError, pending, readMigrations } from './migration-files.ts';
import { openSqliteFile } from './sql-connection.ts';

export { MIGRATIONS_DIR, MIGRATIONS_DIRS, MigrationError } from './migration-files.ts';

/** Any constant: every Confrères process agrees on it; it only has to differ from other apps'. */
const ADVISORY_LOCK_ID = 0x436f6e66;

const MIGRATIONS_TABLE: Readonly<Record<Backend, string>> = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`,
  postgresql: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`,
};

/** Applies pending migrations to the database a URL names. Returns the names applied. */
export async function migrateDatabase(url: string, dir?: string): Promise<string[]> {
  return backendOf(url) === 'sqlite' ? migrateSqlite(url, dir) : migratePostgres(url, dir);
}

/**
 * Creates the database folder (700) and file (600) if needed, switches the file to WAL
 * (persistent in the file) and applies pending migrations in order, under one exclusive
 * transaction: a second process waits (busy timeout), then finds nothing left to apply.
 */
export function migrateSqlite(url: string, migrationsDir = MIGRATIONS_DIRS.sqlite): string[] {
  const db = openSqliteFile(sqliteFilePath(url));
  try {
    db.pragma('journal_mode = WAL');
    const migrations = readMigrations(migrationsDir);
    const done: string[] = [];
    db.transaction(() => {
      db.exec(MIGRATIONS_TABLE.sqlite);
      const applied = new Map((db.prepare(APPLIED).all() as { migration_name: string; checksum: string }[]).map((r) => [r.migration_name, r.checksum]));
      for (const migration of pending(migrations, applied)) {
        const startedAt = new Date().toISOString();
        try {
          db.exec(migration.sql);
        } catch (cause) {
          throw new MigrationError(`Migration ${migration.name} failed: ${(cause as Error).message}`, migration.name, { cause });
        }
        db.prepare(
          'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)',
        ).run(randomUUID(), migration.checksum, new Date().toISOString(), migration.name, startedAt);
        done.push(migration.name);
      }
    }).exclusive();
    // Rows that a migration moved or dropped must not stay readable in the WAL either.
    if (done.length > 0) db.pragma('wal_checkpoint(TRUNCATE)');
    return done;
  } finally {
    db.close();
  }
}

/**
 * Applies pending migrations on PostgreSQL, each in its own transaction, while holding a
 * session advisory lock: processes starting together queue on the lock and the later ones
 * find nothing to apply.
 */
export async function migratePostgres(url: string, migrationsDir = MIGRATIONS_DIRS.postgresql): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET client_min_messages = warning');
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_ID]);
    try {
      await client.query(MIGRATIONS_TABLE.postgresql);
      const rows = (await client.query<{ migration_name: string; checksum: string }>(APPLIED)).rows;
      const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
      const done: string[] = [];
      for (const migration of pending(readMigrations(migrationsDir), applied)) {
        const startedAt = new Date();
        try {
          await client.query('BEGIN');
          await client.query(migration.sql);
          await client.query(
            'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, $4, 1)',
            [randomUUID(), migration.checksum, migration.name, startedAt],
          );
          await client.query('COMMIT');
        } catch (cause) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new MigrationError(`Migration ${migration.name} failed: ${(cause as Error).message}`, migration.name, { cause });
        }
        done.push(migration.name);
      }
      return done;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_ID]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}
