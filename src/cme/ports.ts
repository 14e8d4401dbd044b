/**
 * What CME capture and digests need from storage; `src/store/cme-store.ts` implements it with
 * Prisma. Points hold links and platform file ids, never documents, and no member id: only a
 * name a member typed, when they asked to be credited.
 */
import type { CapturedPoint } from './capture.ts';

export interface CmePointRecord extends CapturedPoint {
  readonly id: string;
  readonly communityId: string;
  /** 1 for the first share, plus one per re-share of the same key in the community. */
  readonly shares: number;
  /** 👍 reactions reported by an adapter (platforms report them only with extra intents). */
  readonly reactions: number;
  readonly firstSharedAt: Date;
  readonly lastSharedAt: Date;
}

export interface RecordOutcome {
  readonly point: CmePointRecord;
  /** False when the key existed: the share counted as an endorsement. */
  readonly created: boolean;
  /**
   * False when this endorser had already shared (or first shared) this point: nothing was
   * added. Absent from stores that count every share.
   */
  readonly counted?: boolean;
}

export interface CmeStore {
  /**
   * Creates the point, or counts a re-share of the existing point with the same key (filling
   * a title, topic or tags it lacked). Safe against two shares racing. With `endorserKey`
   * (Keyring.endorserKey: opaque, per point), a share counts once per endorser: the first
   * sharer's key is kept with the point, a repeat changes nothing and says `counted: false`.
   */
  record(communityId: string, point: CapturedPoint, at: Date, endorserKey?: string): Promise<RecordOutcome>;
  /**
   * Adds `delta` (±1) to the reactions of the first point found under these keys, else of the
   * point captured from the message at `messageLink`; never below 0.
   */
  react(communityId: string, keys: readonly string[], delta: number, messageLink?: string): Promise<CmePointRecord | null>;
  /** Points first shared or re-shared in [from, to). */
  activeBetween(communityId: string, from: Date, to: Date): Promise<CmePointRecord[]>;
}
