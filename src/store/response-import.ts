/**
 * Writes imported responses (CSV import, demo cohort) in one transaction, batch by batch as
 * the parser yields them, so a file of any size goes in at once or not at all without being
 * held in memory. Imported responses have no participant key and no completion row: nobody
 * can resume or be matched to them. They are released as batch 0 with fresh random ids.
 * A file already imported, or rows already present (by fingerprint), refuse the whole import
 * unless duplicates are allowed.
 */
import { randomUUID } from 'node:crypto';
import type { ImportedBatches, ImportedResponse, ImportOptions, ImportRefusal, ResponseImporter } from '../analytics/ports.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { sqliteFilePath } from './database-url.ts';
import { inPostgresTransaction, openSqliteFile, type SqlConnection } from './sql-connection.ts';

/** Rows per multi-row statement: 9 parameters each, far below SQLite's 32,766. */
const ROWS_PER_STATEMENT = 500;
const COLUMNS = '"id", "surveyId", "status", "cursor", "answers", "batch", "startedDay", "completedDay", "importFingerprint"';

class Refused extends Error {
  constructor(readonly refusal: ImportRefusal) {
    super(refusal.code);
  }
}

/** One write session: SQLite and PostgreSQL differ only in how they run these. */
interface ImportSession {
  count(sql: string, values: readonly unknown[]): Promise<number>;
  column(sql: string, values: readonly unknown[]): Promise<string[]>;
  run(sql: string, values: readonly unknown[]): Promise<void>;
  placeholders(rows: number, columns: number): string;
}

export class SqlResponseImporter implements ResponseImporter {
  /**
   * @param url the database URL: SQLite imports on a connection of their own, so that a
   *   long import never mixes its transaction with the hot path's statements
   */
  constructor(private readonly connection: SqlConnection, private readonly url: string, private readonly today: () => string) {}

  async importResponses(surveyId: string, batches: ImportedBatches, options: ImportOptions = {}): Promise<Result<number, ImportRefusal>> {
    try {
      const imported = await this.inTransaction((session) => this.write(session, surveyId, batches, options));
      return ok(imported);
    } catch (error) {
      if (error instanceof Refused) return err(error.refusal);
      throw error;
    }
  }

  private async write(session: ImportSession, surveyId: string, batches: ImportedBatches, options: ImportOptions): Promise<number> {
    const { fileFingerprint, allowDuplicates = false } = options;
    if (fileFingerprint && !allowDuplicates) {
      const seen = await session.count(`SELECT count(*) AS n FROM "ImportedFile" WHERE "surveyId" = {} AND "fingerprint" = {}`, [surveyId, fileFingerprint]);
      if (seen > 0) throw new Refused({ code: 'import.file_already_imported' });
    }
    let imported = 0;
    let alreadyPresent = 0;
    // Rows repeated inside the file are the importer's to report, not "already present".
    const ours = new Set<string>();
    const iterable: AsyncIterable<readonly ImportedResponse[]> | Iterable<readonly ImportedResponse[]> =
      Symbol.asyncIterator in batches ? batches : [batches];
    for await (const batch of iterable) {
      for (let at = 0; at < batch.length; at += ROWS_PER_STATEMENT) {
        const rows = batch.slice(at, at + ROWS_PER_STATEMENT);
        if (!allowDuplicates) alreadyPresent += await this.countPresent(session, surveyId, rows, ours);
        for (const row of rows) if (row.fingerprint) ours.add(row.fingerprint);
        await session.run(`INSERT INTO "Response" (${COLUMNS}) VALUES ${session.placeholders(rows.length, 9)}`, rows.flatMap((r) => this.values(surveyId, r)));
        imported += rows.length;
      }
    }
    if (alreadyPresent > 0) throw new Refused({ code: 'import.rows_already_present', count: alreadyPresent });
    if (fileFingerprint) {
      await session.run(
        `INSERT INTO "ImportedFile" ("surveyId", "fingerprint", "rows", "importedDay") VALUES ({}, {}, {}, {}) ON CONFLICT ("surveyId", "fingerprint") DO UPDATE SET "rows" = "ImportedFile"."rows" + excluded."rows"`,
        [surveyId, fileFingerprint, imported, this.today()],
      );
    }
    return imported;
  }

  /** Rows of this statement whose fingerprint was in the survey before this import. */
  private async countPresent(session: ImportSession, surveyId: string, rows: readonly ImportedResponse[], ours: ReadonlySet<string>): Promise<number> {
    const fingerprints = [...new Set(rows.map((r) => r.fingerprint).filter((f): f is string => f !== undefined && !ours.has(f)))];
    if (fingerprints.length === 0) return 0;
    const present = new Set(
      await session.column(
        `SELECT DISTINCT "importFingerprint" AS v FROM "Response" WHERE "surveyId" = {} AND "importFingerprint" IN (${fingerprints.map(() => '{}').join(', ')})`,
        [surveyId, ...fingerprints],
      ),
    );
    return rows.filter((r) => r.fingerprint !== undefined && present.has(r.fingerprint)).length;
  }

  private values(surveyId: string, r: ImportedResponse): unknown[] {
    const complete = r.status === 'complete';
    return [
      randomUUID(),
      surveyId,
      r.status,
      complete ? null : r.cursor,
      JSON.stringify(r.answers),
      0,
      r.startedDay,
      complete ? (r.completedDay ?? r.startedDay) : null,
      r.fingerprint ?? null,
    ];
  }

  private async inTransaction<T>(work: (session: ImportSession) => Promise<T>): Promise<T> {
    if (this.connection.backend === 'sqlite') {
      const db = openSqliteFile(sqliteFilePath(this.url));
      const session: ImportSession = {
        count: async (sql, values) => Number((db.prepare(sql.replace(/\{\}/g, '?')).get(...values) as { n: number }).n),
        column: async (sql, values) => (db.prepare(sql.replace(/\{\}/g, '?')).all(...values) as { v: string }[]).map((r) => r.v),
        run: async (sql, values) => void db.prepare(sql.replace(/\{\}/g, '?')).run(...values),
        placeholders: (rows, columns) => Array.from({ length: rows }, () => `(${Array<string>(columns).fill('?').join(', ')})`).join(', '),
      };
      try {
        db.exec('BEGIN IMMEDIATE');
        const result = await work(session);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      } finally {
        db.close();
      }
    }
    return inPostgresTransaction(this.connection.pool, (client) => {
      const numbered = (sql: string) => {
        let n = 0;
        return sql.replace(/\{\}/g, () => `$${++n}`);
      };
      const session: ImportSession = {
        count: async (sql, values) => Number((await client.query<{ n: string }>(numbered(sql), [...values])).rows[0]?.n ?? 0),
        column: async (sql, values) => (await client.query<{ v: string }>(numbered(sql), [...values])).rows.map((r) => r.v),
        run: async (sql, values) => void (await client.query(sql.includes('{}') ? numbered(sql) : sql, [...values])),
        placeholders: (rows, columns) => {
          let n = 0;
          return Array.from({ length: rows }, () => `(${Array.from({ length: columns }, () => `$${++n}`).join(', ')})`).join(', ');
        },
      };
      return work(session);
    });
  }
}
