/**
 * Run claims in SQLite through Prisma: a row per (community, job, period), inserted before a
 * scheduled post is made. The insert either succeeds (this instance posts) or fails on the
 * primary key (someone already did, or is doing it), so a post is never made twice, whatever
 * the number of instances or restarts.
 */
import type { ClaimRequest, ClaimStatus, RunClaims } from '../schedule/ports.ts';
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
        },
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
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
