/**
 * The committed migrations as files (one folder per migration, `migration.sql` inside, one
 * tree per provider) and how they compare with those a database recorded as applied. Kept
 * apart from migrate.ts, which applies them, so that a read-only tool can check a database is
 * up to date without loading either database driver.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend } from './database-url.ts';

export const MIGRATIONS_DIRS: Readonly<Record<Backend, string>> = {
  sqlite: fileURLToPath(new URL('../../prisma/migrations', import.meta.url)),
  postgresql: fileURLToPath(new URL('../../prisma/postgresql/migrations', import.meta.url)),
};
export const MIGRATIONS_DIR = MIGRATIONS_DIRS.sqlite;

export class MigrationError extends Error {
  constructor(message: string, readonly migration: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export const APPLIED = 'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL';

export interface Migration {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export function readMigrations(dir: string): Migration[] {
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()
    : [];
  return names.map((name) => {
    const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
    return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

/** The migrations not applied yet; refuses a migration edited after it was applied. */
export function pending(migrations: readonly Migration[], applied: ReadonlyMap<string, string>): Migration[] {
  return migrations.filter((migration) => {
    const previous = applied.get(migration.name);
    if (previous === undefined) return true;
    if (previous !== migration.checksum) throw new MigrationError(`Migration ${migration.name} was changed after it was applied`, migration.name);
    return false;
  });
}

/**
 * Whether every committed migration is applied, unchanged: a read-only tool may then open the
 * database without migrating it (otherwise migrateDatabase applies them, or reports an edit).
 */
export function migrationsApplied(backend: Backend, applied: ReadonlyMap<string, string>, dir = MIGRATIONS_DIRS[backend]): boolean {
  return readMigrations(dir).every((migration) => applied.get(migration.name) === migration.checksum);
}
