/**
 * Claiming a scheduled post, with a lease. The first instance to insert the claim row posts;
 * the row says "running" until the post is made, and carries a lease. An instance that dies
 * mid-post leaves its claim running: once the lease has ended, the next instance to look
 * takes it over (one wins), checks where the platform allows it whether the post went out
 * after all, and posts it otherwise. Without the lease, a crash left the claim running
 * forever and the post silently never made.
 */
import type { ScheduleContext } from './context.ts';
import type { ClaimRequest, CommunityPublisher } from './ports.ts';

/** Long enough for the slowest post (a digest in many parts, charts, Telegram's pacing). */
export const CLAIM_LEASE_MS = 10 * 60_000;

export type Acquired =
  | { readonly kind: 'claimed' }
  /** The claim of a dead instance, claimed at `since`: its post may have gone out. */
  | { readonly kind: 'taken_over'; readonly since: Date }
  | { readonly kind: 'busy' };

export function leaseFrom(context: Pick<ScheduleContext, 'claimLeaseMs'>, at: Date): Date {
  return new Date(at.getTime() + (context.claimLeaseMs ?? CLAIM_LEASE_MS));
}

export async function acquire(context: ScheduleContext, request: ClaimRequest): Promise<Acquired> {
  if (await context.claims.claim(request)) return { kind: 'claimed' };
  const since = await context.claims.takeOver(request);
  if (since === null) return { kind: 'busy' };
  context.logger.warn('scheduled post taken over from an instance that did not finish it', {
    job: request.job,
    community: request.communityId,
    period: request.periodKey,
  });
  return { kind: 'taken_over', since };
}

/**
 * After a takeover: true when the platform shows the post was made (it is then recorded as
 * posted, not made again). Where the platform cannot tell, the post is made: a rare
 * duplicate after a crash is better than a digest never posted.
 */
export async function alreadyPosted(
  context: ScheduleContext,
  acquired: Acquired,
  publisher: CommunityPublisher,
  destination: string,
  firstText: string | undefined,
): Promise<boolean> {
  if (acquired.kind !== 'taken_over' || !publisher.postedSince || firstText === undefined) return false;
  try {
    return await publisher.postedSince(destination, firstText, acquired.since);
  } catch (error) {
    context.logger.warn('could not check whether the post was made before the takeover', { error });
    return false;
  }
}
