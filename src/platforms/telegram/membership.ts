/**
 * A community's survey is for the members of its group: before a member opens or resumes it
 * in the private chat, and again on every button press and typed answer, Telegram is asked
 * (getChatMember on the group) whether they belong to it. A failed check (the bot removed from
 * the group, Telegram unavailable) is a refusal, logged without ids.
 *
 * Presses come every second or so from a member answering: a positive answer is remembered
 * for a short while (in memory only, under the member key, never the user id), so a fast
 * tapper costs one getChatMember per minute, and a member who leaves loses access within that
 * minute. Opening and resuming always ask Telegram afresh.
 */
import { GrammyError, HttpError, type Api } from 'grammy';
import type { ChatMember, User } from 'grammy/types';
import type { CommunityRecord } from '../../survey/ports.ts';
import { describe } from './bot.ts';
import { PLATFORM, type Membership, type MembershipMemory, type TelegramDeps } from './context.ts';

export type { Membership } from './context.ts';

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

/** Remembers recent "member" answers; everything else is asked again each time. */
export class MembershipCache implements MembershipMemory {
  private readonly members = new Map<string, number>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  async check(memberKey: string, community: CommunityRecord, ask: () => Promise<Membership>): Promise<Membership> {
    const key = `${community.id}:${memberKey}`;
    const until = this.members.get(key);
    if (until !== undefined && until > this.now()) return 'member';
    this.members.delete(key);
    const answer = await ask();
    if (answer === 'member') {
      // Oldest first in a Map: past the bound, the oldest remembered answer goes.
      if (this.members.size >= this.maxEntries) this.members.delete(this.members.keys().next().value as string);
      this.members.set(key, this.now() + this.ttlMs);
    }
    return answer;
  }

  forget(): void {
    this.members.clear();
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
