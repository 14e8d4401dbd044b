/**
 * 👍 on a group message as a CME endorsement of the point captured from that message (by
 * `/cme` in reply to it): `message_reaction` says who changed what, and only the 👍 added (+1)
 * or removed (-1) is used, never who reacted; `message_reaction_count` (anonymous reactions,
 * large groups) gives the message's total, and the point is set to it by the difference. The
 * message is found by its t.me link, built as `/cme` builds it. Telegram sends both updates
 * only to a bot that is an admin of the group.
 */
import type { Context } from 'grammy';
import type { ReactionType, ReactionTypeEmoji } from 'grammy/types';
import type { TelegramDeps } from './context.ts';
import { messageLinkOf } from './commands.ts';
import { ensureCommunity, isGroup } from './groups.ts';

export const ENDORSEMENT = '👍';

function isThumbsUp(reaction: ReactionType): reaction is ReactionTypeEmoji {
  return reaction.type === 'emoji' && reaction.emoji === ENDORSEMENT;
}

/**
 * Redelivered updates must count once. Update ids identify no one; a restart forgets them,
 * and the runner confirms handled updates before stopping, so what comes again after a
 * restart is what was never handled.
 */
class RecentUpdates {
  private readonly seen = new Set<number>();
  constructor(private readonly capacity = 10_000) {}

  /** True the first time an id is seen. */
  first(updateId: number): boolean {
    if (this.seen.has(updateId)) return false;
    this.seen.add(updateId);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }

  forget(updateId: number): void {
    this.seen.delete(updateId);
  }
}

export class ReactionHandler {
  private readonly recent = new RecentUpdates();

  constructor(private readonly deps: TelegramDeps) {}

  async onReaction(ctx: Context): Promise<void> {
    const update = ctx.messageReaction;
    const chat = update?.chat;
    if (!update || !chat || !isGroup(chat)) return;
    const had = update.old_reaction.some(isThumbsUp);
    const has = update.new_reaction.some(isThumbsUp);
    if (had === has) return;
    const link = messageLinkOf(chat, update.message_id);
    if (!link) return;
    await this.once(ctx.update.update_id, async () => {
      const community = await ensureCommunity(this.deps, chat);
      await this.deps.app.services.cme.endorse(community.id, link, has ? 1 : -1);
    });
  }

  async onReactionCount(ctx: Context): Promise<void> {
    const update = ctx.messageReactionCount;
    if (!update || !isGroup(update.chat)) return;
    const link = messageLinkOf(update.chat, update.message_id);
    if (!link) return;
    const total = update.reactions.filter((count) => isThumbsUp(count.type)).reduce((sum, count) => sum + count.total_count, 0);
    // A total is idempotent by nature: applying it twice sets the same count.
    const community = await ensureCommunity(this.deps, update.chat);
    await this.deps.app.services.cme.recount(community.id, link, total);
  }

  private async once(updateId: number, work: () => Promise<void>): Promise<void> {
    if (!this.recent.first(updateId)) return;
    try {
      await work();
    } catch (error) {
      // Not counted: a redelivery may count it.
      this.recent.forget(updateId);
      throw error;
    }
  }
}
