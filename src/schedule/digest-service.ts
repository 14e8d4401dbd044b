/**
 * What `/digest` reaches: the coming digest as a private preview, and the community's
 * schedule settings. A settings change is announced so the scheduler moves the community's
 * task at once (other instances pick it up at their next sweep).
 */
import { buildDigest, renderDigest } from '../cme/digest.ts';
import { applyDigestOptions, type DigestOptions, type DigestSettings } from '../cme/digest-settings.ts';
import type { DigestSettingsError } from '../cme/errors.ts';
import { textLimit } from '../cme/split.ts';
import { ok, type Result } from '../shared/result.ts';
import type { Language } from '../shared/language.ts';
import type { CommunityRecord } from '../survey/ports.ts';
import { destinationOf, settingsOf, type ScheduleContext } from './context.ts';
import { digestSpan } from './digest-job.ts';
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
}

export class DigestService {
  private readonly listeners = new Set<(communityId: string) => void>();

  constructor(private readonly context: Pick<ScheduleContext, 'settings' | 'claims' | 'cme' | 'defaultLanguage'>) {}

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
    return describe(community, settings, now);
  }

  /** Applies `/digest config` options; nothing is saved unless every option is valid. */
  async configure(community: CommunityRecord, options: DigestOptions, language: Language, now: Date): Promise<Result<DigestConfiguration, DigestSettingsError>> {
    const current = await settingsOf(this.context, community.id);
    const next = applyDigestOptions(current, options, language);
    if (!next.ok) return next;
    await this.context.settings.save(community.id, next.value);
    for (const listener of this.listeners) listener(community.id);
    return ok(describe(community, next.value, now));
  }
}

function describe(community: CommunityRecord, settings: DigestSettings, now: Date): DigestConfiguration {
  const slot = slotOf(settings);
  return { settings, next: shiftSlot(latestSlot(now, slot), slot, 1), destination: destinationOf(community, settings) };
}
