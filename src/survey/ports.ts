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
  readonly id: string;
  readonly surveyId: string;
  readonly cursor: string | null;
  /** Choices toggled on the current multiple-choice item, not yet confirmed. */
  readonly draft: readonly string[] | null;
  readonly lastDeliveryKey: string | null;
  readonly answers: Answers;
  /** The activity hour already stored on the link, so an answer in the same hour writes nothing more. */
  readonly activityAt?: Date | null;
}

export interface ResponseChange {
  readonly answers: Answers;
  readonly cursor: string | null;
  readonly draft: readonly string[] | null;
  readonly deliveryKey: string | null;
  readonly day: string;
  /**
   * When the respondent last acted, rounded down to the hour: kept on the participant link
   * only (for the 72-hour reminder), never on the response.
   */
  readonly activityAt?: Date;
}

/** The operations of one transaction on responses; everything in it commits or nothing does. */
export interface ResponseTransaction {
  findInProgress(participantKey: string): Promise<InProgressResponse | null>;
  hasCompleted(participantKey: string): Promise<boolean>;
  create(participantKey: string, surveyId: string, cursor: string | null, day: string, activityAt?: Date): Promise<InProgressResponse>;
  /** Writes the answers that changed (and deletes the dropped ones) and the cursor. */
  save(previous: InProgressResponse, change: ResponseChange): Promise<void>;
  /** Saves the last change, marks the response complete, and deletes the participant link. */
  complete(previous: InProgressResponse, change: ResponseChange, participantKey: string): Promise<void>;
  /** Deletes an in-progress response and its link; false when there was none. */
  discard(participantKey: string): Promise<boolean>;
  /**
   * Keeps an already encrypted address on the in-progress link (anonymity rule 3), deleted
   * with the link; false when there is no link.
   */
  setReminderAddress(participantKey: string, sealedAddress: string): Promise<boolean>;
  /** Turns the reminder of the in-progress response off or back on; false when there is no link. */
  setRemindersOff(participantKey: string, off: boolean): Promise<boolean>;
}

export interface ResponseStore {
  transaction<T>(work: (tx: ResponseTransaction) => Promise<T>): Promise<T>;
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
