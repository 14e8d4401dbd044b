/**
 * Item summaries and participation, as raw counts computed from the responses. Nothing here
 * decides what may be printed: `disclosure.ts` applies the small-cell rule before any count
 * leaves the analytics.
 *
 * Denominator (design.md, "Statistics"): the respondents who answered the item, complete
 * responses and interrupted ones alike, as the study counts "participants". For a multiple
 * choice, each choice's share is over those respondents (the study's "chosen by 87.5 % of
 * participants"), so the shares add up to more than 100 %.
 */
import { mean, median, sampleStandardDeviation } from 'simple-statistics';
import type { Definition, Item } from '../survey/definition.ts';
import { MISSING, MULTI_ANSWERED, type ResponseTable } from './response-table.ts';
import { scaleBuckets, scaleOf, type CategoricalVariable } from './variables.ts';

export interface Participation {
  /** Responses with at least one answer (the study's 1,451). */
  readonly participants: number;
  /** Complete responses (the study's 989). */
  readonly complete: number;
  /** complete / participants, 0–1; null with no participant. */
  readonly completionRate: number | null;
  /** Interrupted responses by the item they stopped at, in questionnaire order, zeros left out. */
  readonly dropOff: readonly { readonly itemCode: string; readonly count: number }[];
}

export interface CategoryCount {
  readonly code: string;
  readonly count: number;
}

export interface BucketCount {
  readonly label: string;
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

interface SummaryBase {
  readonly code: string;
  /** Respondents who answered the item: the denominator of every share. */
  readonly n: number;
}

export type ItemSummary =
  | (SummaryBase & { readonly type: 'single'; readonly categories: readonly CategoryCount[] })
  | (SummaryBase & { readonly type: 'multi'; readonly choices: readonly CategoryCount[] })
  | (SummaryBase & {
      readonly type: 'scale';
      readonly min: number;
      readonly max: number;
      readonly buckets: readonly [BucketCount, BucketCount, BucketCount];
      /** Counts of each value from min to max. */
      readonly distribution: readonly number[];
      readonly mean: number | null;
      readonly median: number | null;
      /** Sample standard deviation (n − 1), as R's sd(); null below two answers. */
      readonly sd: number | null;
    })
  | (SummaryBase & { readonly type: 'text'; readonly comments: readonly string[] });

/** A response with at least one answer (for records; a ResponseTable has its `participant` column). */
export function isParticipant(row: { readonly answers: object }): boolean {
  return Object.keys(row.answers).length > 0;
}

export function participation(definition: Definition, table: ResponseTable): Participation {
  let participants = 0;
  let complete = 0;
  const stopped = new Int32Array(definition.items.length);
  for (let row = 0; row < table.size; row++) {
    if (table.participant[row] !== 1) continue;
    participants++;
    if (table.complete[row] === 1) complete++;
    else {
      const at = table.cursor[row] as number;
      if (at >= 0) stopped[at] = (stopped[at] ?? 0) + 1;
    }
  }
  const dropOff = definition.items
    .map((item, i) => ({ itemCode: item.code, count: stopped[i] ?? 0 }))
    .filter((d) => d.count > 0);
  return {
    participants,
    complete,
    completionRate: participants === 0 ? null : complete / participants,
    dropOff,
  };
}

export function summarizeItem(item: Item, table: ResponseTable): ItemSummary {
  const column = table.item(item.code);
  switch (item.type) {
    case 'single': {
      const counts = new Array<number>(item.choices.length).fill(0);
      let n = 0;
      if (column?.type === 'single') {
        const codes = column.codes;
        for (let row = 0; row < codes.length; row++) {
          const code = codes[row] as number;
          if (code === MISSING) continue;
          n++;
          if (code >= 0) counts[code] = (counts[code] ?? 0) + 1;
        }
      }
      return { type: 'single', code: item.code, n, categories: item.choices.map((c, i) => ({ code: c.code, count: counts[i] ?? 0 })) };
    }
    case 'multi': {
      let n = 0;
      const counts = item.choices.map(() => 0);
      if (column?.type === 'multi') {
        const state = column.state;
        for (let row = 0; row < state.length; row++) if (state[row] !== 0) n++;
        column.chosen.forEach((flags, i) => (counts[i] = chosenCount(flags, state)));
      }
      return { type: 'multi', code: item.code, n, choices: item.choices.map((c, i) => ({ code: c.code, count: counts[i] ?? 0 })) };
    }
    case 'scale': {
      const all = column?.type === 'scale' ? column.values : new Float64Array(0);
      // The answered values, in row order (the standard deviation's sum follows it).
      const values = new Float64Array(all.length);
      let n = 0;
      for (let row = 0; row < all.length; row++) {
        const v = all[row] as number;
        if (!Number.isNaN(v)) values[n++] = v;
      }
      return summarizeScale(item, values.subarray(0, n));
    }
    case 'text': {
      const texts = column?.type === 'text' ? column.texts : [];
      const n = column?.type === 'text' ? column.answered : 0;
      // Sorted, so the order says nothing about who answered when.
      return { type: 'text', code: item.code, n, comments: [...texts].sort((a, b) => a.localeCompare(b)) };
    }
  }
}

/** Respondents who chose a choice among those who answered with a list (a loop of its own, which V8 optimizes alone). */
function chosenCount(flags: Uint8Array, state: Uint8Array): number {
  let count = 0;
  for (let row = 0; row < state.length; row++) if (flags[row] === 1 && state[row] === MULTI_ANSWERED) count++;
  return count;
}

function summarizeScale(item: Item, values: Float64Array): ItemSummary {
  const { min, max } = scaleOf(item);
  const distribution = new Array<number>(max - min + 1).fill(0);
  const buckets = scaleBuckets(min, max);
  const [b0, b1, b2] = buckets;
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isInteger(v) && v >= min && v <= max) distribution[v - min] = (distribution[v - min] ?? 0) + 1;
    if (v >= b0.from && v <= b0.to) c0++;
    if (v >= b1.from && v <= b1.to) c1++;
    if (v >= b2.from && v <= b2.to) c2++;
  }
  const n = values.length;
  // simple-statistics reads any array-like of numbers: the typed array spares a copy of 100k values.
  const xs = values as unknown as number[];
  return {
    type: 'scale',
    code: item.code,
    n,
    min,
    max,
    buckets: [
      { ...b0, count: c0 },
      { ...b1, count: c1 },
      { ...b2, count: c2 },
    ],
    distribution,
    mean: n === 0 ? null : mean(xs),
    median: n === 0 ? null : median(xs),
    sd: n < 2 ? null : sampleStandardDeviation(xs),
  };
}

/** What the small-cell decisions read of an item: its n and its counts (an ItemSummary has them too). */
export type ItemCounts =
  | { readonly type: 'single'; readonly n: number; readonly categories: readonly CategoryCount[] }
  | { readonly type: 'multi'; readonly n: number; readonly choices: readonly CategoryCount[] }
  | { readonly type: 'scale'; readonly n: number; readonly buckets: readonly [BucketCount, BucketCount, BucketCount] }
  | { readonly type: 'text'; readonly n: number };

/**
 * An item's counts without what only the overview prints: a scale's mean, median and SD (a
 * copy and a selection of 100k values each) and the sorted comments.
 */
export function countItem(item: Item, table: ResponseTable): ItemCounts {
  const column = table.item(item.code);
  if (item.type === 'text') return { type: 'text', n: column?.type === 'text' ? column.answered : 0 };
  if (item.type !== 'scale') return summarizeItem(item, table);
  const { min, max } = scaleOf(item);
  const buckets = scaleBuckets(min, max);
  // Each value counted once in a histogram of the scale's integers, then into its bucket:
  // three comparisons per row cost more (their outcome is random). A value off the scale
  // (a decimal, out of range) is placed by the comparisons themselves.
  const counts = [0, 0, 0];
  const place = (v: number, count: number) =>
    buckets.forEach((b, k) => {
      if (v >= b.from && v <= b.to) counts[k] = (counts[k] ?? 0) + count;
    });
  const { n, histogram, off } = scaleHistogram(column?.type === 'scale' ? column.values : new Float64Array(0), min, max);
  histogram.forEach((count, i) => place(min + i, count));
  for (const v of off) place(v, 1);
  const [b0, b1, b2] = buckets;
  return { type: 'scale', n, buckets: [{ ...b0, count: counts[0] ?? 0 }, { ...b1, count: counts[1] ?? 0 }, { ...b2, count: counts[2] ?? 0 }] };
}

/** Answered values: how many, how many of each integer from min to max, and the others. */
function scaleHistogram(values: Float64Array, min: number, max: number): { n: number; histogram: Int32Array; off: number[] } {
  const histogram = new Int32Array(max - min + 1);
  const off: number[] = [];
  let n = 0;
  for (let row = 0; row < values.length; row++) {
    const v = values[row] as number;
    if (Number.isNaN(v)) continue;
    n++;
    if (Number.isInteger(v) && v >= min && v <= max) histogram[v - min]!++;
    else off.push(v);
  }
  return { n, histogram, off };
}

export function summarizeAll(definition: Definition, table: ResponseTable): ItemSummary[] {
  return definition.items.map((item) => summarizeItem(item, table));
}

/** A derived variable (sought_opinion, age_group) summarized like a single choice of its categories. */
export function summarizeVariable(variable: CategoricalVariable, table: ResponseTable): ItemSummary {
  const codes = variable.codesIn(table);
  const counts = variable.categories.map(() => 0);
  let n = 0;
  for (let row = 0; row < table.size; row++) {
    const code = codes[row] as number;
    if (code === MISSING || table.participant[row] !== 1) continue;
    n++;
    if (code >= 0) counts[code] = (counts[code] ?? 0) + 1;
  }
  return { type: 'single', code: variable.code, n, categories: variable.categories.map((c, i) => ({ code: c.code, count: counts[i] ?? 0 })) };
}
