/**
 * What the survey domain needs from storage, as interfaces; `src/store` implements them with
 * Prisma, tests may use the same implementations on temporary SQLite files.
 */
import type { Answers } from './answers.ts';

export type SurveyStatus = 'open' | 'closed';

export interface CommunityRecord {
  readonly id: string;
  readonly platform: string;
  readonly externalId: string;
  readonly name: string | null;
  readonly liveResults: boolean;
}

export interface SurveyRecord {
  readonly id: string;
  readonly communityId: string;
  readonly definitionId: string;
  readonly definitionVersion: number;
  readonly status: SurveyStatus;
  readonly openedDay: string;
  readonly closedDay: string | null;
}

export interface InProgressResponse {
  readonly surveyId: string;
  readonly cursor: string | null;
  /** Choices toggled on the current multiple-choice item, not yet confirmed. */
  readonly draft: readonly string[] | null;
  readonly lastDeliveryKey: string | null;
  readonly answers: Answers;
  /** The activity hour already stored, so an answer in the same hour writes nothing more. */
  readonly activityAt: Date | null;
  /** Optimistic concurrency: a write applies only if the row still has this version. */
  readonly version: number;
  /** The stored answers could not be read back (a damaged file): the respondent starts again. */
  readonly damaged?: boolean;
}

/** The survey an in-progress response belongs to, read with it in the same statement. */
export interface ResponseSurvey {
  readonly status: SurveyStatus;
  readonly definitionId: string;
  readonly definitionVersion: number;
}

export interface LoadedResponse {
  readonly response: InProgressResponse;
  readonly survey: ResponseSurvey;
}

export interface ResponseChange {
  readonly answers: Answers;
  readonly cursor: string | null;
  readonly draft: readonly string[] | null;
  readonly deliveryKey: string | null;
  readonly day: string;
  /**
   * When the respondent last acted, rounded down to the hour: kept on the in-progress row
   * only (for the 72-hour reminder), never on a released response.
   */
  readonly activityAt?: Date;
}

/** Outcome of creating an in-progress response. */
export type CreateOutcome = 'created' | 'exists' | 'completed';

/**
 * The answer store. No interactive transaction spans a call: each write is one short
 * transaction that checks the version it read (optimistic concurrency), so respondents never
 * queue behind each other and a concurrent change (a redelivery on another instance) makes
 * the write report `false` for the caller to re-read and decide again.
 */
export interface ResponseStore {
  /** A survey's status and definition, as the hot path needs them (null: no such survey). */
  survey(surveyId: string): Promise<ResponseSurvey | null>;
  /** The in-progress response of a participant key, with its survey's status and definition. */
  load(participantKey: string): Promise<LoadedResponse | null>;
  hasCompleted(participantKey: string): Promise<boolean>;
  /** Starts a response; 'exists' or 'completed' when the key already has one. */
  create(participantKey: string, surveyId: string, cursor: string | null, day: string, activityAt?: Date): Promise<CreateOutcome>;
  /** Writes answers, cursor, draft and delivery key if the version still matches. */
  save(participantKey: string, previous: InProgressResponse, change: ResponseChange): Promise<boolean>;
  /**
   * Completes the response if the version still matches: its answers go to the release pool
   * with no key, the in-progress row is deleted and "this key has completed" is recorded.
   */
  complete(participantKey: string, previous: InProgressResponse, change: ResponseChange): Promise<boolean>;
  /** Deletes an in-progress response; false when there was none. */
  discard(participantKey: string): Promise<boolean>;
  /**
   * Keeps an already encrypted address on the in-progress row (anonymity rule 3), deleted
   * with it; false when there is no response in progress.
   */
  setReminderAddress(participantKey: string, sealedAddress: string): Promise<boolean>;
  /** Turns the reminder of the in-progress response off or back on; false when there is none. */
  setRemindersOff(participantKey: string, off: boolean): Promise<boolean>;
}

export interface SurveyCatalog {
  ensureCommunity(platform: string, externalId: string, name: string | null, day: string): Promise<CommunityRecord>;
  findCommunity(platform: string, externalId: string): Promise<CommunityRecord | null>;
  setLiveResults(communityId: string, liveResults: boolean): Promise<void>;
  /** The open survey of a community, or else its most recently opened one. */
  currentSurvey(communityId: string): Promise<SurveyRecord | null>;
  findSurvey(surveyId: string): Promise<SurveyRecord | null>;
  /** Opens a new run, unless one is open already (then returns null). */
  openSurvey(communityId: string, definitionId: string, definitionVersion: number, day: string): Promise<SurveyRecord | null>;
  closeSurvey(surveyId: string, day: string): Promise<void>;
  countResponses(surveyId: string): Promise<{ participants: number; complete: number }>;
}

/** Members who asked for no reminder (/reminders off), by member key. */
export interface ReminderOptOuts {
  has(memberKey: string): Promise<boolean>;
  set(memberKey: string, optedOut: boolean): Promise<void>;
}

export interface PreferenceStore {
  language(memberKey: string): Promise<string | null>;
  setLanguage(memberKey: string, language: string): Promise<void>;
}
