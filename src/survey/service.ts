/**
 * The survey service: the one entry point adapters call to run a questionnaire with a member.
 * Each call loads the respondent's state through their participant key, lets the pure engine
 * decide, and writes the result if nothing changed meanwhile (a version check: a concurrent
 * delivery makes it read again and decide again). It returns plain data (a step or an
 * expected error); it never sees a platform object.
 */
import type { Keyring, Member } from '../privacy/keyring.ts';
import { dayOf } from '../shared/day.ts';
import type { Language } from '../shared/language.ts';
import type { Logger } from '../shared/logger.ts';
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
import type { InProgressResponse, LoadedResponse, ReminderOptOuts, ResponseStore, ResponseSurvey, SurveyCatalog } from './ports.ts';

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
  /** Told when stored answers could not be read back (never their content: rule 7). */
  readonly logger?: Pick<Logger, 'warn'>;
}

type Move = (definition: Definition, state: ResponseState, response: InProgressResponse) => Result<MoveResult, EngineError>;
type MoveResult = { state: ResponseState; draft: readonly string[] | null };

/**
 * Reads and decisions made again after a concurrent change. Each retry follows a write that
 * another delivery of the same respondent won, so more than a few means something is wrong.
 */
const MAX_ATTEMPTS = 8;

export class ContentionError extends Error {
  constructor() {
    super(`The same response changed concurrently ${MAX_ATTEMPTS} times in a row`);
    this.name = 'ContentionError';
  }
}

export class SurveyService {
  constructor(private readonly deps: SurveyServiceDeps) {}

  /** Starts the survey for this member, or resumes it at the item where they stopped. */
  async begin(member: Member, surveyId: string, language: Language): Promise<Result<Step, SurveyError>> {
    const key = this.deps.keyring.participantKey(member, surveyId);
    const { responses } = this.deps;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const loaded = await responses.load(key);
      if (loaded) {
        const checked = await this.checkLoaded(loaded, surveyId);
        if (!checked.ok) return checked;
        const definition = checked.value;
        const { response } = loaded;
        return ok(this.stepOf(definition, response, this.stateOf(definition, response, surveyId), response.draft, language, true, false));
      }
      const survey = await this.openSurvey(surveyId);
      if (!survey.ok) return survey;
      const definition = await this.deps.definitions.ensureFor(survey.value);
      const start = startState(definition);
      const outcome = await responses.create(key, surveyId, start.cursor, this.today(), this.activityHour());
      if (outcome === 'completed') return err({ code: 'survey.already_completed' });
      if (outcome === 'created') return ok(this.promptStep(definition, surveyId, start, null, language, false, false));
      // 'exists': another delivery created it meanwhile; read it.
    }
    throw new ContentionError();
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
    return ok({ deleted: await this.deps.responses.discard(key) });
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
      await this.deps.responses.setRemindersOff(key, true);
      return false;
    }
    return this.deps.responses.setReminderAddress(key, this.deps.keyring.encryptAddress(address));
  }

  /** Turns the one reminder of the member's in-progress response off (or back on). */
  async setReminders(member: Member, surveyId: string, enabled: boolean): Promise<boolean> {
    const key = this.deps.keyring.participantKey(member, surveyId);
    return this.deps.responses.setRemindersOff(key, !enabled);
  }

  private async withResponse(
    member: Member,
    surveyId: string,
    language: Language,
    idempotencyKey: string | null,
    move: Move,
  ): Promise<Result<Step, SurveyError>> {
    const key = this.deps.keyring.participantKey(member, surveyId);
    const deliveryKey = idempotencyKey === null ? null : this.deps.keyring.deliveryKey(idempotencyKey);
    const { responses } = this.deps;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const loaded = await responses.load(key);
      if (!loaded) return this.noResponse(key, surveyId);
      const checked = await this.checkLoaded(loaded, surveyId);
      if (!checked.ok) return checked;
      const definition = checked.value;
      const { response } = loaded;
      const state = this.stateOf(definition, response, surveyId);
      if (deliveryKey !== null && response.lastDeliveryKey === deliveryKey) {
        return ok(this.stepOf(definition, response, state, response.draft, language, true, true));
      }
      const moved = move(definition, state, response);
      if (!moved.ok) return moved;
      const { state: next, draft } = moved.value;
      const change = { answers: next.answers, cursor: next.cursor, draft, deliveryKey, day: this.today(), activityAt: this.activityHour() };
      if (next.cursor === null) {
        if (await responses.complete(key, response, change)) return ok({ kind: 'complete', surveyId, duplicate: false } as const);
        continue;
      }
      if (unchanged(response, change) || (await responses.save(key, response, change))) {
        return ok(this.stepOf(definition, response, next, draft, language, true, false));
      }
      // Another delivery changed this response since it was read: read it again.
    }
    throw new ContentionError();
  }

  /**
   * The loaded response must belong to this survey, and the survey must still be open. Its
   * definition may be a form another instance loaded: ensure reads it once, then caches it.
   */
  private async checkLoaded(loaded: LoadedResponse, surveyId: string): Promise<Result<Definition, SurveyError>> {
    if (loaded.response.surveyId !== surveyId) return err({ code: 'response.none' });
    if (loaded.survey.status !== 'open') return err({ code: 'survey.closed' });
    return ok(await this.deps.definitions.ensureFor(loaded.survey));
  }

  private async noResponse(key: string, surveyId: string): Promise<Result<Step, SurveyError>> {
    const survey = await this.openSurvey(surveyId);
    if (!survey.ok) return survey;
    return (await this.deps.responses.hasCompleted(key)) ? err({ code: 'survey.already_completed' }) : err({ code: 'response.none' });
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
    return this.promptStep(definition, response.surveyId, state, draft, language, resumed, duplicate);
  }

  private promptStep(
    definition: Definition,
    surveyId: string,
    state: ResponseState,
    draft: readonly string[] | null,
    language: Language,
    resumed: boolean,
    duplicate: boolean,
  ): Step {
    const prompt = promptFor(definition, state, language, draft);
    if (!prompt) return { kind: 'complete', surveyId, duplicate };
    return { kind: 'prompt', surveyId, prompt, resumed, duplicate };
  }

  /** Read through the answer store's prepared statement: every begin() asks. */
  private async openSurvey(surveyId: string): Promise<Result<ResponseSurvey, SurveyError>> {
    const survey = await this.deps.responses.survey(surveyId);
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

  /** A damaged answers document (see the store) starts the respondent again at the first item. */
  private stateOf(definition: Definition, response: InProgressResponse, surveyId: string): ResponseState {
    if (!response.damaged) return { answers: response.answers, cursor: response.cursor };
    this.deps.logger?.warn('stored answers could not be read: the respondent starts again at the first item', { surveyId });
    return startState(definition);
  }

  private today(): string {
    return dayOf(this.deps.now());
  }
}


/** A move that changed nothing (showing the current step) needs no write. */
function unchanged(response: InProgressResponse, change: { answers: unknown; cursor: string | null; draft: readonly string[] | null; deliveryKey: string | null }): boolean {
  return (
    change.answers === response.answers &&
    change.cursor === response.cursor &&
    change.deliveryKey === null &&
    (change.draft === response.draft || (change.draft !== null && response.draft !== null && change.draft.join() === response.draft.join()))
  );
}

/** An engine move clears the pending multiple-choice selection. */
function mapState(result: Result<ResponseState, EngineError>): Result<MoveResult, EngineError> {
  return result.ok ? ok({ state: result.value, draft: null }) : result;
}

function selectionOf(state: ResponseState, itemCode: string): string[] {
  const value = state.answers[itemCode];
  return Array.isArray(value) ? [...value] : [];
}
