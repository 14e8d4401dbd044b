/**
 * A community's survey is for the members of its group: before a member opens or resumes it
 * in the private chat, Telegram is asked (getChatMember on the group) whether they belong to
 * it. Nothing is cached: the answer would tie a user to a group, and a member who leaves loses
 * access at once. A failed check (the bot removed from the group, Telegram unavailable) is a
 * refusal, logged without ids.
 */
import { GrammyError, HttpError, type Api } from 'grammy';
import type { ChatMember, User } from 'grammy/types';
import type { CommunityRecord } from '../../survey/ports.ts';
import { describe } from './bot.ts';
import { PLATFORM, type TelegramDeps } from './context.ts';

/** `member`: may answer; `outsider`: Telegram says they are not in the group; `unknown`: the check failed. */
export type Membership = 'member' | 'outsider' | 'unknown';

export function isGroupMember(member: ChatMember): boolean {
  switch (member.status) {
    case 'creator':
    case 'administrator':
    case 'member':
      return true;
    case 'restricted':
      return member.is_member;
    default:
      return false;
  }
}

export async function membershipOf(deps: TelegramDeps, api: Api, community: CommunityRecord, user: User): Promise<Membership> {
  // A survey of another platform's community has no Telegram group to be a member of.
  if (community.platform !== PLATFORM) return 'outsider';
  try {
    return isGroupMember(await api.getChatMember(community.externalId, user.id)) ? 'member' : 'outsider';
  } catch (error) {
    if (!(error instanceof GrammyError) && !(error instanceof HttpError)) throw error;
    deps.app.logger.warn('telegram membership check failed', { error: describe(error) });
    return 'unknown';
  }
}
