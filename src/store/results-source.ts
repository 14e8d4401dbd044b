/**
 * The released responses of a survey for the analytics (src/analytics/ports.ts), streamed
 * from one read snapshot, so a batch released while the results are being computed is
 * counted whole or not at all, and 100k responses never sit in memory together. Responses
 * still in progress or in the release pool are not results (live results change by whole
 * batches). eachResponse gives every row; readForAnalysis what the analysis keeps of them.
 *
 * Order: by the responses' ids unless the caller says any order will do (the analysis: it
 * only counts). Unordered, SQLite reads the survey's rows in its index order (release batch,
 * then the shuffled order each batch was written in), or the table's when the survey holds
 * most of it, without sorting them: the sort of every answers document was a third of the
 * read at 100k respondents.
 */
import { hasAnswers } from '../analytics/answers-scanner.ts';
import type { AnalysisRows, ResponseRecord, ResponseSource, ResponseVisitOptions, StoredResponseRow } from '../analytics/ports.ts';
import { decodeAnswers } from './response-rows.ts';
import { inPostgresTransaction } from './postgres-transaction.ts';
import type { SqlConnection } from './sql-connection.ts';
import type Sqlite from 'better-sqlite3';
import type pg from 'pg';

/** Rows fetched per round trip from a PostgreSQL cursor. */
const FETCH = 5_000;

type Row = [status: string, cursor: string | null, answers: string];

const SELECT = 'SELECT "status", "cursor", "answers" FROM "Response" WHERE "surveyId" = {1}';
const ORDERED = ' ORDER BY "id"';

/*
 * The analysis' reading (readForAnalysis), in one read snapshot. The complete responses come
 * as their documents alone (one value per row: three columns made an array and two strings
 * per row). The interrupted ones only count, so the database tells what there is to count:
 * a document of the store's own shape ('{"…}') holds an answer, "{}" none, and any other
 * shape comes whole for hasAnswers to decide, as the row-by-row reading does.
 *
 * SQLite, in one pass over the rows: each row gives one value, the document of a complete
 * response, else a number (the index of the item it stopped at among `stops`, -1 for none of
 * them, OTHER_SHAPE for a document read again afterwards), else null ("{}"). A second pass
 * for the interrupted rows cost as much as a third of the first. PostgreSQL cannot mix types
 * in a column: it counts the interrupted rows in a statement of their own (INTERRUPTED).
 * All responses, counted from the index alone, are the room the table sets aside.
 */
const TOTAL = 'SELECT count(*) FROM "Response" WHERE "surveyId" = {1}';
const OTHER_SHAPE = -2;
const STORE_SHAPE = `"answers" LIKE '{"%}'`;
const INTERRUPTED = `SELECT "cursor", CASE WHEN ${STORE_SHAPE} THEN NULL ELSE "answers" END, count(*) FROM "Response"
  WHERE "surveyId" = {1} AND "status" <> 'complete' GROUP BY 1, 2`;
const COMPLETE = `SELECT "answers" FROM "Response" WHERE "surveyId" = {1} AND "status" = 'complete'`;
const OTHER_SHAPES = `SELECT "cursor", "answers" FROM "Response"
  WHERE "surveyId" = ? AND "status" <> 'complete' AND "answers" <> '{}' AND NOT ${STORE_SHAPE}`;

type InterruptedRow = [cursor: string | null, otherShape: string | null, count: number | string];

/**
 * The share of the table's rows above which the single pass reads the whole table in rowid
 * order rather than the survey's index entries, each followed by a lookup of its row
 * (100,119 rows, all of one survey: 77 ms against 104). SQLite's planner has no statistics
 * to tell (no ANALYZE) and always takes the index.
 */
const MOST_OF_THE_TABLE = 0.7;

/** The single pass's statement: `?` for each stop, then the survey. */
function sqliteOnePass(stops: readonly string[], wholeTable: boolean): string {
  const stop = stops.length === 0 ? '-1' : `CASE "cursor" ${stops.map((_, i) => `WHEN ? THEN ${i}`).join(' ')} ELSE -1 END`;
  return `SELECT CASE WHEN "status" = 'complete' THEN "answers" WHEN "answers" = '{}' THEN NULL WHEN ${STORE_SHAPE} THEN ${stop} ELSE ${OTHER_SHAPE} END
    FROM "Response"${wholeTable ? ' NOT INDEXED' : ''} WHERE "surveyId" = ?`;
}

function sqliteAnalysisRead(db: Sqlite.Database, surveyId: string, visitor: AnalysisRows): void {
  const { stops } = visitor;
  const stopped = new Int32Array(stops.length + 1);
  let otherShapes = false;
  const total = Number(db.prepare(TOTAL.replace('{1}', '?')).pluck(true).get(surveyId));
  visitor.expect(total);
  // The largest rowid bounds the table's rows from above (a deleted row leaves a gap): cheap, and never overstates the share.
  const rows = Number(db.prepare('SELECT max(rowid) FROM "Response"').pluck(true).get() ?? 0);
  const wholeTable = total > MOST_OF_THE_TABLE * rows;
  for (const value of db.prepare<unknown[], string | number | null>(sqliteOnePass(stops, wholeTable)).pluck(true).iterate(...stops, surveyId)) {
    if (typeof value === 'string') visitor.complete(value);
    else if (value === OTHER_SHAPE) otherShapes = true;
    else if (value !== null) stopped[value >= 0 ? value : stops.length]!++;
  }
  for (let i = 0; i <= stops.length; i++) {
    const count = stopped[i] as number;
    if (count > 0) visitor.interrupted(stops[i] ?? null, count);
  }
  if (!otherShapes) return;
  for (const [cursor, answers] of db.prepare<[string], [string | null, string]>(OTHER_SHAPES).raw(true).iterate(surveyId)) {
    if (hasAnswers(answers)) visitor.interrupted(cursor, 1);
  }
}

/** Hands over the interrupted responses holding an answer (PostgreSQL). */
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
      // better-sqlite3 runs the statements of a transaction function in one read snapshot.
      db.transaction(() => sqliteAnalysisRead(db, surveyId, visitor))();
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

  private postgresTransaction<T>(begin: string, body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (this.connection.backend !== 'postgresql') throw new Error('not a PostgreSQL connection');
    return inPostgresTransaction(this.connection.pool, body, begin);
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
