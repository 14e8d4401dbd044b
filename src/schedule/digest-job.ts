/**
 * The weekly digest of one community. `runDigest` is idempotent and "due-based": it posts the
 * digest of the latest slot at or before `now` unless that slot is claimed already. The cron
 * tick, the catch-up at start and a second instance all call the same function; the claim row
 * decides who posts.
 *
 * A digest covers the shares since the end of the last digest (so a short outage loses
 * nothing), at least one week and at most four.
 */
import { buildDigest, renderDigest, type Digest } from '../cme/digest.ts';
import type { DigestSettings } from '../cme/digest-settings.ts';
import { textLimit } from '../cme/split.ts';
import type { CommunityRecord } from '../survey/ports.ts';
import { acquire, alreadyPosted, leaseFrom } from './claim.ts';
import { destinationOf, errorName, postParts, publisherFor, reported, settingsOf, type ScheduleContext } from './context.ts';
import { latestSlot, periodKeyOf, shiftSlot, slotOf } from './weekly.ts';

export const DIGEST_JOB = 'digest';
const MAX_WEEKS_COVERED = 4;

export type JobOutcome =
  | 'posted'
  | 'empty'
  | 'disabled'
  | 'no_publisher'
  | 'no_destination'
  | 'already_claimed'
  | 'failed';

/** The span of shares the digest of the slot at `slotInstant` covers. */
export async function digestSpan(context: Pick<ScheduleContext, 'claims'>, communityId: string, settings: DigestSettings, slotInstant: Date): Promise<{ from: Date; to: Date }> {
  const slot = slotOf(settings);
  const oneWeek = shiftSlot(slotInstant, slot, -1);
  const longest = shiftSlot(slotInstant, slot, -MAX_WEEKS_COVERED);
  const covered = await context.claims.lastCoveredUntil(communityId, DIGEST_JOB);
  // After a missed week (or a change of day), start where the last digest stopped.
  const from = covered && covered >= longest && covered < slotInstant ? covered : oneWeek;
  return { from, to: slotInstant };
}

export async function buildCommunityDigest(context: ScheduleContext, community: CommunityRecord, settings: DigestSettings, slotInstant: Date): Promise<Digest> {
  const span = await digestSpan(context, community.id, settings, slotInstant);
  const points = await context.cme.pointsBetween(community.id, span.from, span.to);
  return buildDigest(points, span.from, span.to);
}

export async function runDigest(context: ScheduleContext, community: CommunityRecord, now: Date): Promise<JobOutcome> {
  const outcome = await digestOnce(context, community, now);
  // Only what happened counts: "already claimed" and "disabled" are every sweep's answer.
  if (outcome === 'posted' || outcome === 'failed' || outcome === 'empty' || outcome === 'no_destination') reported(context, DIGEST_JOB, outcome);
  return outcome;
}

async function digestOnce(context: ScheduleContext, community: CommunityRecord, now: Date): Promise<JobOutcome> {
  const settings = await settingsOf(context, community.id);
  if (!settings.enabled) return 'disabled';
  const slotInstant = latestSlot(now, slotOf(settings));
  const periodKey = periodKeyOf(slotInstant, settings.timeZone);
  if (await context.claims.settled(community.id, DIGEST_JOB, periodKey, now)) return 'already_claimed';
  const publisher = publisherFor(context, community, DIGEST_JOB);
  if (!publisher) return 'no_publisher';
  const destination = destinationOf(community, settings);
  if (destination === null) {
    context.logger.warn('digest skipped: no channel configured', { community: community.id });
    return 'no_destination';
  }
  const digest = await buildCommunityDigest(context, community, settings, slotInstant);
  const claim = {
    communityId: community.id,
    job: DIGEST_JOB,
    periodKey,
    at: now,
    instance: context.instance,
    coversFrom: digest.from,
    coversTo: digest.to,
    leaseUntil: leaseFrom(context, now),
  };
  const acquired = await acquire(context, claim);
  if (acquired.kind === 'busy') return 'already_claimed';
  if (digest.total === 0 && !settings.emptyWeeks) {
    await context.claims.finish(community.id, DIGEST_JOB, periodKey, 'empty', now, '0 points');
    return 'empty';
  }
  const parts = renderDigest(digest, { language: settings.language, timeZone: settings.timeZone, limit: textLimit(community.platform) });
  if (await alreadyPosted(context, acquired, publisher, destination, parts[0])) {
    await context.claims.finish(community.id, DIGEST_JOB, periodKey, 'posted', context.now(), 'found posted after takeover');
    return 'posted';
  }
  const { posted, error } = await postParts(publisher, destination, parts.map((text) => ({ text })));
  if (error !== null) {
    // Never retried: a second attempt could post the first parts twice.
    context.logger.error('digest post failed', { community: community.id, period: periodKey, posted, parts: parts.length, error });
    await context.claims.finish(community.id, DIGEST_JOB, periodKey, 'failed', context.now(), `${posted}/${parts.length} ${errorName(error)}`);
    return 'failed';
  }
  await context.claims.finish(community.id, DIGEST_JOB, periodKey, 'posted', context.now(), `${parts.length} message(s), ${digest.total} point(s)`);
  context.logger.info('digest posted', { community: community.id, period: periodKey, messages: parts.length, points: digest.total });
  return 'posted';
}
