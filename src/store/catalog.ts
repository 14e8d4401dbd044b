/** Communities and survey runs in SQLite through Prisma. */
import { randomUUID } from 'node:crypto';
import type { CommunityRecord, SurveyCatalog, SurveyRecord, SurveyStatus } from '../survey/ports.ts';
import type { Database } from './client.ts';

export class PrismaSurveyCatalog implements SurveyCatalog {
  constructor(private readonly db: Database) {}

  async ensureCommunity(platform: string, externalId: string, name: string | null, day: string): Promise<CommunityRecord> {
    return this.db.community.upsert({
      where: { platform_externalId: { platform, externalId } },
      create: { id: randomUUID(), platform, externalId, name, createdDay: day },
      update: name === null ? {} : { name },
    });
  }

  findCommunity(platform: string, externalId: string): Promise<CommunityRecord | null> {
    return this.db.community.findUnique({ where: { platform_externalId: { platform, externalId } } });
  }

  async setLiveResults(communityId: string, liveResults: boolean): Promise<void> {
    await this.db.community.update({ where: { id: communityId }, data: { liveResults } });
  }

  async currentSurvey(communityId: string): Promise<SurveyRecord | null> {
    const open = await this.db.survey.findFirst({ where: { communityId, status: 'open' }, orderBy: { openedAt: 'desc' } });
    const survey = open ?? (await this.db.survey.findFirst({ where: { communityId }, orderBy: { openedAt: 'desc' } }));
    return survey ? toSurvey(survey) : null;
  }

  async findSurvey(surveyId: string): Promise<SurveyRecord | null> {
    const survey = await this.db.survey.findUnique({ where: { id: surveyId } });
    return survey ? toSurvey(survey) : null;
  }

  async openSurvey(communityId: string, definitionId: string, definitionVersion: number, day: string): Promise<SurveyRecord | null> {
    return this.db.$transaction(async (tx) => {
      if (await tx.survey.count({ where: { communityId, status: 'open' } })) return null;
      const survey = await tx.survey.create({
        data: { id: randomUUID(), communityId, definitionId, definitionVersion, status: 'open', openedDay: day },
      });
      return toSurvey(survey);
    });
  }

  async closeSurvey(surveyId: string, day: string): Promise<void> {
    await this.db.survey.update({ where: { id: surveyId }, data: { status: 'closed', closedDay: day } });
  }

  async countResponses(surveyId: string): Promise<{ participants: number; complete: number }> {
    // The study counts as a participant everyone who answered at least one item.
    const [participants, complete] = await Promise.all([
      this.db.response.count({ where: { surveyId, answers: { some: {} } } }),
      this.db.response.count({ where: { surveyId, status: 'complete' } }),
    ]);
    return { participants, complete };
  }
}

function toSurvey(row: {
  id: string;
  communityId: string;
  definitionId: string;
  definitionVersion: number;
  status: string;
  openedDay: string;
  closedDay: string | null;
}): SurveyRecord {
  const { id, communityId, definitionId, definitionVersion, openedDay, closedDay } = row;
  return { id, communityId, definitionId, definitionVersion, openedDay, closedDay, status: row.status as SurveyStatus };
}
