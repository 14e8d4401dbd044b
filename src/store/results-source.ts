/**
 * The responses of a survey for the analytics (src/analytics/ports.ts), read in one query.
 * Ordered by response id, which is random: the order says nothing about when anyone answered.
 */
import type { ResponseRecord, ResponseSource, StoredResponseRow } from '../analytics/ports.ts';
import type { AnswerValue } from '../survey/answers.ts';
import type { Database } from './client.ts';

export class PrismaResponseSource implements ResponseSource {
  constructor(private readonly db: Database) {}

  async responses(surveyId: string): Promise<ResponseRecord[]> {
    const rows = await this.db.response.findMany({
      where: { surveyId },
      select: { status: true, cursor: true, answers: { select: { itemCode: true, value: true } } },
      orderBy: { id: 'asc' },
    });
    return rows.map((row) => {
      const answers: Record<string, AnswerValue> = {};
      for (const answer of row.answers) answers[answer.itemCode] = JSON.parse(answer.value) as AnswerValue;
      return { status: row.status === 'complete' ? 'complete' : 'in_progress', cursor: row.cursor, answers };
    });
  }

  async eachResponse(surveyId: string, visit: (row: StoredResponseRow) => void): Promise<number> {
    const rows = await this.responses(surveyId);
    for (const row of rows) visit({ status: row.status, cursor: row.cursor, answersJson: JSON.stringify(row.answers) });
    return rows.length;
  }
}
