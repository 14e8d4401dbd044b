/**
 * What the scheduled jobs need from storage, as interfaces; `src/store` implements them with
 * Prisma on the same database the bot uses, which is what makes claims work across
 * instances.
 */
import type { DigestSettings } from '../cme/digest-settings.ts';
import type { CommunityRecord } from '../survey/ports.ts';

export type ClaimStatus = 'running' | 'posted' | 'empty' | 'failed';

export interface ClaimRequest {
  readonly communityId: string;
  /** "digest", "progress" or "final". */
  readonly job: string;
  readonly periodKey: string;
  readonly at: Date;
  readonly instance: string;
  readonly coversFrom?: Date;
  readonly coversTo?: Date;
}

export interface RunClaims {
  /**
   * Inserts the claim row; true for the one caller that inserted it, false for everyone else
   * (another instance, or this one after a restart). Insert-or-fail on the primary key.
   */
  claim(request: ClaimRequest): Promise<boolean>;
  finish(communityId: string, job: string, periodKey: string, status: Exclude<ClaimStatus, 'running'>, at: Date, detail?: string): Promise<void>;
  /** Whether a claim exists, whatever its status. */
  exists(communityId: string, job: string, periodKey: string): Promise<boolean>;
  /** The end of the latest span a job covered (digests: shares up to then were posted). */
  lastCoveredUntil(communityId: string, job: string): Promise<Date | null>;
}

export interface DigestSettingsStore {
  get(communityId: string): Promise<DigestSettings | null>;
  save(communityId: string, settings: DigestSettings): Promise<void>;
}

export interface SurveyRun {
  readonly id: string;
  readonly definitionId: string;
  readonly definitionVersion: number;
  readonly status: 'open' | 'closed';
  readonly openedDay: string;
  readonly closedDay: string | null;
}

/** Communities and their surveys, as the scheduler walks them. */
export interface ScheduleDirectory {
  communities(): Promise<CommunityRecord[]>;
  /** Open surveys, and surveys closed on or after `closedSince` (a YYYY-MM-DD day). */
  surveysToReport(communityId: string, closedSince: string): Promise<SurveyRun[]>;
}

/** An in-progress link due for its one reminder; the address is still sealed. */
export interface ReminderCandidate {
  readonly participantKey: string;
  readonly sealedAddress: string;
  readonly surveyId: string;
  readonly definitionId: string;
  readonly definitionVersion: number;
  readonly community: CommunityRecord;
}

export interface ReminderStore {
  /**
   * Links of open surveys of communities on `platforms`, with an address, no opt-out, no
   * reminder yet, and no activity since `inactiveSince`.
   */
  due(inactiveSince: Date, platforms: readonly string[], limit: number): Promise<ReminderCandidate[]>;
  /** Marks the reminder sent; true only for the caller that changed it (at most one). */
  markSent(participantKey: string, at: Date): Promise<boolean>;
  /** Ids of every open survey (to opt out from a private chat naming no community). */
  openSurveyIds(): Promise<string[]>;
}
