/**
 * Commands typed in Telegram, handed to the platform-neutral dispatcher. In a group, the
 * community is the group and admin rights come from getChatMember; taking the survey there
 * means going to the private chat, so `/survey` answers with the deep-link button. In the
 * private chat, the community is the one of the survey the member is answering, `/start
 * <payload>` opens a survey from its deep link, and admin subcommands are refused.
 */
import { GrammyError, type Context } from 'grammy';
import type { Chat, Message, MessageEntity, User } from 'grammy/types';
import type { Attachment, ReferencedMessage, Reply } from '../../commands/command.ts';
import type { DispatchRequest } from '../../commands/dispatch.ts';
import { t } from '../../i18n/index.ts';
import type { Language } from '../../shared/language.ts';
import type { CommunityRecord } from '../../survey/ports.ts';
import type { Step } from '../../survey/service.ts';
import { parseCommandLine, parseInvocation, type ParsedCommand } from '../../commands/typed-command.ts';
import { languageOf, memberKeyOf, memberOf, type TelegramDeps } from './context.ts';
import { ensureCommunity, isChatAdmin, isGroup } from './groups.ts';
import { membershipOf } from './membership.ts';
import { deliverReply, sendText, type Destination } from './replies.ts';
import { documentAttachment, documentOf } from './files.ts';
import type { SurveyFlow } from './survey-flow.ts';

const START_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The command at the start of a message, or null when there is none or it is addressed to
 * another bot ("/survey@otherbot").
 */
export function commandOf(message: Message, botUsername: string): { text: string; target: string | null } | null {
  const text = message.text;
  const entity: MessageEntity | undefined = message.entities?.[0];
  if (!text || !entity || entity.type !== 'bot_command' || entity.offset !== 0) return null;
  const [, target] = text.slice(1, entity.length).split('@');
  if (target !== undefined && target.toLowerCase() !== botUsername.toLowerCase()) return null;
  return { text, target: target ?? null };
}

/** What a command may read of the message it replies to: its text or document and link, never its author. */
export function referencedOf(message: Message): ReferencedMessage | undefined {
  const target = message.reply_to_message;
  if (!target) return undefined;
  const text = target.text ?? target.caption;
  const document = target.document;
  const link = messageLinkOf(target.chat, target.message_id);
  if (!text && !document) return undefined;
  return {
    ...(text ? { text } : {}),
    ...(document ? { file: { id: document.file_id, ...(document.file_name ? { name: document.file_name } : {}) } } : {}),
    ...(link ? { link } : {}),
  };
}

/**
 * t.me links exist for supergroup messages: by username when public, by internal id otherwise.
 * The reaction handler builds the same link, so a 👍 finds the point captured from that message.
 */
export function messageLinkOf(chat: Chat, messageId: number): string | undefined {
  if (chat.type !== 'supergroup' && chat.type !== 'channel') return undefined;
  if ('username' in chat && chat.username) return `https://t.me/${chat.username}/${messageId}`;
  const internal = String(chat.id).replace(/^-100/, '');
  return `https://t.me/c/${internal}/${messageId}`;
}

export class CommandRouter {
  constructor(private readonly deps: TelegramDeps, private readonly flow: SurveyFlow) {}

  async onCommand(ctx: Context, message: Message, from: User, text: string): Promise<void> {
    const parsed = parseInvocation(text, this.deps.app.dispatcher.find(parseCommandLine(text).name));
    const language = await languageOf(this.deps, from);
    if (isGroup(message.chat)) return this.inGroup(ctx, message, from, parsed, language);
    if (message.chat.type === 'private') return this.inPrivate(ctx, message, from, parsed, language);
  }

  private async inGroup(ctx: Context, message: Message, from: User, parsed: ParsedCommand, language: Language): Promise<void> {
    // Commands of other bots in the group (without @mention) are not ours to answer.
    if (!isGroup(message.chat) || !this.deps.app.dispatcher.find(parsed.name)) return;
    const community = await ensureCommunity(this.deps, message.chat);
    const to: Destination = { api: ctx.api, chatId: message.chat.id, language, replyTo: message.message_id };
    if (parsed.name === 'survey' && (parsed.subcommand === null || parsed.subcommand === 'resume')) {
      await deliverReply(this.deps, to, await this.invitation(community, language));
      return;
    }
    const isAdmin = await isChatAdmin(this.deps, ctx.api, message);
    const document = documentOf(message);
    const attachment = document ? documentAttachment(this.deps, ctx.api, document) : undefined;
    const reply = await this.dispatch(parsed, from, language, community, isAdmin, referencedOf(message), attachment);
    if (reply.private && (await this.sendPrivately(ctx, from, reply, language))) return;
    if (reply.private && (reply.files?.length || reply.step)) {
      // What is private with files (an admin's results before they are public) never goes to the group.
      await this.askToOpenPrivateChat(to);
      return;
    }
    const step = await deliverReply(this.deps, to, { ...reply, step: undefined });
    // A questionnaire is never run in a group: point to the private chat instead.
    if (step ?? reply.step) await deliverReply(this.deps, to, await this.invitation(community, language));
  }

  /**
   * A private reply to a group command goes to the member's private chat, as Discord shows
   * it to them alone. False when the bot cannot write to them (they never opened the chat).
   */
  private async sendPrivately(ctx: Context, from: User, reply: Reply, language: Language): Promise<boolean> {
    if (from.is_bot) return false;
    try {
      const step = await deliverReply(this.deps, { api: ctx.api, chatId: from.id, language }, reply);
      if (step) {
        await this.deps.links.setActiveSurvey(memberKeyOf(this.deps, from), step.surveyId);
        await this.flow.showStep(ctx.api, from.id, step, language);
        await this.rememberAddress(from, step, from.id);
      }
      return true;
    } catch (error) {
      if (error instanceof GrammyError && (error.error_code === 403 || error.error_code === 400)) return false;
      throw error;
    }
  }

  private async askToOpenPrivateChat(to: Destination): Promise<void> {
    const keyboard = { inline_keyboard: [[{ text: t(to.language, 'telegram.open_private_button'), url: `https://t.me/${this.deps.username()}` }]] };
    await sendText(to.api, to.chatId, t(to.language, 'telegram.open_private'), { replyTo: to.replyTo, keyboard });
  }

  private async inPrivate(ctx: Context, message: Message, from: User, parsed: ParsedCommand, language: Language): Promise<void> {
    const chatId = message.chat.id;
    const say = (text: string) => sendText(ctx.api, chatId, text);
    const memberKey = memberKeyOf(this.deps, from);
    let checked = false;
    if (parsed.name === 'start') {
      const payload = parseCommandLine(message.text ?? '').words[0];
      if (payload !== undefined) {
        const surveyId = START_PAYLOAD.test(payload) ? await this.deps.links.surveyForToken(payload) : null;
        if (!surveyId) return say(t(language, 'telegram.link_invalid'));
        // Checked before anything is kept: an outsider's /start leaves no trace.
        const refusal = await this.refusal(ctx, from, language, await this.communityOfSurvey(surveyId));
        if (refusal) return say(refusal);
        await this.deps.links.setActiveSurvey(memberKey, surveyId);
        checked = true;
      } else if (!(await this.deps.links.activeSurvey(memberKey))) {
        return say(t(language, 'telegram.welcome'));
      }
      parsed = { name: 'survey', subcommand: null, options: {} };
    }
    const command = this.deps.app.dispatcher.find(parsed.name);
    const subcommand = command?.subcommands?.find((s) => s.name === parsed.subcommand);
    if ((subcommand ?? command)?.audience === 'admin') return say(t(language, 'telegram.admin_in_group'));
    const community = await this.activeCommunity(memberKey);
    if (command?.scope === 'community' && !community) return say(t(language, 'telegram.no_active_survey'));
    // Resuming (/start, /survey, /survey resume) is for members of the group still.
    if (!checked && parsed.name === 'survey' && (parsed.subcommand === null || parsed.subcommand === 'resume')) {
      const refusal = await this.refusal(ctx, from, language, community);
      if (refusal) return say(refusal);
    }
    const reply = await this.dispatch(parsed, from, language, community, false, referencedOf(message));
    // /lang may have just changed the language the rest is shown in.
    const shownIn = await languageOf(this.deps, from);
    const step = await deliverReply(this.deps, { api: ctx.api, chatId, language: shownIn }, reply);
    if (!step) return;
    await this.deps.links.setActiveSurvey(memberKey, step.surveyId);
    await this.flow.showStep(ctx.api, chatId, step, shownIn);
    await this.rememberAddress(from, step, chatId);
  }

  /**
   * The private chat is where a reminder can reach this respondent: kept encrypted on their
   * in-progress link only, and deleted with it (anonymity rule 3).
   */
  private async rememberAddress(from: User, step: Step, chatId: number): Promise<void> {
    if (step.kind !== 'prompt') return;
    await this.deps.app.services.surveys.rememberAddress(memberOf(from), step.surveyId, String(chatId));
  }

  private async activeCommunity(memberKey: string): Promise<CommunityRecord | null> {
    const surveyId = await this.deps.links.activeSurvey(memberKey);
    return surveyId ? this.communityOfSurvey(surveyId) : null;
  }

  private async communityOfSurvey(surveyId: string): Promise<CommunityRecord | null> {
    const survey = await this.deps.app.services.catalog.findSurvey(surveyId);
    return survey ? this.deps.links.communityById(survey.communityId) : null;
  }

  /** Why this user may not take the community's survey, or null when they are a member of its group. */
  private async refusal(ctx: Context, from: User, language: Language, community: CommunityRecord | null): Promise<string | null> {
    if (!community) return t(language, 'telegram.link_invalid');
    switch (await membershipOf(this.deps, ctx.api, community, from)) {
      case 'member':
        return null;
      case 'outsider':
        return t(language, 'telegram.members_only');
      case 'unknown':
        return t(language, 'telegram.membership_unknown');
    }
  }

  private async invitation(community: CommunityRecord, language: Language): Promise<Reply> {
    const survey = await this.deps.app.services.catalog.currentSurvey(community.id);
    if (!survey || survey.status !== 'open') return { text: t(language, 'error.survey.none') };
    const title = (await this.deps.app.services.definitions.ensureFor(survey)).title[language];
    return { text: t(language, 'telegram.take_in_private', { title }), invitation: { surveyId: survey.id, title } };
  }

  private dispatch(
    parsed: ParsedCommand,
    from: User,
    language: Language,
    community: CommunityRecord | null,
    isAdmin: boolean,
    referenced: ReferencedMessage | undefined,
    attachment?: Attachment,
  ): Promise<Reply> {
    const { app } = this.deps;
    const request: DispatchRequest = {
      name: parsed.name,
      subcommand: parsed.subcommand,
      options: parsed.options,
      member: memberOf(from),
      isAdmin,
      language,
      community,
      services: app.services,
      now: app.now(),
      ...(referenced ? { referenced } : {}),
      ...(attachment ? { attachment } : {}),
    };
    return app.dispatcher.dispatch(request);
  }
}
