/**
 * What `/digest` reaches: the coming digest as a private preview, and the community's
 * schedule settings. A settings change is announced so the scheduler moves the community's
 * task at once (other instances pick it up at their next sweep).
 */
import { buildDigest, renderDigest } from '../cme/digest.ts';
import { applyDigestOptions, type DigestOptions, type DigestSettings } from '../cme/digest-settings.ts';
import type { DigestSettingsError } from '../cme/errors.ts';
import { textLimit } from '../cme/split.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Language } from '../shared/language.ts';
import type { CommunityRecord } from '../survey/ports.ts';
import { destinationOf, settingsOf, type ScheduleContext } from './context.ts';
import { digestSpan } from './digest-job.ts';
import type { FailedRun } from './ports.ts';
import { latestSlot, shiftSlot, slotOf } from './weekly.ts';

export interface DigestPreview {
  /** The preview split to the community's platform limit. */
  readonly parts: readonly string[];
  readonly total: number;
  /** When the digest will be posted. */
  readonly next: Date;
  readonly settings: DigestSettings;
}

export interface DigestConfiguration {
  readonly settings: DigestSettings;
  readonly next: Date;
  /** Where posts go; null when a Discord server has no channel configured yet. */
  readonly destination: string | null;
  /** Scheduled posts of the last weeks that could not be made (newest first), for admins. */
  readonly failures: readonly FailedRun[];
}

/** How far back /digest config reports failed posts, and how many. */
const FAILURES_SHOWN_DAYS = 28;
const FAILURES_SHOWN = 3;

export class DigestService {
  private readonly listeners = new Set<(communityId: string) => void>();

  constructor(private readonly context: Pick<ScheduleContext, 'settings' | 'claims' | 'cme' | 'defaultLanguage' | 'publishers'>) {}

  /** Called after a community's settings change (the scheduler reschedules it). */
  onSettingsChanged(listener: (communityId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The coming digest as it stands now; `reserve` leaves room in the first part for the caller's lines. */
  async preview(community: CommunityRecord, now: Date, language: Language, reserve = 0): Promise<DigestPreview> {
    const settings = await settingsOf(this.context, community.id);
    const slot = slotOf(settings);
    const next = shiftSlot(latestSlot(now, slot), slot, 1);
    const span = await digestSpan(this.context, community.id, settings, next);
    // Shares made up to this very moment count.
    const points = await this.context.cme.pointsBetween(community.id, span.from, new Date(now.getTime() + 1));
    const digest = buildDigest(points, span.from, now);
    const parts = renderDigest(digest, { language, timeZone: settings.timeZone, limit: textLimit(community.platform) - reserve, kind: 'preview' });
    return { parts, total: digest.total, next, settings };
  }

  async show(community: CommunityRecord, now: Date): Promise<DigestConfiguration> {
    const settings = await settingsOf(this.context, community.id);
    return this.describe(community, settings, now);
  }

  /** Applies `/digest config` options; nothing is saved unless every option is valid. */
  async configure(community: CommunityRecord, options: DigestOptions, language: Language, now: Date): Promise<Result<DigestConfiguration, DigestSettingsError>> {
    const current = await settingsOf(this.context, community.id);
    const next = applyDigestOptions(current, options, language);
    if (!next.ok) return next;
    const destination = next.value.destination;
    if (destination !== null && destination !== current.destination) {
      const refusal = await this.checkDestination(community, destination);
      if (refusal) return err(refusal);
    }
    await this.context.settings.save(community.id, next.value);
    for (const listener of this.listeners) listener(community.id);
    return ok(await this.describe(community, next.value, now));
  }

  /**
   * A digest goes to a chat of the same community (or the group itself): an admin of one
   * community must not be able to make the bot post into a chat of another.
   */
  private async checkDestination(community: CommunityRecord, destination: string): Promise<DigestSettingsError | null> {
    if (destination === community.externalId) return null;
    const publisher = this.context.publishers.get(community.platform);
    // No adapter running for this platform (a tool, the terminal): nothing to ask, nothing posted either.
    if (!publisher?.checkDestination) return null;
    const check = await publisher.checkDestination(community, destination);
    if (check.ok) return null;
    const value = destination.slice(0, 40);
    return check.reason === 'foreign' ? { code: 'digest.foreign_channel', value } : { code: 'digest.unknown_channel', value };
  }

  private async describe(community: CommunityRecord, settings: DigestSettings, now: Date): Promise<DigestConfiguration> {
    const slot = slotOf(settings);
    const since = new Date(now.getTime() - FAILURES_SHOWN_DAYS * 86_400_000);
    const failures = await this.context.claims.failures(community.id, since, FAILURES_SHOWN);
    return { settings, next: shiftSlot(latestSlot(now, slot), slot, 1), destination: destinationOf(community, settings), failures };
  }
}
