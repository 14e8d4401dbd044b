/**
 * What the scheduled jobs need from storage, as interfaces; `src/store` implements them with
 * Prisma on the same database the bot uses, which is what makes claims work across
 * instances.
 */
import type { DigestSettings } from '../cme/digest-settings.ts';
import type { OutgoingFile } from '../shared/outgoing-file.ts';
import type { CommunityRecord } from '../survey/ports.ts';

export interface OutgoingMessage {
  readonly text: string;
  readonly files?: readonly OutgoingFile[];
}

/** Whether a destination typed in /digest config belongs to the community. */
export type DestinationCheck =
  | { readonly ok: true }
  /** The chat or channel exists but belongs elsewhere (another server or group). */
  | { readonly ok: false; readonly reason: 'foreign' }
  /** The bot cannot see it (unknown id, not a member, or the platform did not answer). */
  | { readonly ok: false; readonly reason: 'unknown' };

/**
 * How scheduled work (digests, progress posts, reminders) reaches a platform without knowing
 * it. Each adapter (discord, telegram, console) implements this; the scheduler picks the one
 * matching a community's platform.
 */
export interface CommunityPublisher {
  readonly platform: 'discord' | 'telegram' | 'console';
  /**
   * Posts in a community: `destination` is a Discord channel id or a Telegram group chat id.
   * Long texts are split to the platform's limits by the adapter.
   */
  postToCommunity(destination: string, message: OutgoingMessage): Promise<void>;
  /**
   * Sends a private message to a member's address (a Telegram private chat id, a Discord user
   * id for a DM). Resolves false when the member cannot be reached (closed DMs, blocked bot).
   */
  sendPrivate(address: string, message: OutgoingMessage): Promise<boolean>;
  /**
   * Whether `destination` may receive the community's posts: a channel of the same Discord
   * server, the Telegram group itself or its linked channel. Absent: any destination is taken.
   */
  checkDestination?(community: CommunityRecord, destination: string): Promise<DestinationCheck>;
  /**
   * Whether the bot posted a message starting with `text` in `destination` since `since`:
   * after taking over a claim whose holder died mid-post, a post already made is not made
   * again. Absent where the platform cannot tell (a Telegram bot cannot read history).
   */
  postedSince?(destination: string, text: string, since: Date): Promise<boolean>;
}

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
  /** The claim protects the post until then; past it, a claim still running was abandoned. */
  readonly leaseUntil: Date;
}

/** A post that could not be made, for admins (/digest config). */
export interface FailedRun {
  readonly job: string;
  readonly periodKey: string;
  readonly at: Date;
  readonly detail: string | null;
}

export interface RunClaims {
  /**
   * Inserts the claim row; true for the one caller that inserted it, false for everyone else
   * (another instance, or this one after a restart). Insert-or-fail on the primary key.
   */
  claim(request: ClaimRequest): Promise<boolean>;
  /**
   * Takes over a claim still "running" whose lease ended before `request.at` (its instance
   * died mid-post): one caller wins; returns when the abandoned claim was made, else null.
   */
  takeOver(request: ClaimRequest): Promise<Date | null>;
  /** Whether the run is settled: claimed and either finished or still within its lease. */
  settled(communityId: string, job: string, periodKey: string, now: Date): Promise<boolean>;
  /** Failed runs of a community since `since`, newest first. */
  failures(communityId: string, since: Date, limit: number): Promise<FailedRun[]>;
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
