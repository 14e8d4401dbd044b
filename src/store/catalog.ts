/** Communities and survey runs through Prisma (cold path); closing runs in the answer store. */
import { randomUUID } from 'node:crypto';
import type { CommunityRecord, SurveyCatalog, SurveyRecord } from '../survey/ports.ts';
import type { Database } from './client.ts';
import { toSurvey } from './survey-rows.ts';
import type { SurveyReleases } from './releases.ts';

export class PrismaSurveyCatalog implements SurveyCatalog {
  constructor(private readonly db: Database, private readonly releases: SurveyReleases) {}

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

  closeSurvey(surveyId: string, day: string): Promise<void> {
    return this.releases.closeSurvey(surveyId, day);
  }

  /**
   * Participation, counting responses in progress and in the release pool too (a member who
   * finished is known to have finished; which response is theirs is what stays hidden).
   * The study counts as a participant everyone who answered at least one item.
   */
  async countResponses(surveyId: string): Promise<{ participants: number; complete: number }> {
    const [inProgress, released, releasedComplete, pending] = await Promise.all([
      this.db.inProgressResponse.count({ where: { surveyId, answers: { not: '{}' } } }),
      this.db.response.count({ where: { surveyId, answers: { not: '{}' } } }),
      this.db.response.count({ where: { surveyId, status: 'complete' } }),
      this.db.pendingRelease.count({ where: { surveyId } }),
    ]);
    return { participants: inProgress + released + pending, complete: releasedComplete + pending };
  }
}
