/**
 * The conversation engine: pure functions from a definition and a respondent's state to the
 * next state or prompt. No I/O, no clock, no platform: the service persists what it returns.
 *
 * The state is the answers so far and a cursor (the item being asked; null once complete).
 * The respondent moves forward item by item through the items relevant to them; going back
 * shows the earlier item with its answer selected, and answering it again re-evaluates the
 * skip rules, dropping the answers of items that are no longer relevant.
 */
import type { Language } from '../shared/language.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { selectionBounds, validateAnswer, type AnswerValue, type Answers, type RawAnswer } from './answers.ts';
import type { Definition, Item, ItemType } from './definition.ts';
import type { AnswerError, FlowError } from './errors.ts';
import { evaluate, referencedCodes, truthy, type ExpressionValue } from './expression.ts';

export interface ResponseState {
  readonly answers: Answers;
  /** The item being asked; null once the response is complete. */
  readonly cursor: string | null;
}

/** What a platform needs to show one item, already in the respondent's language. */
export interface Prompt {
  readonly itemCode: string;
  readonly type: ItemType;
  readonly text: string;
  readonly hint?: string;
  readonly options: readonly { readonly code: string; readonly label: string }[];
  readonly scale?: { readonly min: number; readonly max: number; readonly minLabel: string; readonly maxLabel: string };
  readonly minSelections?: number;
  readonly maxSelections?: number;
  /** The current answer (or, for a multiple choice being edited, the pending selection). */
  readonly selected: AnswerValue | null;
  readonly required: boolean;
  /** Position among the items relevant to this respondent, 1-based. */
  readonly progress: { readonly index: number; readonly total: number };
  readonly canGoBack: boolean;
  readonly canSkip: boolean;
}

export type EngineError = AnswerError | FlowError;

function scopeOf(answers: Answers, allowed?: ReadonlySet<string>) {
  return (code: string): ExpressionValue | undefined =>
    allowed && !allowed.has(code) ? undefined : (answers[code] as ExpressionValue | undefined);
}

/** The items this respondent is asked, given their answers, in definition order. */
export function relevantItems(definition: Definition, answers: Answers): Item[] {
  const relevant: Item[] = [];
  const visible = new Set<string>();
  for (const item of definition.items) {
    // A skip rule reads only answers of earlier items that are themselves relevant.
    if (!item.relevant || truthy(evaluate(item.relevant.expression, scopeOf(answers, visible)))) {
      relevant.push(item);
      visible.add(item.code);
    }
  }
  return relevant;
}

/** Keeps only the answers of items that are still relevant. */
export function pruneAnswers(definition: Definition, answers: Answers): Answers {
  const kept: Record<string, AnswerValue> = {};
  for (const item of relevantItems(definition, answers)) {
    const value = answers[item.code];
    if (value !== undefined) kept[item.code] = value;
  }
  return kept;
}

export function startState(definition: Definition): ResponseState {
  return { answers: {}, cursor: relevantItems(definition, {})[0]?.code ?? null };
}

export function isComplete(state: ResponseState): boolean {
  return state.cursor === null;
}

/** Records an answer to the current item and moves to the next relevant item. */
export function answerItem(
  definition: Definition,
  state: ResponseState,
  itemCode: string,
  raw: RawAnswer,
): Result<ResponseState, EngineError> {
  const current = currentItem(definition, state, itemCode);
  if (!current.ok) return current;
  const value = validateAnswer(current.value, raw);
  if (!value.ok) return value;
  return ok(advance(definition, { ...state.answers, [itemCode]: value.value }, itemCode));
}

/** Skips the current item if it is optional, clearing any earlier answer to it. */
export function skipItem(definition: Definition, state: ResponseState, itemCode: string): Result<ResponseState, EngineError> {
  const current = currentItem(definition, state, itemCode);
  if (!current.ok) return current;
  if (current.value.required) return err({ code: 'answer.required' });
  const { [itemCode]: _dropped, ...answers } = state.answers;
  return ok(advance(definition, answers, itemCode));
}

/** Moves the cursor to the previous relevant item, keeping every answer. */
export function goBack(definition: Definition, state: ResponseState): Result<ResponseState, EngineError> {
  if (state.cursor === null) return err({ code: 'response.complete' });
  const items = relevantItems(definition, state.answers);
  const index = items.findIndex((item) => item.code === state.cursor);
  const previous = index > 0 ? items[index - 1] : undefined;
  if (!previous) return err({ code: 'back.at_start' });
  return ok({ answers: state.answers, cursor: previous.code });
}

/** Moves the cursor to an earlier item so its answer can be changed. */
export function goTo(definition: Definition, state: ResponseState, itemCode: string): Result<ResponseState, EngineError> {
  if (state.cursor === null) return err({ code: 'response.complete' });
  const items = relevantItems(definition, state.answers);
  const target = items.findIndex((item) => item.code === itemCode);
  if (target < 0) return err({ code: 'item.unknown', item: itemCode });
  if (target > items.findIndex((item) => item.code === state.cursor)) return err({ code: 'answer.stale', current: state.cursor });
  return ok({ answers: state.answers, cursor: itemCode });
}

function currentItem(definition: Definition, state: ResponseState, itemCode: string): Result<Item, EngineError> {
  if (state.cursor === null) return err({ code: 'response.complete' });
  if (state.cursor !== itemCode) return err({ code: 'answer.stale', current: state.cursor });
  const item = definition.items.find((candidate) => candidate.code === itemCode);
  return item ? ok(item) : err({ code: 'item.unknown', item: itemCode });
}

/**
 * After `from` is answered or skipped: drop answers that became irrelevant and move to the
 * next relevant item. A required relevant item left unanswered earlier (possible when a
 * changed answer opens a branch) is asked before completing.
 */
function advance(definition: Definition, answers: Answers, from: string): ResponseState {
  const pruned = pruneAnswers(definition, answers);
  const items = relevantItems(definition, pruned);
  const index = items.findIndex((item) => item.code === from);
  const next = items[index + 1];
  if (next) return { answers: pruned, cursor: next.code };
  const missing = items.find((item) => item.required && pruned[item.code] === undefined);
  return { answers: pruned, cursor: missing?.code ?? null };
}

/** The prompt for the current item, or null when the response is complete. */
export function promptFor(
  definition: Definition,
  state: ResponseState,
  language: Language,
  pendingSelection?: readonly string[] | null,
): Prompt | null {
  if (state.cursor === null) return null;
  const items = relevantItems(definition, state.answers);
  const index = items.findIndex((item) => item.code === state.cursor);
  const item = items[index];
  if (!item) return null;
  const answered = state.answers[item.code];
  const bounds = item.type === 'multi' ? selectionBounds(item) : undefined;
  const visible = new Set(items.slice(0, index).map((i) => i.code));
  const notes = (item.notes ?? [])
    .filter((note) => !note.relevant || truthy(evaluate(note.relevant.expression, scopeOf(state.answers, visible))))
    .map((note) => note.text[language]);
  return {
    itemCode: item.code,
    type: item.type,
    // Notes (section headers, descriptive texts) read before the question, in the same message.
    text: [...notes, item.label[language]].join('\n\n'),
    ...(item.hint ? { hint: item.hint[language] } : {}),
    options: item.choices.map((choice) => ({ code: choice.code, label: choice.label[language] })),
    ...(item.scale
      ? {
          scale: {
            min: item.scale.min,
            max: item.scale.max,
            minLabel: item.scale.minLabel[language],
            maxLabel: item.scale.maxLabel[language],
          },
        }
      : {}),
    ...(bounds ? { minSelections: bounds.min, maxSelections: bounds.max } : {}),
    selected: item.type === 'multi' && pendingSelection ? pendingSelection : (answered ?? null),
    required: item.required,
    progress: { index: index + 1, total: items.length },
    canGoBack: index > 0,
    canSkip: !item.required,
  };
}

/** Derived variables of one set of answers: booleans, recoded categories, or null if missing. */
export function deriveVariables(definition: Definition, answers: Answers): Record<string, boolean | string | null> {
  const values: Record<string, boolean | string | null> = {};
  for (const variable of definition.derived) {
    if (variable.type === 'boolean') {
      const inputs = referencedCodes(variable.parsed);
      values[variable.code] = inputs.some((code) => answers[code] === undefined)
        ? null
        : truthy(evaluate(variable.parsed, scopeOf(answers)));
    } else {
      const source = answers[variable.from];
      values[variable.code] = typeof source === 'string' ? (variable.map[source] ?? null) : null;
    }
  }
  return values;
}
