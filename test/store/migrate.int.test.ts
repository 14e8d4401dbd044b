import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrateSqlite } from '../../src/store/migrate.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'confreres-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migrations at start', () => {
  it('creates a missing data folder, applies every migration once, in WAL mode', () => {
    const url = `file:${path.join(dir, 'nested', 'folder', 'db.sqlite')}`;
    const names = readdirSync(MIGRATIONS_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(migrateSqlite(url)).toEqual(names);
    expect(migrateSqlite(url)).toEqual([]);
    const db = new Database(path.join(dir, 'nested', 'folder', 'db.sqlite'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const rows = db.prepare('SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name').all() as {
      migration_name: string;
      checksum: string;
      finished_at: string;
    }[];
    db.close();
    // Same bookkeeping as `prisma migrate deploy`: sha-256 of each migration.sql.
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      const sql = readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
    }
  });
});
