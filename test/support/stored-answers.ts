/**
 * Every answers document in a test database (in progress, in the release pool, released),
 * for tests that count what was stored without caring where it sits.
 */
import { readTables } from './anonymity-audit.ts';

const TABLES = ['InProgressResponse', 'PendingRelease', 'Response'] as const;

export async function storedAnswerDocuments(databaseUrl: string): Promise<Record<string, unknown>[]> {
  const tables = await readTables(databaseUrl);
  return TABLES.flatMap((name) => (tables.get(name) ?? []).map((row) => JSON.parse(String(row['answers'])) as Record<string, unknown>));
}

/** How many answers are stored, in all, or to one item. */
export async function countStoredAnswers(databaseUrl: string, itemCode?: string): Promise<number> {
  const documents = await storedAnswerDocuments(databaseUrl);
  return documents.reduce((sum, answers) => sum + (itemCode === undefined ? Object.keys(answers).length : itemCode in answers ? 1 : 0), 0);
}
