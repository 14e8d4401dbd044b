/**
 * Turns the mapped cells of one CSV row into a response, checking each value exactly as the
 * chat does (validateAnswer, the identifier check on free text included) and the skip rules:
 * an answer to an item the respondent would not have been asked is refused, and a response
 * said to be complete must answer every required item it was asked.
 *
 * A builder is made once a file and remembers what repeats from row to row: the check of a
 * closed answer (a choice, a scale value: a few distinct values a column) and the items asked
 * for a combination of the answers that skip rules read. Both are pure functions of their
 * inputs, so a remembered result is the one the check would give again.
 */
import { validateAnswer, type AnswerValue, type RawAnswer } from '../../survey/answers.ts';
import type { Definition, Item } from '../../survey/definition.ts';
import { relevantItems } from '../../survey/engine.ts';
import type { AnswerError } from '../../survey/errors.ts';
import { referencedCodes } from '../../survey/expression.ts';
import type { Result } from '../../shared/result.ts';
import type { ImportedResponse, ResponseStatus } from '../ports.ts';
import { clip, type ImportProblem } from './problems.ts';

/** Where an item's cell sits in the file, for a message. */
export interface CellPlace {
  readonly column: number;
  readonly header: string;
  /** The text as it was in the file. */
  readonly text: string;
}

/** One row's cells by item (definition order); a place is only asked for to word a problem. */
export interface RowCells {
  /** The raw answer to each item, undefined where the row gives none. */
  readonly raws: readonly (RawAnswer | undefined)[];
  place(itemIndex: number): CellPlace;
}

export type ResponseBuilder = (line: number, cells: RowCells, declared: ResponseStatus | null, day: string, problems: ImportProblem[]) => ImportedResponse | null;

/** Distinct values remembered a column, and answer combinations for the skip rules. */
const CHECKS_REMEMBERED = 1_000;
const ROUTES_REMEMBERED = 10_000;

export function createResponseBuilder(definition: Definition): ResponseBuilder {
  const items = definition.items;
  const check = rememberedChecks(items);
  const route = rememberedRoutes(definition);
  // JSON written here in item order is JSON.stringify's unless a code is an array index
  // (written first) or __proto__ (no own property): the store stringifies those rows instead.
  const jsonInItemOrder = items.every((item) => !/^(?:0|[1-9]\d*)$/.test(item.code) && item.code !== '__proto__');
  const keys = items.map((item) => `${JSON.stringify(item.code)}:`);
  return (line, cells, declared, day, problems) => {
    const answers: Record<string, AnswerValue> = {};
    let json = '{';
    let given = 0;
    let valid = true;
    for (let k = 0; k < items.length; k++) {
      const raw = cells.raws[k];
      if (raw === undefined) continue;
      const item = items[k] as Item;
      const checked = check(k, raw);
      const value = checked.result;
      if (value.ok) {
        answers[item.code] = value.value;
        json += (given === 0 ? '' : ',') + (checked.json ?? keys[k] + JSON.stringify(value.value));
        given++;
      } else {
        valid = false;
        const at = cells.place(k);
        problems.push({ code: 'value.invalid', line, column: at.column, header: at.header, value: clip(at.text), reason: value.error });
      }
    }
    if (!valid || given === 0) return null;
    // Every given cell is now an answer: `raws` says which items are answered, by index.
    const { relevant, asked, required } = route(answers);
    for (let k = 0; k < items.length; k++) {
      if (asked[k] || cells.raws[k] === undefined) continue;
      valid = false;
      const at = cells.place(k);
      problems.push({ code: 'value.not_relevant', line, column: at.column, header: at.header, item: (items[k] as Item).code });
    }
    if (!valid) return null;
    let missing: Item | undefined;
    for (const k of required) {
      if (cells.raws[k] === undefined) {
        missing = items[k];
        break;
      }
    }
    if (declared === 'complete' && missing) {
      problems.push({ code: 'response.incomplete', line, item: missing.code });
      return null;
    }
    const status: ResponseStatus = declared ?? (missing ? 'in_progress' : 'complete');
    return {
      status,
      cursor: status === 'complete' ? null : resumeCursor(relevant, answers),
      answers,
      ...(jsonInItemOrder ? { answersJson: `${json}}` } : {}),
      startedDay: day,
      completedDay: status === 'complete' ? day : null,
    };
  };
}

/** A check's result, and for a remembered valid answer its `"code":value` JSON. */
interface Checked {
  readonly result: Result<AnswerValue, AnswerError>;
  readonly json: string | null;
}

/** validateAnswer, remembered by value for closed items (free text is checked every time). */
function rememberedChecks(items: readonly Item[]): (itemIndex: number, raw: RawAnswer) => Checked {
  // A text cell is its own key; a selection is keyed by valueKey, in a map of its own.
  const memos = items.map((item) => (item.type === 'text' ? null : { byText: new Map<string, Checked>(), bySelection: new Map<string, Checked>() }));
  return (k, raw) => {
    const item = items[k] as Item;
    const memo = memos[k];
    if (!memo || typeof raw === 'number') return { result: validateAnswer(item, raw), json: null };
    const map = typeof raw === 'string' ? memo.byText : memo.bySelection;
    const key = typeof raw === 'string' ? raw : valueKey(raw);
    let checked = map.get(key);
    if (checked === undefined) {
      const result = validateAnswer(item, raw);
      checked = { result, json: result.ok ? `${JSON.stringify(item.code)}:${JSON.stringify(result.value)}` : null };
      if (map.size < CHECKS_REMEMBERED) map.set(key, checked);
    }
    return checked;
  };
}

interface Route {
  readonly relevant: Item[];
  /** By item index: asked of this respondent. */
  readonly asked: boolean[];
  /** Indexes of the required items asked, in order. */
  readonly required: number[];
}

/** One level a code that skip rules read: answers as keys (a multiple choice by its valueKey). */
interface RouteNode {
  readonly byValue: Map<string | number | undefined, RouteNode | Route>;
  readonly byChoices: Map<string, RouteNode | Route>;
}

/**
 * The items asked, by the values of the answers that skip rules read (relevantItems reads no
 * other), looked up one code at a time so that no key is built a row.
 */
function rememberedRoutes(definition: Definition): (answers: Record<string, AnswerValue>) => Route {
  const read = [...new Set(definition.items.flatMap((item) => (item.relevant ? referencedCodes(item.relevant.expression) : [])))];
  const root: RouteNode = { byValue: new Map(), byChoices: new Map() };
  let remembered = 0;
  let only: Route | null = null;
  const compute = (answers: Record<string, AnswerValue>): Route => {
    const relevant = relevantItems(definition, answers);
    const codes = new Set(relevant.map((item) => item.code));
    const asked = definition.items.map((item) => codes.has(item.code));
    return { relevant, asked, required: definition.items.flatMap((item, k) => (asked[k] && item.required ? [k] : [])) };
  };
  return (answers) => {
    let node = root;
    for (let level = 0; level < read.length; level++) {
      const value = answers[read[level] as string];
      const array = Array.isArray(value);
      const map = array ? node.byChoices : node.byValue;
      const key = array ? valueKey(value) : (value as string | number | undefined);
      let next = map.get(key as never);
      if (next === undefined) {
        if (remembered >= ROUTES_REMEMBERED) return compute(answers);
        remembered++;
        next = level === read.length - 1 ? compute(answers) : { byValue: new Map(), byChoices: new Map() };
        map.set(key as never, next);
      }
      if (level === read.length - 1) return next as Route;
      node = next as RouteNode;
    }
    // No skip rule reads any answer: every row takes the same route.
    only ??= compute(answers);
    return only;
  };
}

/** An unambiguous key for a value: its kind, then length-prefixed text. */
function valueKey(value: RawAnswer | AnswerValue | undefined): string {
  if (value === undefined) return 'u;';
  if (typeof value === 'number') return `n${value};`;
  if (typeof value === 'string') return `s${value.length}:${value}`;
  let key = `a${value.length}:`;
  for (const part of value) key += `${part.length}:${part}`;
  return key;
}

/**
 * Where an interrupted respondent would resume: the relevant item after the last one they
 * answered (the drop-off point), or the last relevant item if they answered everything.
 */
export function resumeCursor(relevant: readonly Item[], answers: Readonly<Record<string, AnswerValue>>): string | null {
  let last = -1;
  relevant.forEach((item, index) => {
    if (answers[item.code] !== undefined) last = index;
  });
  return (relevant[last + 1] ?? relevant[relevant.length - 1])?.code ?? null;
}
