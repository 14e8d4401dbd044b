/**
 * The released responses of a survey for the analytics (src/analytics/ports.ts), read page by
 * page in the order of their random ids: the order says nothing about when anyone answered,
 * and 100k responses never sit in memory together. Responses still in progress or in the
 * release pool are not results (live results change by whole batches).
 */
import type { ResponseRecord, ResponseSource, StoredResponseRow } from '../analytics/ports.ts';
import type { AnswerValue } from '../survey/answers.ts';
import { decodeAnswers } from './response-rows.ts';
import type { SqlConnection } from './sql-connection.ts';

const PAGE = 2_000;

interface Row {
  id: string;
  status: string;
  cursor: string | null;
  answers: string;
}

export class SqlResponseSource implements ResponseSource {
  constructor(private readonly connection: SqlConnection) {}

  async responses(surveyId: string): Promise<ResponseRecord[]> {
    const records: ResponseRecord[] = [];
    await this.eachResponse(surveyId, (row) => {
      const answers: Record<string, AnswerValue> = { ...(decodeAnswers(row.answersJson) ?? {}) };
      records.push({ status: row.status, cursor: row.cursor, answers });
    });
    return records;
  }

  async eachResponse(surveyId: string, visit: (row: StoredResponseRow) => void): Promise<number> {
    let after = '';
    let count = 0;
    for (;;) {
      const page = await this.page(surveyId, after);
      for (const row of page) visit({ status: row.status === 'complete' ? 'complete' : 'in_progress', cursor: row.cursor, answersJson: row.answers });
      count += page.length;
      const last = page[page.length - 1];
      if (!last || page.length < PAGE) return count;
      after = last.id;
    }
  }

  private async page(surveyId: string, after: string): Promise<Row[]> {
    const sql = 'SELECT "id", "status", "cursor", "answers" FROM "Response" WHERE "surveyId" = {1} AND "id" > {2} ORDER BY "id" LIMIT {3}';
    if (this.connection.backend === 'sqlite') {
      return this.connection.db.prepare<[string, string, number], Row>(sql.replace(/\{\d\}/g, '?')).all(surveyId, after, PAGE);
    }
    const { rows } = await this.connection.pool.query<Row>({
      name: 'confreres_results_page',
      text: sql.replace(/\{(\d)\}/g, '$$$1'),
      values: [surveyId, after, PAGE],
    });
    return rows;
  }
}
