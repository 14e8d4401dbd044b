/**
 * How scheduled work (digests, progress posts, reminders) reaches a platform without knowing
 * it. Each adapter (discord, telegram, console) implements this; the scheduler picks the one
 * matching a community's platform.
 */
import type { ReplyFile } from '../commands/command.ts';

export interface OutgoingMessage {
  readonly text: string;
  readonly files?: readonly ReplyFile[];
}

export interface CommunityPublisher {
  readonly platform: 'discord' | 'telegram' | 'console';
  /**
   * Posts in a community: `destination` is a Discord channel id or a Telegram group chat id.
   * Long texts are split to the platform's limits by the adapter.
   */
  postToCommunity(destination: string, message: OutgoingMessage): Promise<void>;
  /**
   * Sends a private message to a member's address (a Telegram private chat id, a Discord user
   * id for a DM). Resolves false when the member cannot be reached (closed DMs, blocked bot).
   */
  sendPrivate(address: string, message: OutgoingMessage): Promise<boolean>;
}
