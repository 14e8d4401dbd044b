/**
 * The update ledger in the shared database (table ProcessedUpdate): a row "<platform>:<id>"
 * when an instance starts handling an update, and "<platform>:<id>#done" when it has. Any
 * instance receiving the same update again sees it (see src/platforms/update-ledger.ts).
 * Rows older than a day are purged by the sweep: platforms stop redelivering long before.
 */
import { DONE_SUFFIX, UPDATE_LEASE_MS, type Admission, type UpdateLedger } from '../platforms/update-ledger.ts';
import type { Database } from './client.ts';
import { isUniqueViolation } from './cme-store.ts';

export class PrismaUpdateLedger implements UpdateLedger {
  constructor(private readonly db: Database) {}

  async admit(key: string, now: Date): Promise<Admission> {
    try {
      await this.db.processedUpdate.create({ data: { key, seenAt: now } });
      return 'first';
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    if (await this.db.processedUpdate.findUnique({ where: { key: key + DONE_SUFFIX } })) return 'done';
    // Claimed and not done: still being handled, or its instance died. Past the lease, take it
    // over; the condition on seenAt makes one of several instances win.
    const claim = await this.db.processedUpdate.findUnique({ where: { key } });
    if (!claim) return 'in_flight';
    if (now.getTime() - claim.seenAt.getTime() < UPDATE_LEASE_MS) return 'in_flight';
    const taken = await this.db.processedUpdate.updateMany({ where: { key, seenAt: claim.seenAt }, data: { seenAt: now } });
    return taken.count === 1 ? 'first' : 'in_flight';
  }

  async complete(key: string, now: Date): Promise<void> {
    await this.db.processedUpdate.upsert({ where: { key: key + DONE_SUFFIX }, create: { key: key + DONE_SUFFIX, seenAt: now }, update: {} });
  }

  async prune(before: Date): Promise<number> {
    return (await this.db.processedUpdate.deleteMany({ where: { seenAt: { lt: before } } })).count;
  }
}
