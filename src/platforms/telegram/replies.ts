/**
 * Turns any platform-neutral Reply into Telegram messages: text split at 4096 characters,
 * an invitation as a message with a deep-link button, PNG files as photos (caption ≤ 1024)
 * and other files as documents. A questionnaire step is handed to the caller, which knows
 * whether it may be shown in this chat.
 */
import { InputFile, type Api } from 'grammy';
import type { InlineKeyboardMarkup, ReplyParameters } from 'grammy/types';
import type { Reply, ReplyFile } from '../../commands/command.ts';
import { t } from '../../i18n/index.ts';
import type { Language } from '../../shared/language.ts';
import type { Step } from '../../survey/service.ts';
import { deepLink, type TelegramDeps } from './context.ts';
import { splitText } from '../../shared/split-text.ts';
import { captionOf, MESSAGE_MAX } from './split.ts';

export type ChatId = number | string;

export interface Destination {
  readonly api: Api;
  readonly chatId: ChatId;
  readonly language: Language;
  /** In a group, replies quote the command they answer. */
  readonly replyTo?: number | undefined;
}

export async function sendText(api: Api, chatId: ChatId, text: string, options: { replyTo?: number | undefined; keyboard?: InlineKeyboardMarkup } = {}): Promise<void> {
  const chunks = splitText(text, MESSAGE_MAX);
  for (const [index, chunk] of chunks.entries()) {
    const first = index === 0;
    const last = index === chunks.length - 1;
    await api.sendMessage(chatId, chunk, {
      ...(first && options.replyTo !== undefined ? { reply_parameters: replyParameters(options.replyTo) } : {}),
      // The buttons go under the last part, where the reader ends up.
      ...(last && options.keyboard ? { reply_markup: options.keyboard } : {}),
      link_preview_options: { is_disabled: true },
    });
  }
}

export async function sendFiles(api: Api, chatId: ChatId, files: readonly ReplyFile[]): Promise<void> {
  for (const file of files) {
    const input = new InputFile(file.data, file.name);
    const caption = captionOf(file.description);
    const extra = caption ? { caption } : {};
    if (isPng(file)) await api.sendPhoto(chatId, input, extra);
    else await api.sendDocument(chatId, input, extra);
  }
}

/** The "take the survey" button: a URL button opening the private chat with the survey's token. */
export async function invitationKeyboard(deps: TelegramDeps, surveyId: string, language: Language): Promise<InlineKeyboardMarkup> {
  const token = await deps.links.invitationToken(surveyId);
  return { inline_keyboard: [[{ text: t(language, 'prompt.take_survey'), url: deepLink(deps.username(), token) }]] };
}

/**
 * Sends a reply's text, invitation and files; returns its step, if any, for the caller to
 * show (or not).
 */
export async function deliverReply(deps: TelegramDeps, to: Destination, reply: Reply): Promise<Step | undefined> {
  const keyboard = reply.invitation ? await invitationKeyboard(deps, reply.invitation.surveyId, to.language) : undefined;
  const text = reply.text ?? (reply.invitation ? reply.invitation.title : undefined);
  if (text) await sendText(to.api, to.chatId, text, { replyTo: to.replyTo, ...(keyboard ? { keyboard } : {}) });
  if (reply.files?.length) await sendFiles(to.api, to.chatId, reply.files);
  return reply.step;
}

function isPng(file: ReplyFile): boolean {
  const signature = file.data.subarray(0, 8).toString('hex');
  return signature === '89504e470d0a1a0a' || /\.png$/i.test(file.name);
}

function replyParameters(messageId: number): ReplyParameters {
  // The command may have been deleted meanwhile; the reply still goes out.
  return { message_id: messageId, allow_sending_without_reply: true };
}
