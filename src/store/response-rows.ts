/**
 * What both answer stores share: the row shape of an in-progress response, its decoding, and
 * the order and ids of a release batch. A released batch is written in a uniformly shuffled
 * order with fresh random ids, so that neither the physical order of rows nor their ids
 * follow the order in which members finished.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { AnswerValue, Answers } from '../survey/answers.ts';
import type { InProgressResponse, LoadedResponse, ResponseChange, ResponseSurvey } from '../survey/ports.ts';

export interface InProgressRow {
  surveyId: string;
  answers: string;
  cursor: string | null;
  draft: string | null;
  lastDeliveryKey: string | null;
  version: number | string;
  lastActivityAt: Date | string | null;
  status: string;
  definitionId: string;
  definitionVersion: number | string;
}

/** Columns of the hot load statement (the survey's status and definition come with the row). */
export const IN_PROGRESS_COLUMNS = `r."surveyId", r."answers", r."cursor", r."draft", r."lastDeliveryKey", r."version", r."lastActivityAt",
  s."status", s."definitionId", s."definitionVersion"`;

/**
 * Decodes an answers document; null when it is not a JSON object (a damaged file, a hand
 * edit). Callers never quote the content (answers are confidential, rule 7).
 */
export function decodeAnswers(json: string): Answers | null {
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, AnswerValue>;
  } catch {
    // not JSON: reported as damaged below
  }
  return null;
}

function decodeDraft(draft: string | null): string[] | null {
  if (draft === null) return null;
  try {
    const parsed: unknown = JSON.parse(draft);
    return Array.isArray(parsed) && parsed.every((code) => typeof code === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

/** SQLite returns DATETIME columns as Prisma's text; PostgreSQL as a Date. */
function toDate(value: Date | string | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(value);
}

/**
 * The loaded response; a damaged answers document comes back empty and marked `damaged`, so
 * the respondent starts again instead of being stuck on every /survey.
 */
export function toLoaded(row: InProgressRow): LoadedResponse {
  const answers = decodeAnswers(row.answers);
  const response: InProgressResponse = {
    surveyId: row.surveyId,
    answers: answers ?? {},
    ...(answers === null ? { damaged: true } : {}),
    cursor: row.cursor,
    draft: decodeDraft(row.draft),
    lastDeliveryKey: row.lastDeliveryKey,
    activityAt: toDate(row.lastActivityAt),
    version: Number(row.version),
  };
  return { response, survey: toSurvey(row) };
}

export function toSurvey(row: { status: string; definitionId: string; definitionVersion: number | string }): ResponseSurvey {
  return { status: row.status === 'open' ? 'open' : 'closed', definitionId: row.definitionId, definitionVersion: Number(row.definitionVersion) };
}

/** The values a save writes, encoded once. */
export function encodeChange(previous: InProgressResponse, change: ResponseChange) {
  return {
    answers: JSON.stringify(change.answers),
    cursor: change.cursor,
    draft: change.draft === null ? null : JSON.stringify(change.draft),
    lastDeliveryKey: change.deliveryKey ?? previous.lastDeliveryKey,
    day: change.day,
    activityAt: change.activityAt ?? previous.activityAt,
  };
}

/** A Fisher–Yates shuffle drawing from the operating system's CSPRNG. */
export function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A fresh random id for a released response (never derived from anything stored before). */
export function releaseId(): string {
  return randomUUID();
}

/** A random id for a pool row: only needs to be unique. */
export function poolId(): string {
  return randomBytes(16).toString('hex');
}

/** The smallest batch released while a survey is open (RESULTS_MIN_CELL). */
export function shouldRelease(poolSize: number, batchSize: number): boolean {
  return poolSize >= batchSize;
}
