/**
 * The variables an analysis reads from a response: items and derived variables, as
 * categories with labels. A grouping splits respondents (`gp`, `underserved`, `age_group`, any
 * single-choice item); an outcome is what is compared across a grouping (a 0–10 item as
 * "≥ 8" against "< 8", a single choice by its categories, a derived binary variable, each
 * choice of a multiple choice as chosen or not).
 */
import type { Localized } from '../shared/language.ts';
import type { Definition, Item } from '../survey/definition.ts';
import { referencedCodes } from '../survey/expression.ts';
import type { ResponseRecord } from './ports.ts';
import { MISSING, MULTI_ANSWERED, tableOf, type ResponseTable } from './response-table.ts';

export type { ResponseTable } from './response-table.ts';

/** The responses prepared once for analysis (see response-table.ts). */
export function prepareRows(definition: Definition, responses: readonly ResponseRecord[]): ResponseTable {
  return tableOf(definition, responses);
}

export interface Category {
  readonly code: string;
  readonly label: Localized;
}

/** A categorical reading of a response: which category it falls in, or null when missing. */
export interface CategoricalVariable {
  readonly code: string;
  /** Short label for tables and charts. */
  readonly label: Localized;
  readonly categories: readonly Category[];
  /**
   * For a two-category outcome, the category whose share is reported per subgroup (the
   * study reports "% giving 8 or more", "% who sought an opinion").
   */
  readonly reported?: string;
  /**
   * Each row's category as its index in `categories`, negative when missing (or a value the
   * definition does not list); computed once per table and cached there.
   */
  codesIn(table: ResponseTable): Int16Array;
}

export interface Bucket {
  readonly from: number;
  readonly to: number;
  readonly label: string;
}

/**
 * Three buckets of a scale. On 0–10 they are the study's 0–4, 5–7, 8–10; other ranges are cut
 * at the same relative places (45 % and 75 % of the range), so a 1–5 scale reads 1–2, 3–4, 5.
 */
export function scaleBuckets(min: number, max: number): [Bucket, Bucket, Bucket] {
  const range = max - min;
  const lowTo = min + Math.floor(0.45 * range);
  const midTo = Math.max(lowTo + 1, min + Math.floor(0.75 * range));
  const span = (from: number, to: number): Bucket => ({ from, to, label: from === to ? `${from}` : `${from}–${to}` });
  return [span(min, lowTo), span(lowTo + 1, midTo), span(midTo + 1, max)];
}

export function scaleOf(item: Item): { min: number; max: number } {
  return item.scale ?? { min: 0, max: 10 };
}

const HIGH = 'high';
const LOW = 'low';

/** The labels of "≥ 8" and "< 8" for a scale item (the threshold is its top bucket). */
export function highThreshold(item: Item): number {
  const { min, max } = scaleOf(item);
  return scaleBuckets(min, max)[2].from;
}

const same = (text: string): Localized => ({ fr: text, en: text });

/** Codes a comparison may group by: derived booleans and recodes, and single-choice items. */
export function groupingCodes(definition: Definition): string[] {
  return [...definition.derived.map((d) => d.code), ...definition.items.filter((i) => i.type === 'single').map((i) => i.code)];
}

export function groupingVariable(definition: Definition, code: string): CategoricalVariable | null {
  const derived = definition.derived.find((d) => d.code === code);
  if (derived?.type === 'boolean') {
    return {
      code,
      label: derived.label,
      categories: [
        { code: 'true', label: derived.trueLabel },
        { code: 'false', label: derived.falseLabel },
      ],
      reported: 'true',
      codesIn: (table) => derivedColumn(table, code),
    };
  }
  if (derived?.type === 'recode') {
    return {
      code,
      label: derived.label,
      categories: derived.categories,
      codesIn: (table) => derivedColumn(table, code),
    };
  }
  const item = definition.items.find((i) => i.code === code);
  if (item?.type === 'single') return singleChoice(item);
  return null;
}

/**
 * The outcomes an item or derived variable gives when compared across a grouping: one for a
 * single choice, a scale or a derived variable, one per choice for a multiple choice, none for
 * a text.
 */
export function outcomeVariables(definition: Definition, code: string): CategoricalVariable[] {
  const item = definition.items.find((i) => i.code === code);
  if (!item) {
    const grouping = groupingVariable(definition, code);
    return grouping ? [grouping] : [];
  }
  const label = item.shortLabel ?? item.label;
  switch (item.type) {
    case 'single':
      return [singleChoice(item)];
    case 'scale': {
      const threshold = highThreshold(item);
      return [
        {
          code,
          label,
          categories: [
            { code: HIGH, label: same(`≥ ${threshold}`) },
            { code: LOW, label: same(`< ${threshold}`) },
          ],
          reported: HIGH,
          // Category 0 is HIGH, 1 is LOW.
          codesIn: (table) =>
            table.codes(code, () => {
              const column = table.item(code);
              return column?.type === 'scale' ? highCodes(column.values, threshold) : new Int16Array(table.size).fill(MISSING);
            }),
        },
      ];
    }
    case 'multi':
      return item.choices.map((choice, at) => ({
        code: `${code}__${choice.code}`,
        label: choice.label,
        categories: [
          { code: 'chosen', label: { fr: 'Choisi', en: 'Chosen' } },
          { code: 'not_chosen', label: { fr: 'Non choisi', en: 'Not chosen' } },
        ],
        reported: 'chosen',
        // Category 0 is chosen, 1 not chosen, among those who answered with a list of choices.
        codesIn: (table) =>
          table.codes(`${code}__${choice.code}`, () => {
            const column = table.item(code);
            const chosen = column?.type === 'multi' ? column.chosen[at] : undefined;
            return column?.type === 'multi' && chosen ? chosenCodes(column.state, chosen) : new Int16Array(table.size).fill(MISSING);
          }),
      }));
    case 'text':
      return [];
  }
}

/*
 * The two loops below are functions of their own, over typed arrays held in locals, rather
 * than inside the closures that cache their result (the 32 columns of the built-in survey at
 * 100k respondents: 18 → 14 ms).
 */

/** A scale's values as HIGH (0) or LOW (1), MISSING where not answered with a number. */
function highCodes(values: Float64Array, threshold: number): Int16Array {
  const codes = new Int16Array(values.length).fill(MISSING);
  for (let row = 0; row < values.length; row++) {
    const value = values[row] as number;
    if (!Number.isNaN(value)) codes[row] = value >= threshold ? 0 : 1;
  }
  return codes;
}

/** One choice of a multiple choice as chosen (0) or not (1) among those who answered with a list. */
function chosenCodes(state: Uint8Array, chosen: Uint8Array): Int16Array {
  const codes = new Int16Array(state.length).fill(MISSING);
  for (let row = 0; row < state.length; row++) {
    if (state[row] === MULTI_ANSWERED) codes[row] = chosen[row] === 1 ? 0 : 1;
  }
  return codes;
}

function singleChoice(item: Item): CategoricalVariable {
  return {
    code: item.code,
    label: item.shortLabel ?? item.label,
    categories: item.choices,
    codesIn: (table) => {
      const column = table.item(item.code);
      return column?.type === 'single' ? column.codes : new Int16Array(table.size).fill(MISSING);
    },
  };
}

function derivedColumn(table: ResponseTable, code: string): Int16Array {
  return table.derivedCodes(code) ?? new Int16Array(table.size).fill(MISSING);
}

/**
 * Fig. 1 takes the single-choice items that open the questionnaire, up to the first item a
 * skip rule depends on: those describe who answered; the branching ones are already about use.
 */
export function characteristicItems(definition: Definition): string[] {
  const branching = new Set(definition.items.flatMap((i) => (i.relevant ? referencedCodes(i.relevant.expression) : [])));
  const codes: string[] = [];
  for (const item of definition.items) {
    if (item.type !== 'single' || branching.has(item.code)) break;
    codes.push(item.code);
  }
  return codes.slice(0, 12);
}
