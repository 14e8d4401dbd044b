/**
 * Scans every column of every table of a SQLite file for forbidden strings (platform user
 * ids, usernames, private chat ids). Returns where each one was found, so a failing test
 * names the table and column.
 */
import Database from 'better-sqlite3';
import { sqliteFilePath } from '../../src/store/migrate.ts';

export function findInDatabase(databaseUrl: string, needles: readonly string[]): string[] {
  const db = new Database(sqliteFilePath(databaseUrl), { readonly: true });
  try {
    const found: string[] = [];
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    for (const { name } of tables) {
      const rows = db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          if (value === null || value === undefined) continue;
          const text = Buffer.isBuffer(value) ? value.toString('latin1') : String(value);
          for (const needle of needles) if (text.includes(needle)) found.push(`${name}.${column} contains ${needle}`);
        }
      }
    }
    return found;
  } finally {
    db.close();
  }
}

/** The number of rows of each table, to check that a refused input changed nothing. */
export function tableCounts(databaseUrl: string): Record<string, number> {
  const db = new Database(sqliteFilePath(databaseUrl), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'").all() as { name: string }[];
    return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}
