/**
 * The connection the answer hot path runs its prepared statements on, beside Prisma's: a
 * better-sqlite3 handle for the embedded database, a `pg` pool for PostgreSQL. Prisma's
 * per-query cost (0.3–1 ms of CPU through the js engine) is what the hot path avoids.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { backendOf, sqliteFilePath } from './database-url.ts';

export type SqlConnection =
  | { readonly backend: 'sqlite'; readonly db: Sqlite.Database; close(): Promise<void> }
  | { readonly backend: 'postgresql'; readonly pool: pg.Pool; close(): Promise<void> };

/** How long a writer waits for another process's write lock before giving up (SQLite). */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export function openSqlConnection(url: string, options: { poolSize?: number } = {}): SqlConnection {
  if (backendOf(url) === 'postgresql') {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 16, types: { getTypeParser: utcTimestamps } });
    // An idle client losing its server connection emits 'error' on the pool; without a
    // listener that would crash the process. The next query gets a fresh client.
    pool.on('error', () => undefined);
    return { backend: 'postgresql', pool, close: () => pool.end() };
  }
  const db = openSqliteFile(sqliteFilePath(url));
  return {
    backend: 'sqlite',
    db,
    close: async () => {
      db.close();
    },
  };
}

/**
 * Prisma stores DateTime in `timestamp(3)` columns as UTC wall time; pg would read them as
 * the process's local time. Everything else keeps pg's own parsers.
 */
const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;
const utcTimestamps = ((oid: number, format?: 'text' | 'binary') =>
  oid === TIMESTAMP_WITHOUT_TIME_ZONE && format !== 'binary'
    ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`)
    : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser;

/**
 * Opens the SQLite file with the settings every connection of ours needs. The folder is
 * created 700 and the file 600 (SQLite gives its -wal and -shm files the database file's
 * mode); `secure_delete` overwrites deleted rows with zeros, so a deleted link does not stay
 * readable in free pages. `synchronous = NORMAL` in WAL mode survives a killed process (the
 * OS has every committed frame); only a power cut can lose the last commits.
 */
export function openSqliteFile(file: string, options: { readonly?: boolean } = {}): Sqlite.Database {
  if (!options.readonly) ensurePrivateFile(file);
  const db = new Sqlite(file, { timeout: SQLITE_BUSY_TIMEOUT_MS, readonly: options.readonly ?? false });
  db.pragma('secure_delete = ON');
  db.pragma('foreign_keys = ON');
  if (!options.readonly) db.pragma('synchronous = NORMAL');
  return db;
}

/** Creates the data folder (700) and an empty database file (600), or tightens our own file. */
export function ensurePrivateFile(file: string): void {
  const folder = path.dirname(file);
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (!existsSync(file)) {
    try {
      closeSync(openSync(file, 'wx', 0o600));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  for (const candidate of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(candidate) && (statSync(candidate).mode & 0o077) !== 0) chmodSync(candidate, 0o600);
  }
}
