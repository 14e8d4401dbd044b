/**
 * What every scheduled job receives: stores, publishers by platform, clock, logger. Built once
 * by the composition (./composition.ts); tests build it on a temporary SQLite file with fake
 * publishers and a fixed clock.
 */
import { DEFAULT_DIGEST_SETTINGS, type DigestSettings } from '../cme/digest-settings.ts';
import type { CmeService } from '../cme/service.ts';
import type { CommunityPublisher, OutgoingMessage } from './ports.ts';
import type { Language } from '../shared/language.ts';
import type { Logger } from '../shared/logger.ts';
import type { Telemetry } from '../ops/telemetry.ts';
import type { CommunityRecord, SurveyCatalog, SurveyRecord } from '../survey/ports.ts';
import type { DefinitionRegistry } from '../survey/registry.ts';
import type { DigestSettingsStore, ReminderStore, RunClaims, ScheduleDirectory } from './ports.ts';

/** Item results and charts for a progress post or a final summary (the analytics module). */
export interface ResultsReporter {
  /** Null when nothing may be shown (too few responses, live results off while open). */
  report(survey: SurveyRecord, community: CommunityRecord, language: Language, kind: 'progress' | 'final'): Promise<OutgoingMessage | null>;
}

export interface ScheduleContext {
  readonly directory: ScheduleDirectory;
  readonly settings: DigestSettingsStore;
  readonly claims: RunClaims;
  readonly cme: CmeService;
  readonly catalog: SurveyCatalog;
  readonly definitions: DefinitionRegistry;
  readonly reminders: ReminderStore;
  /** Decrypts a reminder address sealed by the keyring. */
  readonly openAddress: (sealed: string) => string;
  /** Platform → publisher; a platform whose adapter is not running is simply absent. */
  readonly publishers: ReadonlyMap<string, CommunityPublisher>;
  readonly results?: ResultsReporter | undefined;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Names this process in claim rows. */
  readonly instance: string;
  /** Hours without an answer before the one reminder; 0 turns reminders off. */
  readonly reminderAfterHours: number;
  /** Language of scheduled posts for communities that never ran /digest config. */
  readonly defaultLanguage: Language;
  /** How long a claim protects a post being made (default CLAIM_LEASE_MS). */
  readonly claimLeaseMs?: number;
  /** Scheduled posts by outcome; set by the composition root once metrics exist. */
  telemetry?: Telemetry;
}

/** Reports a job's outcome to the metrics and returns it. */
export function reported<T extends string>(context: ScheduleContext, job: string, outcome: T): T {
  context.telemetry?.scheduledPost(job, outcome);
  return outcome;
}

export async function settingsOf(context: Pick<ScheduleContext, 'settings' | 'defaultLanguage'>, communityId: string): Promise<DigestSettings> {
  return (await context.settings.get(communityId)) ?? { ...DEFAULT_DIGEST_SETTINGS, language: context.defaultLanguage };
}

/**
 * Where a community's posts go: the configured channel, else the group itself where the
 * community is one chat (Telegram, terminal). A Discord server has no default channel.
 */
export function destinationOf(community: CommunityRecord, settings: DigestSettings): string | null {
  if (settings.destination !== null) return settings.destination;
  return community.platform === 'telegram' || community.platform === 'console' ? community.externalId : null;
}

/** The publisher for a community, or null with a log line when its adapter is not running. */
export function publisherFor(context: ScheduleContext, community: CommunityRecord, job: string): CommunityPublisher | null {
  const publisher = context.publishers.get(community.platform) ?? null;
  if (!publisher) context.logger.info('scheduled post skipped: platform not running', { job, community: community.id, platform: community.platform });
  return publisher;
}

/** Posts parts in order; returns how many went out and the error that stopped it, if any. */
export async function postParts(
  publisher: CommunityPublisher,
  destination: string,
  messages: readonly OutgoingMessage[],
): Promise<{ posted: number; error: unknown }> {
  let posted = 0;
  try {
    for (const message of messages) {
      await publisher.postToCommunity(destination, message);
      posted++;
    }
    return { posted, error: null };
  } catch (error) {
    return { posted, error };
  }
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
