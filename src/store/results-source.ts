/**
 * The released responses of a survey for the analytics (src/analytics/ports.ts), streamed by
 * one query: one read snapshot, so a batch released while the results are being computed is
 * counted whole or not at all, and 100k responses never sit in memory together. Responses
 * still in progress or in the release pool are not results (live results change by whole
 * batches).
 *
 * Order: by the responses' random ids unless the caller says any order will do (the
 * analysis: it only counts). Unordered, SQLite reads the survey's rows in its index order
 * (release batch, then the shuffled order each batch was written in) without sorting them:
 * the sort of every answers document was a third of the read at 100k respondents.
 */
import { hasAnswers } from '../analytics/answers-scanner.ts';
import type { AnalysisRows, ResponseRecord, ResponseSource, ResponseVisitOptions, StoredResponseRow } from '../analytics/ports.ts';
import { decodeAnswers } from './response-rows.ts';
import type { SqlConnection } from './sql-connection.ts';
import type pg from 'pg';

/** Rows fetched per round trip from a PostgreSQL cursor. */
const FETCH = 5_000;

type Row = [status: string, cursor: string | null, answers: string];

const SELECT = 'SELECT "status", "cursor", "answers" FROM "Response" WHERE "surveyId" = {1}';
const ORDERED = ' ORDER BY "id"';

/*
 * The analysis' reading (readForAnalysis), three statements in one snapshot. The complete
 * responses come as their documents alone: a value per row, where three columns made an
 * array and two strings per row (the read took a third less at 100k respondents). The
 * interrupted ones only count, so the database counts them: "{}" holds no answer, a document
 * of the store's own shape ('{"…}') holds one, and any other shape comes whole for hasAnswers
 * to decide, as the row-by-row reading does. The first count (from the index alone) is the
 * room the table sets aside.
 */
const TOTAL = 'SELECT count(*) FROM "Response" WHERE "surveyId" = {1}';
const INTERRUPTED = `SELECT "cursor", CASE WHEN "answers" LIKE '{"%}' THEN NULL ELSE "answers" END, count(*) FROM "Response"
  WHERE "surveyId" = {1} AND "status" <> 'complete' AND "answers" <> '{}' GROUP BY 1, 2`;
const COMPLETE = `SELECT "answers" FROM "Response" WHERE "surveyId" = {1} AND "status" = 'complete'`;

type InterruptedRow = [cursor: string | null, otherShape: string | null, count: number | string];

function countInterrupted(rows: readonly InterruptedRow[], visitor: AnalysisRows): void {
  for (const [cursor, otherShape, count] of rows) {
    if (otherShape === null || hasAnswers(otherShape)) visitor.interrupted(cursor, Number(count));
  }
}

export class SqlResponseSource implements ResponseSource {
  constructor(private readonly connection: SqlConnection) {}

  async responses(surveyId: string): Promise<ResponseRecord[]> {
    const records: ResponseRecord[] = [];
    await this.eachResponse(surveyId, (row) => {
      records.push({ status: row.status, cursor: row.cursor, answers: decodeAnswers(row.answersJson) ?? {} });
    });
    return records;
  }

  async eachResponse(surveyId: string, visit: (row: StoredResponseRow) => void, options: ResponseVisitOptions = {}): Promise<number> {
    const sql = SELECT + (options.anyOrder ? '' : ORDERED);
    const emit = (row: Row) => visit({ status: row[0] === 'complete' ? 'complete' : 'in_progress', cursor: row[1], answersJson: row[2] });
    if (this.connection.backend === 'sqlite') {
      let count = 0;
      const statement = this.connection.db.prepare<[string], Row>(sql.replace('{1}', '?')).raw(true);
      for (const row of statement.iterate(surveyId)) {
        emit(row);
        count++;
      }
      return count;
    }
    return this.postgresCursor(sql.replace('{1}', '$1'), surveyId, emit);
  }

  async readForAnalysis(surveyId: string, visitor: AnalysisRows): Promise<void> {
    if (this.connection.backend === 'sqlite') {
      const { db } = this.connection;
      const prepare = <T>(sql: string) => db.prepare<[string], T>(sql.replace('{1}', '?'));
      // better-sqlite3 runs the statements of a transaction function in one read snapshot.
      db.transaction(() => {
        visitor.expect(Number(prepare<number>(TOTAL).pluck(true).get(surveyId)));
        countInterrupted(prepare<InterruptedRow>(INTERRUPTED).raw(true).all(surveyId), visitor);
        for (const answers of prepare<string>(COMPLETE).pluck(true).iterate(surveyId)) visitor.complete(answers);
      })();
      return;
    }
    // REPEATABLE READ: the three statements see one snapshot (READ COMMITTED takes one each).
    await this.postgresTransaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
      const text = (sql: string) => sql.replace('{1}', '$1');
      const total = await client.query<[number | string]>({ text: text(TOTAL), values: [surveyId], rowMode: 'array' });
      visitor.expect(Number(total.rows[0]?.[0] ?? 0));
      countInterrupted((await client.query<InterruptedRow>({ text: text(INTERRUPTED), values: [surveyId], rowMode: 'array' })).rows, visitor);
      await fetchAll(client, text(COMPLETE), surveyId, (row: [string]) => visitor.complete(row[0]));
    });
  }

  /** A server-side cursor in a read-only transaction: one snapshot, FETCH rows at a time. */
  private postgresCursor(sql: string, surveyId: string, emit: (row: Row) => void): Promise<number> {
    return this.postgresTransaction('BEGIN READ ONLY', (client) => fetchAll(client, sql, surveyId, emit));
  }

  private async postgresTransaction<T>(begin: string, body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (this.connection.backend !== 'postgresql') throw new Error('not a PostgreSQL connection');
    const client = await this.connection.pool.connect();
    try {
      await client.query(begin);
      const result = await body(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/** Every row of `sql` through a server-side cursor, FETCH rows at a time (inside a transaction). */
async function fetchAll<R extends unknown[]>(client: pg.PoolClient, sql: string, surveyId: string, emit: (row: R) => void): Promise<number> {
  let count = 0;
  await client.query({ text: `DECLARE confreres_results NO SCROLL CURSOR FOR ${sql}`, values: [surveyId] });
  for (;;) {
    const { rows } = await client.query<R>({ text: `FETCH ${FETCH} FROM confreres_results`, rowMode: 'array' });
    for (const row of rows) emit(row);
    count += rows.length;
    if (rows.length < FETCH) break;
  }
  return count;
}
