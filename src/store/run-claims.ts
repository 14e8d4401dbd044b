/**
 * Run claims through Prisma (SQLite or PostgreSQL): a row per (community, job, period),
 * inserted before a scheduled post is made. The insert either succeeds (this instance posts)
 * or fails on the primary key (someone already did, or is doing it), so a post is never made
 * twice, whatever the number of instances or restarts. A running claim holds a lease
 * (leaseUntil); once it has ended, the claim was abandoned and one instance may take it over.
 * Rows from before leases (leaseUntil null) count as leased for CLAIM_LEASE_MS from their claim.
 */
import type { ClaimRequest, ClaimStatus, FailedRun, RunClaims } from '../schedule/ports.ts';
import { CLAIM_LEASE_MS } from '../schedule/claim.ts';
import type { Database } from './client.ts';
import { isUniqueViolation } from './cme-store.ts';

export class PrismaRunClaims implements RunClaims {
  constructor(private readonly db: Database) {}

  async claim(request: ClaimRequest): Promise<boolean> {
    try {
      await this.db.runClaim.create({
        data: {
          communityId: request.communityId,
          job: request.job,
          periodKey: request.periodKey,
          status: 'running',
          claimedAt: request.at,
          instance: request.instance,
          coversFrom: request.coversFrom ?? null,
          coversTo: request.coversTo ?? null,
          leaseUntil: request.leaseUntil,
        },
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async takeOver(request: ClaimRequest): Promise<Date | null> {
    const where = { communityId: request.communityId, job: request.job, periodKey: request.periodKey };
    const abandoned = await this.db.runClaim.findUnique({ where: { communityId_job_periodKey: where } });
    if (!abandoned || abandoned.status !== 'running' || leaseEnd(abandoned) > request.at.getTime()) return null;
    // Conditional on the row as read: of several instances taking over, one changes it.
    const taken = await this.db.runClaim.updateMany({
      where: { ...where, status: 'running', claimedAt: abandoned.claimedAt, instance: abandoned.instance },
      data: { claimedAt: request.at, instance: request.instance, leaseUntil: request.leaseUntil },
    });
    return taken.count === 1 ? abandoned.claimedAt : null;
  }

  async settled(communityId: string, job: string, periodKey: string, now: Date): Promise<boolean> {
    const claim = await this.db.runClaim.findUnique({ where: { communityId_job_periodKey: { communityId, job, periodKey } } });
    if (!claim) return false;
    return claim.status !== 'running' || leaseEnd(claim) > now.getTime();
  }

  async failures(communityId: string, since: Date, limit: number): Promise<FailedRun[]> {
    const rows = await this.db.runClaim.findMany({
      where: { communityId, status: 'failed', claimedAt: { gte: since } },
      orderBy: { claimedAt: 'desc' },
      take: limit,
    });
    return rows.map((row) => ({ job: row.job, periodKey: row.periodKey, at: row.finishedAt ?? row.claimedAt, detail: row.detail }));
  }

  async finish(communityId: string, job: string, periodKey: string, status: Exclude<ClaimStatus, 'running'>, at: Date, detail?: string): Promise<void> {
    await this.db.runClaim.update({
      where: { communityId_job_periodKey: { communityId, job, periodKey } },
      data: { status, finishedAt: at, detail: detail?.slice(0, 200) ?? null },
    });
  }

  async exists(communityId: string, job: string, periodKey: string): Promise<boolean> {
    return (await this.db.runClaim.count({ where: { communityId, job, periodKey } })) > 0;
  }

  async lastCoveredUntil(communityId: string, job: string): Promise<Date | null> {
    const latest = await this.db.runClaim.findFirst({
      where: { communityId, job, coversTo: { not: null }, status: { in: ['posted', 'empty'] } },
      orderBy: { coversTo: 'desc' },
    });
    return latest?.coversTo ?? null;
  }
}

function leaseEnd(claim: { claimedAt: Date; leaseUntil: Date | null }): number {
  return claim.leaseUntil?.getTime() ?? claim.claimedAt.getTime() + CLAIM_LEASE_MS;
}
