/**
 * What the analytics read from storage and write to it, as plain data. `src/store` implements
 * these with Prisma; the analytics never see the client, and tests can hand them plain arrays.
 */
import type { Result } from '../shared/result.ts';
import type { Answers } from '../survey/answers.ts';

export type ResponseStatus = 'in_progress' | 'complete';

/** One response as the analysis sees it: no id, no day, nothing that points at a person. */
export interface ResponseRecord {
  readonly status: ResponseStatus;
  /** The item an in-progress respondent stopped at (drop-off); null once complete. */
  readonly cursor: string | null;
  readonly answers: Answers;
}

/** One stored response as the store holds it: the answers as one JSON document. */
export interface StoredResponseRow {
  readonly status: ResponseStatus;
  readonly cursor: string | null;
  /** JSON object: item code → choice code, array of choice codes, integer or text. */
  readonly answersJson: string;
}

export interface ResponseVisitOptions {
  /**
   * The caller only counts (the analysis): the store may hand the rows in whatever order is
   * cheapest to read. Otherwise they come in an order that says nothing about who answered
   * when (the export writes rows in it).
   */
  readonly anyOrder?: boolean;
}

/** What the analysis keeps of a survey's responses, as ResponseSource.readForAnalysis hands them over. */
export interface AnalysisRows {
  /** The items a response may stop at (the definition's): a database may count by them. */
  readonly stops: readonly string[];
  /** Called before the complete responses: at most how many follow (the room a table sets aside). */
  expect(rows: number): void;
  /** A complete response's stored answers document, in any order. */
  complete(answersJson: string): void;
  /**
   * Interrupted responses holding at least one answer (hasAnswers), `count` of them stopped at
   * `cursor` (null: no item recorded, or one not among `stops`). A cursor may come in more
   * than one call, before or after the complete responses.
   */
  interrupted(cursor: string | null, count: number): void;
}

export interface ResponseSource {
  /** Every response of the survey, complete or not, in no meaningful order. */
  responses(surveyId: string): Promise<ResponseRecord[]>;
  /**
   * Visits every response of the survey once, from one read snapshot, streamed so that 100k
   * responses never sit in memory together. Returns how many were visited.
   */
  eachResponse(surveyId: string, visit: (row: StoredResponseRow) => void, options?: ResponseVisitOptions): Promise<number>;
  /**
   * What the analysis reads, from one read snapshot, when the source can give it more cheaply
   * than eachResponse: the complete responses' documents alone, and the interrupted ones
   * already counted (a database counts them itself). Without it the analysis visits every row.
   */
  readForAnalysis?(surveyId: string, rows: AnalysisRows): Promise<void>;
}

/** A response to write in bulk (CSV import, demo cohort): no participant key, day precision. */
export interface ImportedResponse {
  readonly status: ResponseStatus;
  readonly cursor: string | null;
  readonly answers: Answers;
  /**
   * `answers` as JSON (the same object as JSON.stringify writes it), when the reader already
   * wrote it so; the store stringifies `answers` otherwise.
   */
  readonly answersJson?: string;
  /** YYYY-MM-DD (anonymity rule 4). */
  readonly startedDay: string;
  readonly completedDay: string | null;
  /**
   * SHA-256 (hex) of the row's canonical content, computed by the importer: an import whose
   * rows are already in the survey is refused unless duplicates are allowed. No personal data.
   */
  readonly fingerprint?: string;
}

export interface ImportOptions {
  /** SHA-256 (hex) of the file's bytes: the same file imported twice into a survey is refused. */
  readonly fileFingerprint?: string;
  /** Import even when the file or some of its rows are already present. */
  readonly allowDuplicates?: boolean;
}

/** Why an import was refused as a whole (nothing was written). */
export type ImportRefusal =
  | { readonly code: 'import.file_already_imported' }
  | { readonly code: 'import.rows_already_present'; readonly count: number };

/** Responses to import: one array, or batches as a streaming parser yields them. */
export type ImportedBatches = readonly ImportedResponse[] | AsyncIterable<readonly ImportedResponse[]>;

export interface ResponseImporter {
  /**
   * Writes every response in one transaction, batch by batch as they come: all of them or
   * none (a batch iterator that throws rolls the whole import back). Returns how many.
   */
  importResponses(surveyId: string, responses: ImportedBatches, options?: ImportOptions): Promise<Result<number, ImportRefusal>>;
}
