/**
 * Which platform updates have been handled, shared by every instance through the database
 * (table ProcessedUpdate), so an update delivered twice — Telegram redelivers a webhook
 * update whose answer it did not get, possibly to another instance — is handled once.
 *
 * An update is claimed before it is handled and marked done after. A second delivery finds
 * it done (skip), or claimed by an instance still at work (ask the platform to retry later),
 * or claimed longer ago than the lease (that instance died: take it over).
 */
export type Admission = 'first' | 'done' | 'in_flight';

export interface UpdateLedger {
  /** Claims `key` ("telegram:<update_id>") for this instance at `now`. */
  admit(key: string, now: Date): Promise<Admission>;
  /** The update was handled (successfully or not: a poison update is not retried forever). */
  complete(key: string, now: Date): Promise<void>;
  /** Forgets updates seen before `before` (platforms stop redelivering after a day). */
  prune(before: Date): Promise<number>;
}

/** How long a claim protects an update being handled (well under a second normally) before another instance may take it over. */
export const UPDATE_LEASE_MS = 10_000;

/** Suffix of the row that says an update is done (the claim row has the bare key). */
export const DONE_SUFFIX = '#done';

/** One process's ledger: for a single instance on SQLite, and for tests. */
export class MemoryUpdateLedger implements UpdateLedger {
  private readonly seen = new Map<string, Date>();

  async admit(key: string, now: Date): Promise<Admission> {
    if (this.seen.has(key + DONE_SUFFIX)) return 'done';
    const claimed = this.seen.get(key);
    if (claimed && now.getTime() - claimed.getTime() < UPDATE_LEASE_MS) return 'in_flight';
    this.seen.set(key, now);
    return 'first';
  }

  async complete(key: string, now: Date): Promise<void> {
    this.seen.set(key + DONE_SUFFIX, now);
  }

  async prune(before: Date): Promise<number> {
    let removed = 0;
    for (const [key, at] of this.seen) {
      if (at < before) {
        this.seen.delete(key);
        removed++;
      }
    }
    return removed;
  }
}
