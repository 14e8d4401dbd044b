/**
 * CME capture: the entry point `/cme` (and the adapters' reaction handlers) call. It
 * normalises what was shared, then records a new point or counts an endorsement of the one
 * with the same canonical link, DOI or PMID in that community.
 */
import type { Member } from '../privacy/keyring.ts';
import { ok, type Result } from '../shared/result.ts';
import { capturePoint, referenceKeys, type ShareInput } from './capture.ts';
import type { CmeError } from './errors.ts';
import type { CmePointRecord, CmeStore, RecordOutcome } from './ports.ts';
import { CME_TOPICS, type Topic } from './topics.ts';

/** The opaque key of a member's endorsement of one point (Keyring.endorserKey). */
export type EndorserKeyOf = (member: Member, communityId: string, pointKey: string) => string;

export class CmeService {
  constructor(
    private readonly store: CmeStore,
    private readonly topics: readonly Topic[] = CME_TOPICS,
    private readonly endorserKey?: EndorserKeyOf,
  ) {}

  /** With the `member` who shared, their re-shares of one point count once (by an opaque key). */
  async share(communityId: string, input: ShareInput, at: Date, member?: Member): Promise<Result<RecordOutcome, CmeError>> {
    const point = capturePoint(input, this.topics);
    if (!point.ok) return point;
    const endorser = member && this.endorserKey ? this.endorserKey(member, communityId, point.value.key) : undefined;
    return ok(await this.store.record(communityId, point.value, at, endorser));
  }

  /**
   * A 👍 added (delta 1) or removed (delta -1) on a message showing this point: `reference` is
   * a link (any form: it is canonicalised), a DOI, a PMID, the platform file id, or the link
   * of the message a point was captured from (a Discord message URL, a t.me link). Returns
   * null when no point of the community matches.
   */
  endorse(communityId: string, reference: string, delta: 1 | -1 = 1): Promise<CmePointRecord | null> {
    const keys = referenceKeys(reference);
    if (keys.length === 0) return Promise.resolve(null);
    return this.store.react(communityId, keys, delta, reference.trim());
  }

  /**
   * Where a platform reports only the total of 👍 on a message (Telegram's anonymous
   * reactions), adjusts the matching point by the difference with the count it holds, which
   * came from that same message: no reactor is known or stored. Null when no point matches.
   */
  async recount(communityId: string, reference: string, total: number): Promise<CmePointRecord | null> {
    const keys = referenceKeys(reference);
    if (keys.length === 0) return null;
    const current = await this.store.react(communityId, keys, 0, reference.trim());
    if (!current || current.reactions === total) return current;
    return this.store.react(communityId, keys, total - current.reactions, reference.trim());
  }

  pointsBetween(communityId: string, from: Date, to: Date): Promise<CmePointRecord[]> {
    return this.store.activeBetween(communityId, from, to);
  }
}
