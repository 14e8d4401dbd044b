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
import type { ResponseRecord, ResponseSource, ResponseVisitOptions, StoredResponseRow } from '../analytics/ports.ts';
import { decodeAnswers } from './response-rows.ts';
import type { SqlConnection } from './sql-connection.ts';

/** Rows fetched per round trip from a PostgreSQL cursor. */
const FETCH = 5_000;

type Row = [status: string, cursor: string | null, answers: string];

const SELECT = 'SELECT "status", "cursor", "answers" FROM "Response" WHERE "surveyId" = {1}';
const ORDERED = ' ORDER BY "id"';

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

  /** A server-side cursor in a read-only transaction: one snapshot, FETCH rows at a time. */
  private async postgresCursor(sql: string, surveyId: string, emit: (row: Row) => void): Promise<number> {
    if (this.connection.backend !== 'postgresql') throw new Error('not a PostgreSQL connection');
    const client = await this.connection.pool.connect();
    let count = 0;
    try {
      await client.query('BEGIN READ ONLY');
      await client.query({ text: `DECLARE confreres_results NO SCROLL CURSOR FOR ${sql}`, values: [surveyId] });
      for (;;) {
        const { rows } = await client.query<Row>({ text: `FETCH ${FETCH} FROM confreres_results`, rowMode: 'array' });
        for (const row of rows) emit(row);
        count += rows.length;
        if (rows.length < FETCH) break;
      }
      await client.query('COMMIT');
      return count;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
