/**
 * Telegram groups as communities: adding the bot registers the group (its chat id is the
 * community's external id, not personal data), and admin rights are read from Telegram at
 * each admin command, so a demoted admin loses them at once.
 */
import { GrammyError, type Api, type Context } from 'grammy';
import type { Chat, Message } from 'grammy/types';
import { t } from '../../i18n/index.ts';
import { dayOf } from '../../shared/day.ts';
import { languageFromLocale } from '../../shared/language.ts';
import type { CommunityRecord } from '../../survey/ports.ts';
import { describe } from './bot.ts';
import { PLATFORM, type TelegramDeps } from './context.ts';
import { sendText } from './replies.ts';

export function isGroup(chat: Chat): chat is Chat.GroupChat | Chat.SupergroupChat {
  return chat.type === 'group' || chat.type === 'supergroup';
}

export function ensureCommunity(deps: TelegramDeps, chat: Chat.GroupChat | Chat.SupergroupChat): Promise<CommunityRecord> {
  return deps.app.services.catalog.ensureCommunity(PLATFORM, String(chat.id), chat.title, dayOf(deps.app.now()));
}

/** Creator or administrator of the group; an admin posting anonymously (as the group) counts. */
export async function isChatAdmin(deps: TelegramDeps, api: Api, message: Message): Promise<boolean> {
  if (message.sender_chat?.id === message.chat.id) return true;
  if (!message.from) return false;
  try {
    const member = await api.getChatMember(message.chat.id, message.from.id);
    return member.status === 'creator' || member.status === 'administrator';
  } catch (error) {
    deps.app.logger.warn('telegram admin check failed', { error: describe(error) });
    return false;
  }
}

/** The bot was added to or removed from a chat. */
export async function onMembershipChange(deps: TelegramDeps, ctx: Context): Promise<void> {
  const update = ctx.myChatMember;
  if (!update || !isGroup(update.chat)) return;
  const was = update.old_chat_member.status;
  const now = update.new_chat_member.status;
  const present = (status: string) => status === 'member' || status === 'administrator' || status === 'restricted';
  if (present(now) && !present(was)) {
    await ensureCommunity(deps, update.chat);
    deps.app.logger.info('telegram group joined');
    const language = languageFromLocale(update.from.language_code ?? deps.app.config.DEFAULT_LANGUAGE);
    try {
      await sendText(ctx.api, update.chat.id, t(language, 'telegram.group_hello'));
    } catch (error) {
      // A group may forbid the bot to post (restricted); registration stands.
      if (!(error instanceof GrammyError)) throw error;
      deps.app.logger.warn('telegram greeting failed', { error: describe(error) });
    }
  } else if (!present(now) && present(was)) {
    deps.app.logger.info('telegram group left');
  }
}

/** A group upgraded to a supergroup gets a new chat id; the community keeps its surveys. */
export async function onMigration(deps: TelegramDeps, ctx: Context): Promise<void> {
  const to = ctx.message?.migrate_to_chat_id;
  const chat = ctx.chat;
  if (to === undefined || !chat) return;
  await deps.links.moveCommunity(PLATFORM, String(chat.id), String(to));
}
