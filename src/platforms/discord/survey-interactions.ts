/**
 * Buttons, select menus and the text modal of the questionnaire. Each custom_id is decoded
 * strictly and checked against the stored state: the survey must belong to this guild, the
 * item must exist and be current (the service refuses a stale item), a choice index or scale
 * value must be one the bot offered. Anything else is refused with a private explanation and
 * changes nothing. The interaction id is the idempotency key of every change.
 */
import type { App } from '../../app.ts';
import type { Reply } from '../../commands/command.ts';
import { describeError, t } from '../../i18n/index.ts';
import type { Language } from '../../shared/language.ts';
import type { Result } from '../../shared/result.ts';
import type { RawAnswer } from '../../survey/answers.ts';
import { findItem, type Item } from '../../survey/definition.ts';
import type { SurveyError } from '../../survey/errors.ts';
import type { Step } from '../../survey/service.ts';
import { contextOf, type MemberContext } from './context.ts';
import { decodeSelectValue, type SurveyAction } from './custom-id.ts';
import { replyViews } from './reply-view.ts';
import type { ComponentInteraction, Outcome } from './respond.ts';
import { answerModal, ANSWER_FIELD, stepView } from './survey-view.ts';

/** Errors of an answer typed by the member (in the modal): shown in place, to be corrected. */
const CORRECTABLE = new Set<SurveyError['code']>([
  'choice.unknown',
  'choice.out_of_range',
  'multi.too_few',
  'multi.too_many',
  'multi.duplicate',
  'scale.not_a_number',
  'scale.not_integer',
  'scale.out_of_range',
  'text.empty',
  'text.too_long',
  'text.identifier',
  'answer.required',
]);

export interface SurveyOutcome {
  readonly outcome: Outcome;
  readonly language: Language;
}

/**
 * When a reply starts or resumes a questionnaire, keep the member's user id, encrypted, on
 * their in-progress link: the one address the 72-hour reminder may use (a DM), deleted with
 * the link at completion (design.md, anonymity rule 3).
 */
export async function rememberForReminder(app: App, context: MemberContext, reply: Reply, userId: string): Promise<void> {
  if (reply.step?.kind !== 'prompt') return;
  await app.services.surveys.rememberAddress(context.member, reply.step.surveyId, userId);
}

export async function surveyOutcome(app: App, interaction: ComponentInteraction, action: SurveyAction | null): Promise<SurveyOutcome> {
  const context = await contextOf(app, interaction);
  return { outcome: await decide(app, interaction, action, context), language: context.language };
}

async function decide(app: App, interaction: ComponentInteraction, action: SurveyAction | null, context: MemberContext): Promise<Outcome> {
  const { language, member, community } = context;
  const { catalog, definitions, surveys } = app.services;
  if (!action || !community) return refuse(language);
  const survey = await catalog.findSurvey(action.surveyId);
  if (!survey || survey.communityId !== community.id) return refuse(language);
  const { surveyId } = action;

  if (action.kind === 'take') {
    if (survey.status !== 'open') return privateText(describeError(language, { code: 'survey.closed' }));
    const reply = await app.dispatcher.dispatch({
      name: 'survey',
      subcommand: 'resume',
      options: {},
      ...context,
      services: app.services,
      now: app.now(),
    });
    await rememberForReminder(app, context, reply, interaction.user.id);
    return { kind: 'reply', views: replyViews({ ...reply, private: true }, language) };
  }

  const item = findItem(await definitions.ensureFor(survey), action.item);
  if (!item) return refuse(language);
  const key = interaction.id;
  switch (action.kind) {
    case 'choice': {
      const choice = item.type === 'single' ? item.choices[action.index] : undefined;
      if (!choice) return refuse(language);
      return fromClick(app, context, surveyId, await surveys.answer(member, surveyId, item.code, choice.code, language, key));
    }
    case 'scale': {
      if (item.type !== 'scale' || !inScale(item, action.value)) return refuse(language);
      return fromClick(app, context, surveyId, await surveys.answer(member, surveyId, item.code, action.value, language, key));
    }
    case 'select': {
      const raw = interaction.isStringSelectMenu() ? selectedAnswer(item, interaction.values) : null;
      if (raw === null) return refuse(language);
      return fromClick(app, context, surveyId, await surveys.answer(member, surveyId, item.code, raw, language, key));
    }
    case 'write': {
      const current = await surveys.current(member, surveyId, language);
      if (!current.ok) return failure(current.error, language);
      const step = current.value;
      if (step.kind !== 'prompt' || step.prompt.itemCode !== item.code) return refuse(language);
      return { kind: 'modal', modal: answerModal(surveyId, step.prompt, language) };
    }
    case 'text': {
      const text = interaction.isModalSubmit() ? typedText(interaction) : null;
      if (text === null) return refuse(language);
      const result = await surveys.answerTyped(member, surveyId, item.code, text, language, key);
      if (!result.ok && CORRECTABLE.has(result.error.code)) return showAgain(app, context, surveyId, describeError(language, result.error));
      return fromClick(app, context, surveyId, result);
    }
    case 'skip':
      return fromClick(app, context, surveyId, await surveys.skip(member, surveyId, item.code, language, key));
    case 'back':
      return fromClick(app, context, surveyId, await surveys.back(member, surveyId, language, key, item.code));
  }
}

/**
 * The result of a click. A button or menu only offers valid answers (and Skip only on optional
 * items), so an answer error here means a forged payload: refused like a stale one. A click on
 * an outdated copy of the questionnaire (another item is current now, or it is complete)
 * turns that copy into the current question, with a notice, rather than leaving dead buttons.
 */
async function fromClick(app: App, context: MemberContext, surveyId: string, result: Result<Step, SurveyError>): Promise<Outcome> {
  if (result.ok) return { kind: 'update', view: stepView(result.value, context.language) };
  if (result.error.code === 'answer.stale' || result.error.code === 'response.complete') {
    return showAgain(app, context, surveyId, t(context.language, 'input.stale'));
  }
  return failure(result.error, context.language);
}

function failure(error: SurveyError, language: Language): Outcome {
  if (error.code === 'answer.stale' || CORRECTABLE.has(error.code)) return refuse(language);
  return privateText(describeError(language, error));
}

/** The current item again, with a notice saying what was wrong; nothing was recorded. */
async function showAgain(app: App, context: MemberContext, surveyId: string, notice: string): Promise<Outcome> {
  const current = await app.services.surveys.current(context.member, surveyId, context.language);
  if (!current.ok) return failure(current.error, context.language);
  return { kind: 'update', view: stepView(current.value, context.language, { notice }) };
}

function refuse(language: Language): Outcome {
  return privateText(t(language, 'input.stale'));
}

function privateText(text: string): Outcome {
  return { kind: 'reply', views: [{ content: text, components: [], files: [] }] };
}

function inScale(item: Item, value: number): boolean {
  const { min, max } = item.scale ?? { min: 0, max: 10 };
  return Number.isInteger(value) && value >= min && value <= max;
}

/** Select values back to an answer: choice indexes to codes, scale values to numbers. */
function selectedAnswer(item: Item, values: readonly string[]): RawAnswer | null {
  const numbers = values.map(decodeSelectValue);
  if (numbers.some((n) => n === null) || new Set(values).size !== values.length) return null;
  const valid = numbers as number[];
  if (item.type === 'scale') return valid.length === 1 && inScale(item, valid[0] as number) ? (valid[0] as number) : null;
  const codes = valid.map((index) => item.choices[index]?.code);
  if (codes.some((code) => code === undefined)) return null;
  if (item.type === 'single') return codes.length === 1 ? (codes[0] as string) : null;
  return item.type === 'multi' ? (codes as string[]) : null;
}

function typedText(interaction: ComponentInteraction): string | null {
  if (!interaction.isModalSubmit()) return null;
  try {
    return interaction.fields.getTextInputValue(ANSWER_FIELD);
  } catch {
    return null;
  }
}
