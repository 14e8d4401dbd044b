/**
 * The SQLite side of a bulk import: one write transaction on a connection of its own, run in
 * a worker thread (sqlite-import-worker.ts) so that SQLite writes while the main thread parses
 * the next batch. Synchronous, as better-sqlite3 is.
 *
 * Why it is built this way (measured on 1.2 M rows, the 200 MB benchmark file):
 * - A batch crosses from the main thread as one text, its rows' stored fields (answers already
 *   as JSON) separated by NUL (packRows): a structured copy of thousands of small strings cost
 *   the parsing thread 6 µs a row, a string is one copy, and splitting it is cheaper here than
 *   JSON.parse and JSON.stringify again.
 * - One prepared single-row INSERT, run row by row: faster in better-sqlite3 than multi-row
 *   statements of hundreds of parameters, and prepared once instead of once a statement.
 * - The (surveyId, importFingerprint) index takes 64-hex keys in random order: once it
 *   outgrows the page cache, every insert reads and rewrites a random page (22,000 rows/s in
 *   the raw driver, against 64,000 without it). So once an import has written more rows than
 *   the table held before it (and at least BULK_AFTER_ROWS), the index is dropped inside the
 *   transaction and built again, by sorting, before the commit. DDL is transactional in
 *   SQLite: a rollback or a killed process leaves the index as it was, and other connections
 *   keep reading their snapshot.
 * - Rows present before the import are told apart by rowid (every row this transaction
 *   inserts gets a rowid above the largest one before it), so the "already present" check is
 *   one ordered pass over the survey's fingerprints at the end, with nothing kept in memory.
 */
import type Sqlite from 'better-sqlite3';
import type { ImportedResponse, ImportRefusal } from '../analytics/ports.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { ImportRowIds } from './import-ids.ts';
import { openSqliteFile } from './sql-connection.ts';


export interface SqliteImportOptions {
  readonly file: string;
  readonly surveyId: string;
  readonly fileFingerprint: string | null;
  readonly allowDuplicates: boolean;
  readonly today: string;
  /** Rows written before the fingerprint index is rebuilt at the end instead (tests lower it). */
  readonly bulkAfterRows?: number;
}

export const BULK_AFTER_ROWS = 50_000;
/**
 * The import connection's page cache. Rows go at the end of the table and of the primary key
 * (an import's ids increase: import-ids.ts); the cache holds the fingerprint index of a survey
 * that already has rows (its import keeps the index), and the first BULK_AFTER_ROWS rows'.
 * With random ids it had to hold the primary key too (~60 MB at 1.2 M rows) and took 32 MB;
 * 16 MB now writes the 200 MB import as fast, its peak RSS 25 MB lower.
 */
const CACHE_KIB = 16 * 1024;
/**
 * While the deferred indexes are built: SQLite's sorter takes as much memory again as the
 * page cache (the 200 MB import peaked at 378 MB); with a small cache it merges runs kept in
 * temporary files instead.
 */
const SORT_CACHE_KIB = 4 * 1024;
/**
 * Helper threads SQLite's sorter may use while building the deferred indexes: the parsing
 * thread is idle by then, so one more core sorts (1.2 M fingerprints: 1.95 → 1.36 s, +4 MB).
 */
const SORT_THREADS = 1;

const INSERT = `INSERT INTO "Response" ("id", "surveyId", "status", "cursor", "answers", "batch", "startedDay", "completedDay", "importFingerprint") VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)`;

/** New rows (rowid above `before`) whose fingerprint a row from before the import holds. */
const ALREADY_PRESENT = `SELECT coalesce(sum("fresh"), 0) AS n FROM (
  SELECT sum(rowid > @before) AS "fresh", sum(rowid <= @before) AS "old"
  FROM "Response" WHERE "surveyId" = @surveyId AND "importFingerprint" IS NOT NULL
  GROUP BY "importFingerprint"
) WHERE "old" > 0 AND "fresh" > 0`;

/**
 * A response's columns after its id and survey, as both backends store them: status, cursor
 * (none once complete), answers as JSON, startedDay, completedDay, import fingerprint.
 */
export function storedFields(r: ImportedResponse): [string, string | null, string, string, string | null, string | null] {
  const complete = r.status === 'complete';
  return [r.status, complete ? null : r.cursor, r.answersJson ?? JSON.stringify(r.answers), r.startedDay, complete ? (r.completedDay ?? r.startedDay) : null, r.fingerprint ?? null];
}

const STORED_FIELDS = 6;
/** Where storedFields puts the answers' JSON. */
const ANSWERS_FIELD = 2;
/** JSON escapes every control character, and the other stored fields are codes, days and hex digits. */
const FIELD = '\u0000';

/** A batch as it crosses to the worker: every row's stored fields, NUL after each. */
export function packRows(rows: readonly ImportedResponse[]): string {
  const parts: string[] = [];
  for (const r of rows) {
    const fields = storedFields(r);
    for (let f = 0; f < fields.length; f++) {
      const value = fields[f];
      // The answers are JSON, which never holds a raw NUL; looking would also flatten the
      // text the row builder concatenated, a copy the join below makes anyway.
      if (f !== ANSWERS_FIELD && value !== null && value !== undefined && value.includes(FIELD)) throw new Error('an imported field holds a NUL character');
      parts.push(value ?? '', FIELD);
    }
  }
  return parts.join('');
}

export class SqliteImportSession {
  private written = 0;
  private readonly ids = new ImportRowIds();
  /** Indexes dropped for the bulk load, to create again before the commit. */
  private deferred: { name: string; sql: string }[] | null = null;

  private constructor(
    private readonly db: Sqlite.Database,
    private readonly options: SqliteImportOptions,
    private readonly insert: Sqlite.Statement,
    private readonly before: number,
    private readonly checkPresence: boolean,
  ) {}

  /** Opens the transaction; refuses at once a file already imported into the survey. */
  static begin(options: SqliteImportOptions): Result<SqliteImportSession, ImportRefusal> {
    const db = openSqliteFile(options.file);
    try {
      db.pragma(`cache_size = -${CACHE_KIB}`);
      db.exec('BEGIN IMMEDIATE');
      const { surveyId, fileFingerprint, allowDuplicates } = options;
      if (fileFingerprint && !allowDuplicates) {
        const seen = db.prepare(`SELECT 1 FROM "ImportedFile" WHERE "surveyId" = ? AND "fingerprint" = ?`).get(surveyId, fileFingerprint);
        if (seen) {
          db.exec('ROLLBACK');
          db.close();
          return err({ code: 'import.file_already_imported' });
        }
      }
      const before = Number((db.prepare(`SELECT coalesce(max(rowid), 0) AS n FROM "Response"`).get() as { n: number }).n);
      // No fingerprint in the survey yet: no row of this import can be already present.
      const fingerprinted = !allowDuplicates && db.prepare(`SELECT 1 FROM "Response" WHERE "surveyId" = ? AND "importFingerprint" IS NOT NULL LIMIT 1`).get(surveyId) !== undefined;
      return ok(new SqliteImportSession(db, options, db.prepare(INSERT), before, fingerprinted));
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      db.close();
      throw error;
    }
  }

  /** Rows as packRows wrote them. */
  write(packed: string): void {
    const { surveyId } = this.options;
    const fields = packed.split(FIELD);
    let rows = 0;
    for (let at = 0; at + STORED_FIELDS <= fields.length; at += STORED_FIELDS) {
      // Empty is null: no cursor, day or fingerprint is ever the empty text.
      this.insert.run(this.ids.id(), surveyId, fields[at], fields[at + 1] || null, fields[at + 2], fields[at + 3], fields[at + 4] || null, fields[at + 5] || null);
      rows++;
    }
    this.written += rows;
    if (!this.deferred && this.written >= (this.options.bulkAfterRows ?? BULK_AFTER_ROWS) && this.written >= this.before) this.deferIndexes();
  }

  /** Builds the deferred indexes, refuses rows already present, records the file, commits. */
  finish(): Result<number, ImportRefusal> {
    const { db, options } = this;
    try {
      if (this.deferred?.length) {
        db.pragma(`cache_size = -${SORT_CACHE_KIB}`);
        db.pragma(`threads = ${SORT_THREADS}`);
      }
      for (const index of this.deferred ?? []) db.exec(index.sql);
      if (this.checkPresence) {
        const present = Number((db.prepare(ALREADY_PRESENT).get({ before: this.before, surveyId: options.surveyId }) as { n: number }).n);
        if (present > 0) {
          this.abort();
          return err({ code: 'import.rows_already_present', count: present });
        }
      }
      if (options.fileFingerprint) {
        db.prepare(
          `INSERT INTO "ImportedFile" ("surveyId", "fingerprint", "rows", "importedDay") VALUES (?, ?, ?, ?) ON CONFLICT ("surveyId", "fingerprint") DO UPDATE SET "rows" = "ImportedFile"."rows" + excluded."rows"`,
        ).run(options.surveyId, options.fileFingerprint, this.written, options.today);
      }
      db.exec('COMMIT');
      db.close();
      return ok(this.written);
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  /** Rolls everything back (the dropped indexes included) and closes the connection. */
  abort(): void {
    if (!this.db.open) return;
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } finally {
      this.db.close();
    }
  }

  private deferIndexes(): void {
    const indexes = this.db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Response' AND sql IS NOT NULL AND sql LIKE '%"importFingerprint"%'`)
      .all() as { name: string; sql: string }[];
    for (const index of indexes) this.db.exec(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
    this.deferred = indexes;
  }
}
