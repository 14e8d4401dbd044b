/**
 * What the scheduler reads: communities and their surveys, and in-progress responses due for
 * a reminder. Reminder candidates come only from InProgressResponse, which exists only while
 * a response is in progress (anonymity rule 3): a completed response has nothing to remind.
 */
import type { ReminderCandidate, ReminderStore, ScheduleDirectory, SurveyRun } from '../schedule/ports.ts';
import type { CommunityRecord } from '../survey/ports.ts';
import type { Database } from './client.ts';
import { sqlTimestamp } from './client.ts';

export class PrismaScheduleDirectory implements ScheduleDirectory {
  constructor(private readonly db: Database) {}

  async communities(): Promise<CommunityRecord[]> {
    const rows = await this.db.community.findMany({ orderBy: { createdDay: 'asc' } });
    return rows.map(({ id, platform, externalId, name, liveResults }) => ({ id, platform, externalId, name, liveResults }));
  }

  async surveysToReport(communityId: string, closedSince: string): Promise<SurveyRun[]> {
    const rows = await this.db.survey.findMany({
      where: { communityId, OR: [{ status: 'open' }, { status: 'closed', closedDay: { gte: closedSince } }] },
      orderBy: { openedAt: 'asc' },
    });
    return rows.map((row) => ({
      id: row.id,
      definitionId: row.definitionId,
      definitionVersion: row.definitionVersion,
      status: row.status === 'open' ? 'open' : 'closed',
      openedDay: row.openedDay,
      closedDay: row.closedDay,
    }));
  }
}

export class PrismaReminderStore implements ReminderStore {
  constructor(private readonly db: Database) {}

  async due(inactiveSince: Date, platforms: readonly string[], limit: number): Promise<ReminderCandidate[]> {
    const links = await this.db.inProgressResponse.findMany({
      where: {
        encryptedAddress: { not: null },
        remindersOff: false,
        remindedAt: null,
        lastActivityAt: { lte: inactiveSince },
        survey: { status: 'open', community: { platform: { in: [...platforms] } } },
      },
      include: { survey: { include: { community: true } } },
      take: limit,
    });
    return links.flatMap((link) => {
      if (link.encryptedAddress === null) return [];
      const { survey } = link;
      const { id, platform, externalId, name, liveResults } = survey.community;
      return [
        {
          participantKey: link.participantKey,
          sealedAddress: link.encryptedAddress,
          surveyId: survey.id,
          definitionId: survey.definitionId,
          definitionVersion: survey.definitionVersion,
          community: { id, platform, externalId, name, liveResults },
        },
      ];
    });
  }

  async markSent(participantKey: string, at: Date): Promise<boolean> {
    // One UPDATE statement, atomic on both backends: Prisma's updateMany opens a transaction
    // that two instances racing for the same rows can deadlock until SQLite's busy timeout.
    const count = await this.db.$executeRaw`UPDATE "InProgressResponse" SET "remindedAt" = ${sqlTimestamp(this.db, at)} WHERE "participantKey" = ${participantKey} AND "remindedAt" IS NULL`;
    return count === 1;
  }

  async openSurveyIds(): Promise<string[]> {
    return (await this.db.survey.findMany({ where: { status: 'open' }, select: { id: true } })).map((row) => row.id);
  }
}
