/**
 * Documents sent with a command (`/survey load` in reply to a file, or as its caption): handed
 * to the command as a lazy attachment, fetched through the Bot API (getFile, then the file
 * URL) only if the command reads it, after its own checks.
 */
import type { Api } from 'grammy';
import type { Document, Message } from 'grammy/types';
import type { Attachment } from '../../commands/command.ts';
import type { TelegramDeps } from './context.ts';

const DEFAULT_API_ROOT = 'https://api.telegram.org';

/** The document a command message carries (as its caption) or replies to. */
export function documentOf(message: Message): Document | undefined {
  return message.document ?? message.reply_to_message?.document;
}

export function documentAttachment(deps: TelegramDeps, api: Api, document: Document): Attachment {
  return {
    name: document.file_name ?? 'form',
    ...(document.file_size !== undefined ? { size: document.file_size } : {}),
    read: async () => {
      const file = await api.getFile(document.file_id);
      if (!file.file_path) throw new Error('Telegram gave no file path');
      const root = (deps.app.config.TELEGRAM_API_ROOT ?? DEFAULT_API_ROOT).replace(/\/+$/, '');
      // The URL holds the token: it is fetched, never logged.
      const response = await fetch(`${root}/file/bot${deps.app.config.TELEGRAM_BOT_TOKEN ?? ''}/${file.file_path}`);
      if (!response.ok) throw new Error(`Telegram file download failed with HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

/** A caption read as a command message's text, so "/survey load" as a file's caption is a command. */
export function captionAsText(message: Message): Message {
  return { ...message, text: message.caption ?? '', entities: message.caption_entities ?? [] } as Message;
}
