/**
 * What the analytics read from storage and write to it, as plain data. `src/store` implements
 * these with Prisma; the analytics never see the client, and tests can hand them plain arrays.
 */
import type { Answers } from '../survey/answers.ts';

export type ResponseStatus = 'in_progress' | 'complete';

/** One response as the analysis sees it: no id, no day, nothing that points at a person. */
export interface ResponseRecord {
  readonly status: ResponseStatus;
  /** The item an in-progress respondent stopped at (drop-off); null once complete. */
  readonly cursor: string | null;
  readonly answers: Answers;
}

export interface ResponseSource {
  /** Every response of the survey, complete or not, in no meaningful order. */
  responses(surveyId: string): Promise<ResponseRecord[]>;
}

/** A response to write in bulk (CSV import, demo cohort): no participant key, day precision. */
export interface ImportedResponse {
  readonly status: ResponseStatus;
  readonly cursor: string | null;
  readonly answers: Answers;
  /** YYYY-MM-DD (anonymity rule 4). */
  readonly startedDay: string;
  readonly completedDay: string | null;
}

export interface ResponseImporter {
  /** Writes every response in one transaction: all of them or none. Returns how many. */
  importResponses(surveyId: string, responses: readonly ImportedResponse[]): Promise<number>;
}
