/**
 * Reads a test database directly, on either backend, for what the application's own API does
 * not show: every value of every table (to find forbidden strings such as platform user ids)
 * and row counts (to check that a refused input changed nothing).
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { backendOf, sqliteFilePath } from '../../src/store/database-url.ts';

type Row = Record<string, unknown>;

/** Every user table's rows (tables whose name starts with _ are bookkeeping). */
export async function readTables(databaseUrl: string): Promise<Map<string, Row[]>> {
  const tables = new Map<string, Row[]>();
  if (backendOf(databaseUrl) === 'sqlite') {
    const db = new Database(sqliteFilePath(databaseUrl), { readonly: true });
    try {
      const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'").all() as { name: string }[];
      for (const { name } of names) tables.set(name, db.prepare(`SELECT * FROM "${name}"`).all() as Row[]);
    } finally {
      db.close();
    }
    return tables;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const names = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE '\\_%'",
    );
    for (const { name } of names.rows) tables.set(name, (await client.query<Row>(`SELECT * FROM "${name}"`)).rows);
  } finally {
    await client.end();
  }
  return tables;
}

/** Where each forbidden string occurs, as "Table.column contains …", so a failing test names it. */
export async function findInDatabase(databaseUrl: string, needles: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const [name, rows] of await readTables(databaseUrl)) {
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (value === null || value === undefined) continue;
        const text = Buffer.isBuffer(value) ? value.toString('latin1') : value instanceof Date ? value.toISOString() : String(value);
        for (const needle of needles) if (contains(text, needle)) found.push(`${name}.${column} contains ${needle}`);
      }
    }
  }
  return found;
}

/**
 * Whether a value holds a needle. A numeric needle (a platform user id) counts only where no
 * other letter or digit touches it: a 64-hex participant key contains any 4-digit id by
 * chance now and then, which is not a leak; "telegram:8630" or "8630" would be.
 */
function contains(text: string, needle: string): boolean {
  if (!/^\d+$/.test(needle)) return text.includes(needle);
  return new RegExp(`(?<![0-9A-Za-z])${needle}(?![0-9A-Za-z])`).test(text);
}

/** The number of rows of each table. */
export async function tableCounts(databaseUrl: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, rows] of await readTables(databaseUrl)) counts[name] = rows.length;
  return counts;
}

/** One table's rows, bookkeeping tables (`_prisma_migrations`) included. */
export async function readTable(databaseUrl: string, name: string): Promise<Row[]> {
  if (backendOf(databaseUrl) === 'sqlite') {
    const db = new Database(sqliteFilePath(databaseUrl), { readonly: true });
    try {
      return db.prepare(`SELECT * FROM "${name}"`).all() as Row[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<Row>(`SELECT * FROM "${name}"`)).rows;
  } finally {
    await client.end();
  }
}
