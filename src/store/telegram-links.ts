/**
 * What the Telegram adapter keeps between updates, in SQLite through Prisma: the opaque
 * deep-link token of each survey run, and which run a member is answering in their private
 * chat. Members appear only by member key (HMAC); no user id, chat id or message id is stored.
 */
import { randomBytes } from 'node:crypto';
import type { CommunityRecord } from '../survey/ports.ts';
import type { Database } from './client.ts';

/** 16 random bytes in base64url: 22 characters of A–Z a–z 0–9 _ -, as a /start payload allows. */
function newToken(): string {
  return randomBytes(16).toString('base64url');
}

export class PrismaTelegramLinks {
  constructor(private readonly db: Database) {}

  /** The survey's deep-link token, created on first use; concurrent callers get the same one. */
  async invitationToken(surveyId: string): Promise<string> {
    const existing = await this.db.surveyInvitation.findUnique({ where: { surveyId } });
    if (existing) return existing.token;
    const created = await this.db.surveyInvitation.upsert({
      where: { surveyId },
      create: { token: newToken(), surveyId },
      update: {},
    });
    return created.token;
  }

  async surveyForToken(token: string): Promise<string | null> {
    return (await this.db.surveyInvitation.findUnique({ where: { token } }))?.surveyId ?? null;
  }

  async activeSurvey(memberKey: string): Promise<string | null> {
    return (await this.db.activeSurvey.findUnique({ where: { memberKey } }))?.surveyId ?? null;
  }

  async setActiveSurvey(memberKey: string, surveyId: string): Promise<void> {
    await this.db.activeSurvey.upsert({ where: { memberKey }, create: { memberKey, surveyId }, update: { surveyId } });
  }

  async communityById(id: string): Promise<CommunityRecord | null> {
    return this.db.community.findUnique({ where: { id } });
  }

  /** A Telegram group upgraded to a supergroup changes its chat id; its community follows. */
  async moveCommunity(platform: string, fromExternalId: string, toExternalId: string): Promise<void> {
    // If the new id was registered already (an update from the supergroup came first), keep both.
    if (await this.db.community.findUnique({ where: { platform_externalId: { platform, externalId: toExternalId } } })) return;
    await this.db.community.updateMany({ where: { platform, externalId: fromExternalId }, data: { externalId: toExternalId } });
  }
}
