/**
 * The questionnaire in a member's private chat. Button presses and typed replies are decoded
 * here and become one survey-service call each; the service checks them against the stored
 * state, so a stale, forged or repeated press changes nothing. The message with the buttons
 * is edited in place from item to item; a text item adds a ForceReply message to answer.
 */
import { GrammyError, type Api, type Context } from 'grammy';
import type { InlineKeyboardMarkup, User } from 'grammy/types';
import { describeError, t } from '../../i18n/index.ts';
import type { Member } from '../../privacy/keyring.ts';
import type { Language } from '../../shared/language.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { Item } from '../../survey/definition.ts';
import type { SurveyError } from '../../survey/errors.ts';
import type { Step } from '../../survey/service.ts';
import type { CommunityRecord } from '../../survey/ports.ts';
import { decodeCallback, surveyTag, type CallbackAction } from './callback-data.ts';
import { clip, languageOf, memberKeyOf, memberOf, type TelegramDeps } from './context.ts';
import { forceReplyText, renderPrompt } from './keyboards.ts';
import { membershipOf } from './membership.ts';
import { sendText, type ChatId } from './replies.ts';

/** A press whose data could not have come from our buttons for this item. */
const FORGED = Symbol('forged');
type Outcome = Result<Step, SurveyError> | typeof FORGED;

export class SurveyFlow {
  constructor(private readonly deps: TelegramDeps) {}

  /**
   * Shows a step: edits the message `editing` when given, else sends a new one. With
   * `resend: false`, a message that cannot be edited is left as it is (re-rendering an old
   * copy must not post a second live questionnaire).
   */
  async showStep(api: Api, chatId: ChatId, step: Step, language: Language, editing?: number, options: { resend?: boolean } = {}): Promise<void> {
    const resend = options.resend ?? true;
    if (step.kind === 'complete') {
      const text = t(language, 'survey.completed');
      if ((editing === undefined || !(await this.edit(api, chatId, editing, text, { inline_keyboard: [] }))) && resend) {
        await sendText(api, chatId, text);
      }
      return;
    }
    const survey = await this.deps.app.services.catalog.findSurvey(step.surveyId);
    if (!survey) return;
    const definition = await this.deps.app.services.definitions.ensureFor(survey);
    const index = definition.items.findIndex((item) => item.code === step.prompt.itemCode);
    const rendered = renderPrompt(step.prompt, index, surveyTag(step.surveyId), language);
    const edited = editing !== undefined && (await this.edit(api, chatId, editing, rendered.text, rendered.keyboard));
    if (!edited && !resend) return;
    if (!edited) await api.sendMessage(chatId, rendered.text, { reply_markup: rendered.keyboard });
    if (rendered.forceReply && resend) await this.askForText(api, chatId, rendered.forceReply, language);
  }

  /** A button press in the private chat. answerCallbackQuery is called exactly once, whatever happens. */
  async onCallback(ctx: Context): Promise<void> {
    const query = ctx.callbackQuery;
    if (!query) return;
    let answered = false;
    const answer = async (text?: string) => {
      if (answered) return;
      answered = true;
      try {
        await ctx.answerCallbackQuery(text ? { text: clip(text) } : undefined);
      } catch (error) {
        // A redelivered press may be too old to answer; nothing else depends on it.
        if (!(error instanceof GrammyError)) throw error;
      }
    };
    let language: Language = this.deps.app.config.DEFAULT_LANGUAGE;
    try {
      language = await languageOf(this.deps, query.from);
      const data = query.data === undefined ? null : decodeCallback(query.data);
      const message = query.message;
      if (!data || !message || message.chat.type !== 'private') return await answer(t(language, 'telegram.button_unknown'));
      const surveyId = await this.deps.links.activeSurvey(memberKeyOf(this.deps, query.from));
      if (!surveyId) return await answer(t(language, 'telegram.no_active_survey'));
      // A button of another survey run than the one being answered is stale, not an answer here.
      if (surveyTag(surveyId) !== data.tag) return await answer(t(language, 'input.stale'));
      const survey = await this.deps.app.services.catalog.findSurvey(surveyId);
      const item = survey ? (await this.deps.app.services.definitions.ensureFor(survey)).items[data.action.item] : undefined;
      if (!survey || !item) return await answer(t(language, 'telegram.button_unknown'));
      // A member who left the group can no longer answer, even from buttons they still see.
      const refusal = await this.membershipRefusal(ctx.api, query.from, survey.communityId, language);
      if (refusal) return await answer(refusal);
      const key = `telegram:${ctx.update.update_id}`;
      const started = performance.now();
      const member = memberOf(query.from);
      const outcome = await this.perform(member, surveyId, item, data.action, language, key);
      if (outcome === FORGED) return await answer(t(language, 'telegram.button_unknown'));
      if (!outcome.ok) {
        await answer(errorText(language, outcome.error));
        // A press on an older copy of the questionnaire: that copy shows the current question
        // again, so the member is never left with a keyboard that does nothing.
        if (outcome.error.code === 'answer.stale' || outcome.error.code === 'response.complete') {
          const current = await this.deps.app.services.surveys.current(member, surveyId, language);
          if (current.ok) await this.showStep(ctx.api, message.chat.id, current.value, language, message.message_id, { resend: false });
        }
        return;
      }
      if (!outcome.value.duplicate) this.deps.telemetry.answerRecorded('telegram', (performance.now() - started) / 1000);
      await answer();
      // A duplicate is an update redelivered after the instance handling it died: its answer
      // is stored, but the edit may never have been made. Showing the step again is harmless.
      await this.showStep(ctx.api, message.chat.id, outcome.value, language, message.message_id);
    } catch (error) {
      await answer(t(language, 'command.failed'));
      throw error;
    }
  }

  /** A typed message in the private chat (a reply to the ForceReply prompt, or a number). */
  async onText(ctx: Context, from: User, text: string): Promise<void> {
    const chatId = ctx.chat?.id;
    const messageId = ctx.message?.message_id;
    if (chatId === undefined) return;
    const language = await languageOf(this.deps, from);
    const say = (message: string) => sendText(ctx.api, chatId, message, { replyTo: messageId });
    const surveyId = await this.deps.links.activeSurvey(memberKeyOf(this.deps, from));
    if (!surveyId) return say(t(language, 'telegram.no_active_survey'));
    const member = memberOf(from);
    const survey = await this.deps.app.services.catalog.findSurvey(surveyId);
    if (!survey) return say(t(language, 'telegram.no_active_survey'));
    const refusal = await this.membershipRefusal(ctx.api, from, survey.communityId, language);
    if (refusal) return say(refusal);
    const current = await this.deps.app.services.surveys.current(member, surveyId, language);
    if (!current.ok) return say(describeError(language, current.error));
    if (current.value.kind === 'complete') return say(t(language, 'survey.completed'));
    const { prompt } = current.value;
    const key = `telegram:${ctx.update.update_id}`;
    const started = performance.now();
    const result = await this.deps.app.services.surveys.answerTyped(member, surveyId, prompt.itemCode, text, language, key);
    if (result.ok && !result.value.duplicate) this.deps.telemetry.answerRecorded('telegram', (performance.now() - started) / 1000);
    if (!result.ok) {
      if (prompt.type !== 'text') return say(`${describeError(language, result.error)}\n${t(language, 'telegram.use_buttons')}`);
      // The same question stays: a new ForceReply so the member can rephrase.
      await say(describeError(language, result.error));
      await this.askForText(ctx.api, chatId, forceReplyText(prompt, language), language);
      return;
    }
    // A duplicate is a message redelivered after the instance handling it died (the ledger
    // stops any other redelivery): the answer is stored, the next prompt may not have been sent.
    await this.showStep(ctx.api, chatId, result.value, language);
  }

  /**
   * Why this user may no longer answer the community's survey, or null while they are a
   * member of its group (checked through the short-lived cache).
   */
  private async membershipRefusal(api: Api, user: User, communityId: string, language: Language): Promise<string | null> {
    const community = await this.communityOf(communityId);
    if (!community) return t(language, 'telegram.link_invalid');
    const answer = await this.deps.membership.check(memberKeyOf(this.deps, user), community, () => membershipOf(this.deps, api, community, user));
    if (answer === 'member') return null;
    return t(language, answer === 'outsider' ? 'telegram.members_only' : 'telegram.membership_unknown');
  }

  /** Communities by id, remembered for a minute: a group's chat id changes only on migration. */
  private readonly communities = new Map<string, { record: CommunityRecord; until: number }>();

  private async communityOf(id: string): Promise<CommunityRecord | null> {
    const cached = this.communities.get(id);
    if (cached && cached.until > Date.now()) return cached.record;
    const record = await this.deps.links.communityById(id);
    if (record) this.communities.set(id, { record, until: Date.now() + 60_000 });
    else this.communities.delete(id);
    return record;
  }

  private async perform(member: Member, surveyId: string, item: Item, action: CallbackAction, language: Language, key: string): Promise<Outcome> {
    const surveys = this.deps.app.services.surveys;
    switch (action.op) {
      case 'choose': {
        const choice = item.choices[action.index];
        if (item.type !== 'single' || !choice) return FORGED;
        return surveys.answer(member, surveyId, item.code, choice.code, language, key);
      }
      case 'scale': {
        if (item.type !== 'scale' || !item.scale) return FORGED;
        return surveys.answer(member, surveyId, item.code, item.scale.min + action.index, language, key);
      }
      case 'add':
      case 'remove': {
        const choice = item.choices[action.index];
        if (item.type !== 'multi' || !choice) return FORGED;
        // A button says which state it wants, so a repeated press cannot undo itself.
        const step = await this.currentAt(member, surveyId, item, language);
        if (!step.ok || step.value.kind !== 'prompt') return step;
        const selected = Array.isArray(step.value.prompt.selected) ? step.value.prompt.selected : [];
        if (selected.includes(choice.code) === (action.op === 'add')) return ok({ ...step.value, duplicate: true });
        return surveys.toggle(member, surveyId, item.code, choice.code, language, key);
      }
      case 'done':
        if (item.type !== 'multi') return FORGED;
        return surveys.confirmSelection(member, surveyId, item.code, language, key);
      case 'skip':
        return surveys.skip(member, surveyId, item.code, language, key);
      case 'back':
        // "Back" goes back from the item it was shown with, never from wherever the member is now.
        return surveys.back(member, surveyId, language, key, item.code);
    }
  }

  /** The current step if `item` is the current item, else `answer.stale`. */
  private async currentAt(member: Member, surveyId: string, item: Item, language: Language): Promise<Result<Step, SurveyError>> {
    const step = await this.deps.app.services.surveys.current(member, surveyId, language);
    if (!step.ok) return step;
    if (step.value.kind !== 'prompt') return err({ code: 'response.complete' });
    if (step.value.prompt.itemCode !== item.code) return err({ code: 'answer.stale', current: step.value.prompt.itemCode });
    return step;
  }

  private async askForText(api: Api, chatId: ChatId, text: string, language: Language): Promise<void> {
    await api.sendMessage(chatId, text, {
      reply_markup: { force_reply: true, input_field_placeholder: t(language, 'telegram.text_placeholder') },
    });
  }

  /** Edits a message; false when it cannot be edited (deleted, too old) so the caller sends anew. */
  private async edit(api: Api, chatId: ChatId, messageId: number, text: string, keyboard: InlineKeyboardMarkup): Promise<boolean> {
    try {
      await api.editMessageText(chatId, messageId, text, { reply_markup: keyboard });
      return true;
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 400) return /not modified/i.test(error.description);
      throw error;
    }
  }
}

function errorText(language: Language, error: SurveyError): string {
  return error.code === 'answer.stale' ? t(language, 'input.stale') : describeError(language, error);
}
