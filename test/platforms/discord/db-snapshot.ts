/** Reads every table of the test database as it is on disk, for "nothing changed" and audits. */
import Database from 'better-sqlite3';

export type Snapshot = Record<string, unknown[]>;

export function snapshot(file: string): Snapshot {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
    const out: Snapshot = {};
    for (const { name } of tables) {
      if (name === '_prisma_migrations') continue;
      out[name] = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all();
    }
    return out;
  } finally {
    db.close();
  }
}

/** Every table and column where one of `needles` appears, as "table.column". */
export function findValues(file: string, needles: readonly string[]): string[] {
  const hits: string[] = [];
  for (const [table, rows] of Object.entries(snapshot(file))) {
    for (const row of rows as Record<string, unknown>[]) {
      for (const [column, value] of Object.entries(row)) {
        const text = value instanceof Buffer ? value.toString('latin1') : String(value);
        for (const needle of needles) if (text.includes(needle)) hits.push(`${table}.${column} contains ${needle}`);
      }
    }
  }
  return hits;
}
