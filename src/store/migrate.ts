/**
 * Applies the committed Prisma migrations (prisma/migrations) to a SQLite file at start-up.
 * It records them in `_prisma_migrations` exactly as `prisma migrate deploy` does (same table,
 * sha-256 checksums), so the Prisma CLI and this runner agree on what is applied. Running it
 * in-process keeps start-up fast and needs no CLI in the production image.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

export class MigrationError extends Error {
  constructor(message: string, readonly migration: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/** The file path of a `file:` SQLite URL, relative paths taken from the working directory. */
export function sqliteFilePath(url: string): string {
  if (!url.startsWith('file:')) throw new Error(`Not a SQLite file URL: ${url}`);
  const withoutScheme = url.slice('file:'.length).split('?')[0] ?? '';
  return path.resolve(withoutScheme);
}

/**
 * Creates the database folder if needed, switches the file to WAL (persistent in the file)
 * and applies pending migrations in order. Returns the names of the migrations applied.
 */
export function migrateSqlite(url: string, migrationsDir = MIGRATIONS_DIR): string[] {
  const file = sqliteFilePath(url);
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(MIGRATIONS_TABLE);
    const applied = new Map(
      (db.prepare('SELECT migration_name, checksum FROM _prisma_migrations WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL').all() as {
        migration_name: string;
        checksum: string;
      }[]).map((row) => [row.migration_name, row.checksum]),
    );
    const names = existsSync(migrationsDir)
      ? readdirSync(migrationsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()
      : [];
    const done: string[] = [];
    for (const name of names) {
      const sql = readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const previous = applied.get(name);
      if (previous !== undefined) {
        if (previous !== checksum) throw new MigrationError(`Migration ${name} was changed after it was applied`, name);
        continue;
      }
      const startedAt = new Date().toISOString();
      try {
        db.transaction(() => {
          db.exec(sql);
          db.prepare(
            'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)',
          ).run(randomUUID(), checksum, new Date().toISOString(), name, startedAt);
        })();
      } catch (cause) {
        throw new MigrationError(`Migration ${name} failed: ${(cause as Error).message}`, name, { cause });
      }
      done.push(name);
    }
    return done;
  } finally {
    db.close();
  }
}
