/**
 * Scheduled posts (digests, progress, reminders) reaching Telegram: a group by its chat id,
 * a member by the private chat id a reminder decrypted for this one call.
 */
import { GrammyError, type Api } from 'grammy';
import type { CommunityPublisher, OutgoingMessage } from '../publisher.ts';
import { sendFiles, sendText } from './replies.ts';

export class TelegramPublisher implements CommunityPublisher {
  readonly platform = 'telegram' as const;

  constructor(private readonly api: Api) {}

  async postToCommunity(destination: string, message: OutgoingMessage): Promise<void> {
    await this.send(destination, message);
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
