/**
 * Scheduled posts (digests, progress, reminders) reaching Telegram: a group by its chat id,
 * a member by the private chat id a reminder decrypted for this one call.
 */
import { GrammyError, type Api } from 'grammy';
import type { CommunityPublisher, DestinationCheck, OutgoingMessage } from '../publisher.ts';
import type { CommunityRecord } from '../../survey/ports.ts';
import { sendFiles, sendText } from './replies.ts';

export class TelegramPublisher implements CommunityPublisher {
  readonly platform = 'telegram' as const;

  constructor(private readonly api: Api) {}

  async postToCommunity(destination: string, message: OutgoingMessage): Promise<void> {
    await this.send(destination, message);
  }

  /**
   * The group itself or the channel linked to it (where a group's announcements often go);
   * any other chat, even one the bot is in, belongs to someone else. A bot cannot read chat
   * history, so postedSince is not offered: a post taken over after a crash is made again.
   */
  async checkDestination(community: CommunityRecord, destination: string): Promise<DestinationCheck> {
    try {
      const [group, target] = await Promise.all([this.api.getChat(community.externalId), this.api.getChat(destination)]);
      const linked = 'linked_chat_id' in group ? group.linked_chat_id : undefined;
      if (target.id === group.id || (linked !== undefined && target.id === linked)) return { ok: true };
      return { ok: false, reason: 'foreign' };
    } catch (error) {
      if (error instanceof GrammyError) return { ok: false, reason: 'unknown' };
      throw error;
    }
  }

  async sendPrivate(address: string, message: OutgoingMessage): Promise<boolean> {
    try {
      await this.send(address, message);
      return true;
    } catch (error) {
      // 403: the member blocked the bot or never started it; 400: the chat no longer exists.
      if (error instanceof GrammyError && (error.error_code === 403 || error.error_code === 400)) return false;
      throw error;
    }
  }

  private async send(chatId: string, message: OutgoingMessage): Promise<void> {
    if (message.text) await sendText(this.api, chatId, message.text);
    if (message.files?.length) await sendFiles(this.api, chatId, message.files);
  }
}
