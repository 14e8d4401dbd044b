/**
 * 👍 reactions as CME endorsements. A 👍 added on a guild message counts one endorsement of the
 * CME point captured from that message (through the "Add to CME digest" menu) or whose link is
 * that message's URL; removing it takes the endorsement back. Other emojis, custom emojis, the
 * bot's own and other bots' reactions are ignored, as are reactions in DMs.
 *
 * Only the message's URL reaches the service: the reacting member's id is neither stored nor
 * logged. The bot reads no message content (no privileged intent), so a reaction counts only on
 * a message a point already points at; `endorse` finds none otherwise and nothing changes.
 */
import type { MessageReaction, PartialMessageReaction, PartialUser, User } from 'discord.js';
import type { App } from '../../app.ts';
import { PLATFORM } from './context.ts';

/** 👍 with or without a skin tone (Discord sends the modifier in the emoji's name). */
const THUMBS_UP = /^\u{1F44D}[\u{1F3FB}-\u{1F3FF}]?\uFE0F?$/u;

export function isEndorsement(emoji: { readonly id: string | null; readonly name: string | null }): boolean {
  return emoji.id === null && emoji.name !== null && THUMBS_UP.test(emoji.name);
}

/** The message link as `referencedOf` records it: https://discord.com/channels/<guild>/<channel>/<message>. */
export function messageUrl(guildId: string, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
}

export class ReactionCounter {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly app: App) {}

  /** messageReactionAdd listener; never rejects. */
  readonly added = (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser): void => {
    this.track(reaction, user, 1);
  };

  /** messageReactionRemove listener; never rejects. */
  readonly removed = (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser): void => {
    this.track(reaction, user, -1);
  };

  /** Resolves when every endorsement started so far is written. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track(reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser, delta: 1 | -1): void {
    if (!isEndorsement(reaction.emoji)) return;
    // A partial user's `bot` is null: unknown, so counted unless it is this bot.
    if (user.id === reaction.client.user.id || user.bot === true) return;
    const { message } = reaction;
    if (!message.guildId) return;
    const url = messageUrl(message.guildId, message.channelId, message.id);
    const work = this.endorse(message.guildId, url, delta).catch((error: unknown) => {
      this.app.logger.error('discord reaction failed', { error });
    });
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async endorse(guildId: string, url: string, delta: 1 | -1): Promise<void> {
    // A guild the bot never saw a command in has no community, hence no point to endorse.
    const community = await this.app.services.catalog.findCommunity(PLATFORM, guildId);
    if (!community) return;
    await this.app.services.cme.endorse(community.id, url, delta);
  }
}
