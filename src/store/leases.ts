/**
 * Named leases in the shared database (table Lease), through Prisma on either backend: the
 * Discord gateway runs on the instance holding "discord-gateway". Taking a lease is one
 * conditional statement, so of several instances racing, one wins: an insert (the lease never
 * existed; the primary key refuses the others) or an update that matches only while the lease
 * is free, expired or already the caller's.
 */
import type { LeaseStore } from '../platforms/discord/gateway-lease.ts';
import type { Database } from './client.ts';
import { isUniqueViolation } from './cme-store.ts';

export class PrismaLeases implements LeaseStore {
  constructor(private readonly db: Database) {}

  async acquire(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const expiresAt = new Date(now.getTime() + ttlMs);
    const updated = await this.db.lease.updateMany({
      where: { name, OR: [{ holder }, { expiresAt: { lte: now } }] },
      data: { holder, expiresAt },
    });
    if (updated.count === 1) return true;
    try {
      await this.db.lease.create({ data: { name, holder, expiresAt } });
      return true;
    } catch (error) {
      // Someone else holds it (or just took it).
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db.lease.deleteMany({ where: { name, holder } });
  }
}
