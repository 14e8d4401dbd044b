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
import { scaleBuckets, scaleOf, type AnalysisRow, type CategoricalVariable } from './variables.ts';

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

export function isParticipant(row: { readonly answers: object }): boolean {
  return Object.keys(row.answers).length > 0;
}

export function participation(definition: Definition, rows: readonly AnalysisRow[]): Participation {
  const participants = rows.filter(isParticipant);
  const complete = participants.filter((r) => r.status === 'complete').length;
  const stopped = new Map<string, number>();
  for (const row of participants) {
    if (row.status === 'complete' || row.cursor === null) continue;
    stopped.set(row.cursor, (stopped.get(row.cursor) ?? 0) + 1);
  }
  const dropOff = definition.items
    .map((item) => ({ itemCode: item.code, count: stopped.get(item.code) ?? 0 }))
    .filter((d) => d.count > 0);
  return {
    participants: participants.length,
    complete,
    completionRate: participants.length === 0 ? null : complete / participants.length,
    dropOff,
  };
}

export function summarizeItem(item: Item, rows: readonly AnalysisRow[]): ItemSummary {
  const values = rows.map((r) => r.answers[item.code]).filter((v) => v !== undefined);
  const n = values.length;
  switch (item.type) {
    case 'single':
      return {
        type: 'single',
        code: item.code,
        n,
        categories: item.choices.map((c) => ({ code: c.code, count: values.filter((v) => v === c.code).length })),
      };
    case 'multi':
      return {
        type: 'multi',
        code: item.code,
        n,
        choices: item.choices.map((c) => ({
          code: c.code,
          count: values.filter((v) => Array.isArray(v) && v.includes(c.code)).length,
        })),
      };
    case 'scale':
      return summarizeScale(item, values.filter((v): v is number => typeof v === 'number'));
    case 'text':
      // Sorted, so the order says nothing about who answered when.
      return { type: 'text', code: item.code, n, comments: values.map(String).sort((a, b) => a.localeCompare(b)) };
  }
}

function summarizeScale(item: Item, values: readonly number[]): ItemSummary {
  const { min, max } = scaleOf(item);
  const distribution = Array.from({ length: max - min + 1 }, (_, i) => values.filter((v) => v === min + i).length);
  const [low, mid, high] = scaleBuckets(min, max).map((b) => ({
    ...b,
    count: values.filter((v) => v >= b.from && v <= b.to).length,
  })) as [BucketCount, BucketCount, BucketCount];
  const n = values.length;
  return {
    type: 'scale',
    code: item.code,
    n,
    min,
    max,
    buckets: [low, mid, high],
    distribution,
    mean: n === 0 ? null : mean([...values]),
    median: n === 0 ? null : median([...values]),
    sd: n < 2 ? null : sampleStandardDeviation([...values]),
  };
}

export function summarizeAll(definition: Definition, rows: readonly AnalysisRow[]): ItemSummary[] {
  return definition.items.map((item) => summarizeItem(item, rows));
}

/** A derived variable (sought_opinion, age_group) summarized like a single choice of its categories. */
export function summarizeVariable(variable: CategoricalVariable, rows: readonly AnalysisRow[]): ItemSummary {
  const values = rows.filter(isParticipant).map((row) => variable.valueOf(row)).filter((v): v is string => v !== null);
  return {
    type: 'single',
    code: variable.code,
    n: values.length,
    categories: variable.categories.map((c) => ({ code: c.code, count: values.filter((v) => v === c.code).length })),
  };
}
