/**
 * The survey service: the one entry point adapters call to run a questionnaire with a member.
 * Each call loads the respondent's state through their participant key, lets the pure engine
 * decide, and writes the result in one transaction. It returns plain data (a step or an
 * expected error); it never sees a platform object.
 */
import type { Keyring, Member } from '../privacy/keyring.ts';
import { dayOf } from '../shared/day.ts';
import type { Language } from '../shared/language.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { interpretTypedAnswer, type RawAnswer } from './answers.ts';
import type { Definition } from './definition.ts';
import {
  answerItem,
  goBack,
  goTo,
  promptFor,
  skipItem,
  startState,
  type EngineError,
  type Prompt,
  type ResponseState,
} from './engine.ts';
import type { SurveyError } from './errors.ts';
import type { DefinitionRegistry } from './registry.ts';
import type { InProgressResponse, ReminderOptOuts, ResponseStore, ResponseTransaction, SurveyCatalog, SurveyRecord } from './ports.ts';

export type Step =
  | { readonly kind: 'prompt'; readonly surveyId: string; readonly prompt: Prompt; readonly resumed: boolean; readonly duplicate: boolean }
  | { readonly kind: 'complete'; readonly surveyId: string; readonly duplicate: boolean };

export interface SurveyServiceDeps {
  readonly responses: ResponseStore;
  readonly catalog: SurveyCatalog;
  readonly keyring: Keyring;
  readonly definitions: DefinitionRegistry;
  readonly now: () => Date;
  /** Who asked for no reminder: their address is then not kept at all. */
  readonly reminderOptOuts?: ReminderOptOuts;
}

type Move = (definition: Definition, state: ResponseState, response: InProgressResponse) => Result<MoveResult, EngineError>;
type MoveResult = { state: ResponseState; draft: readonly string[] | null };

export class SurveyService {
  constructor(private readonly deps: SurveyServiceDeps) {}

  /** Starts the survey for this member, or resumes it at the item where they stopped. */
  async begin(member: Member, surveyId: string, language: Language): Promise<Result<Step, SurveyError>> {
    const survey = await this.openSurvey(surveyId);
    if (!survey.ok) return survey;
    const definition = this.deps.definitions.forSurvey(survey.value);
    const key = this.deps.keyring.participantKey(member, surveyId);
    return this.deps.responses.transaction(async (tx) => {
      const existing = await tx.findInProgress(key);
      if (existing) return ok(this.stepOf(definition, existing, toState(existing), existing.draft, language, true, false));
      if (await tx.hasCompleted(key)) return err({ code: 'survey.already_completed' });
      const start = startState(definition);
      const created = await tx.create(key, surveyId, start.cursor, this.today(), this.activityHour());
      return ok(this.stepOf(definition, created, start, null, language, false, false));
    });
  }

  /** The respondent's current step, without changing anything. */
  async current(member: Member, surveyId: string, language: Language): Promise<Result<Step, SurveyError>> {
    return this.withResponse(member, surveyId, language, null, (_d, state, response) => ok({ state, draft: response.draft }));
  }

  /**
   * Answers the item `itemCode`. The same delivery seen twice (same idempotency key), or a
   * click on an item that is no longer current, changes nothing.
   */
  answer(member: Member, surveyId: string, itemCode: string, raw: RawAnswer, language: Language, idempotencyKey?: string) {
    return this.withResponse(member, surveyId, language, idempotencyKey ?? null, (definition, state) =>
      mapState(answerItem(definition, state, itemCode, raw)),
    );
  }

  /**
   * Answers from typed text (terminal lines, chat replies): option numbers for choices, the
   * number for a scale, the text itself for a text item.
   */
  answerTyped(member: Member, surveyId: string, itemCode: string, line: string, language: Language, idempotencyKey?: string) {
    return this.withResponse(member, surveyId, language, idempotencyKey ?? null, (definition, state) => {
      const item = definition.items.find((candidate) => candidate.code === itemCode);
      if (!item || state.cursor !== itemCode) return err({ code: 'answer.stale', current: state.cursor });
      const raw = interpretTypedAnswer(item, line);
      return raw.ok ? mapState(answerItem(definition, state, itemCode, raw.value)) : raw;
    });
  }

  /** Confirms the pending selection of a multiple-choice item (toggled with `toggle`). */
  confirmSelection(member: Member, surveyId: string, itemCode: string, language: Language, idempotencyKey?: string) {
    return this.withResponse(member, surveyId, language, idempotencyKey ?? null, (definition, state, response) =>
      mapState(answerItem(definition, state, itemCode, response.draft ?? selectionOf(state, itemCode))),
    );
  }

  /** Adds or removes one choice of the current multiple-choice item's pending selection. */
  toggle(member: Member, surveyId: string, itemCode: string, choiceCode: string, language: Language, idempotencyKey?: string) {
    return this.withResponse(member, surveyId, language, idempotencyKey ?? null, (definition, state, response) => {
      if (state.cursor !== itemCode) return err({ code: 'answer.stale', current: state.cursor });
      const item = definition.items.find((candidate) => candidate.code === itemCode);
      if (!item || item.type !== 'multi') return err({ code: 'item.unknown', item: itemCode });
      if (!item.choices.some((choice) => choice.code === choiceCode)) return err({ code: 'choice.unknown', value: choiceCode });
      const current = response.draft ?? selectionOf(state, itemCode);
      const exclusive = new Set(item.choices.filter((c) => c.exclusive).map((c) => c.code));
      // Ticking "None" clears the others; ticking another choice clears "None".
      const kept = exclusive.has(choiceCode) ? [] : current.filter((c) => !exclusive.has(c));
      const draft = current.includes(choiceCode) ? current.filter((c) => c !== choiceCode) : [...kept, choiceCode];
      return ok({ state, draft: item.choices.map((c) => c.code).filter((code) => draft.includes(code)) });
    });
  }

  skip(member: Member, surveyId: string, itemCode: string, language: Language, idempotencyKey?: string) {
    return this.withResponse(member, surveyId, language, idempotencyKey ?? null, (definition, state) =>
      mapState(skipItem(definition, state, itemCode)),
    );
  }

  /**
   * Goes back one item. With `fromItem` (the item a Back button was shown on), a stale button
   * or a second click changes nothing: it is refused unless that item is still current.
   */
  back(member: Member, surveyId: string, language: Language, idempotencyKey?: string, fromItem?: string) {
    return this.withResponse(member, surveyId, language, idempotencyKey ?? null, (definition, state) =>
      fromItem !== undefined && state.cursor !== fromItem
        ? err({ code: 'answer.stale', current: state.cursor })
        : mapState(goBack(definition, state)),
    );
  }

  /** Returns to an earlier item to change its answer. */
  edit(member: Member, surveyId: string, itemCode: string, language: Language) {
    return this.withResponse(member, surveyId, language, null, (definition, state) => mapState(goTo(definition, state, itemCode)));
  }

  /** Deletes the member's in-progress response entirely (/forget). */
  async forget(member: Member, surveyId: string): Promise<Result<{ deleted: boolean }, SurveyError>> {
    const key = this.deps.keyring.participantKey(member, surveyId);
    const deleted = await this.deps.responses.transaction((tx) => tx.discard(key));
    return ok({ deleted });
  }

  /**
   * Keeps where a reminder can reach this member (a Telegram private chat id, a Discord user
   * id for a DM) on their in-progress link, encrypted (anonymity rule 3). It goes with the
   * link at completion and /forget. False when the member has no response in progress, or
   * asked for no reminder (then nothing is kept and the response is marked so).
   */
  async rememberAddress(member: Member, surveyId: string, address: string): Promise<boolean> {
    const key = this.deps.keyring.participantKey(member, surveyId);
    if (await this.deps.reminderOptOuts?.has(this.deps.keyring.memberKey(member))) {
      await this.deps.responses.transaction((tx) => tx.setRemindersOff(key, true));
      return false;
    }
    const sealed = this.deps.keyring.encryptAddress(address);
    return this.deps.responses.transaction((tx) => tx.setReminderAddress(key, sealed));
  }

  /** Turns the one reminder of the member's in-progress response off (or back on). */
  async setReminders(member: Member, surveyId: string, enabled: boolean): Promise<boolean> {
    const key = this.deps.keyring.participantKey(member, surveyId);
    return this.deps.responses.transaction((tx) => tx.setRemindersOff(key, !enabled));
  }

  private async withResponse(
    member: Member,
    surveyId: string,
    language: Language,
    idempotencyKey: string | null,
    move: Move,
  ): Promise<Result<Step, SurveyError>> {
    const survey = await this.openSurvey(surveyId);
    if (!survey.ok) return survey;
    const definition = this.deps.definitions.forSurvey(survey.value);
    const key = this.deps.keyring.participantKey(member, surveyId);
    const deliveryKey = idempotencyKey === null ? null : this.deps.keyring.deliveryKey(idempotencyKey);
    return this.deps.responses.transaction(async (tx) => {
      const response = await tx.findInProgress(key);
      if (!response) return this.noResponse(tx, key);
      const state = toState(response);
      if (deliveryKey !== null && response.lastDeliveryKey === deliveryKey) {
        return ok(this.stepOf(definition, response, state, response.draft, language, true, true));
      }
      const moved = move(definition, state, response);
      if (!moved.ok) return moved;
      const { state: next, draft } = moved.value;
      const change = { answers: next.answers, cursor: next.cursor, draft, deliveryKey, day: this.today(), activityAt: this.activityHour() };
      if (next.cursor === null) {
        await tx.complete(response, change, key);
        return ok({ kind: 'complete', surveyId, duplicate: false } as const);
      }
      await tx.save(response, change);
      return ok(this.stepOf(definition, response, next, draft, language, true, false));
    });
  }

  private async noResponse(tx: ResponseTransaction, key: string): Promise<Result<Step, SurveyError>> {
    return (await tx.hasCompleted(key)) ? err({ code: 'survey.already_completed' }) : err({ code: 'response.none' });
  }

  private stepOf(
    definition: Definition,
    response: InProgressResponse,
    state: ResponseState,
    draft: readonly string[] | null,
    language: Language,
    resumed: boolean,
    duplicate: boolean,
  ): Step {
    const prompt = promptFor(definition, state, language, draft);
    if (!prompt) return { kind: 'complete', surveyId: response.surveyId, duplicate };
    return { kind: 'prompt', surveyId: response.surveyId, prompt, resumed, duplicate };
  }

  private async openSurvey(surveyId: string): Promise<Result<SurveyRecord, SurveyError>> {
    const survey = await this.deps.catalog.findSurvey(surveyId);
    if (!survey) return err({ code: 'survey.none' });
    if (survey.status !== 'open') return err({ code: 'survey.closed' });
    // A form loaded on another instance is read once from the database, then cached.
    await this.deps.definitions.ensureFor(survey);
    return ok(survey);
  }

  /**
   * The hour of the last activity, rounded down: enough for a 72-hour reminder, and too coarse
   * to single out one platform event among the hour's.
   */
  private activityHour(): Date {
    const at = new Date(this.deps.now());
    at.setUTCMinutes(0, 0, 0);
    return at;
  }

  private today(): string {
    return dayOf(this.deps.now());
  }
}

function toState(response: InProgressResponse): ResponseState {
  return { answers: response.answers, cursor: response.cursor };
}

/** An engine move clears the pending multiple-choice selection. */
function mapState(result: Result<ResponseState, EngineError>): Result<MoveResult, EngineError> {
  return result.ok ? ok({ state: result.value, draft: null }) : result;
}

function selectionOf(state: ResponseState, itemCode: string): string[] {
  const value = state.answers[itemCode];
  return Array.isArray(value) ? [...value] : [];
}
