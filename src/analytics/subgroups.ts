/**
 * Subgroup comparisons, the study's Table 1: an outcome against a grouping, tested as the
 * study did (Pearson's chi-squared test as R's chisq.test, Yates on 2×2 only), with Fisher's
 * exact test where an expected count is below 5, Cramér's V, and Holm-adjusted p-values across
 * the rows of a table. Raw counts only; `disclosure.ts` decides what may be printed.
 */
import type { Definition } from '../survey/definition.ts';
import { referencedCodes } from '../survey/expression.ts';
import { adjustPValues, chiSquaredTest, cramersV, fisherExactTest, StatsInputError } from './stats.ts';
import { fisherSimulatedTest } from './stats/fisher-simulated.ts';
import type { ResponseTable } from './response-table.ts';
import { characteristicItems, groupingVariable, outcomeVariables, type CategoricalVariable } from './variables.ts';

/** The groupings of the study's Table 1: specialty, underserved area, age. */
export const STUDY_GROUPINGS = ['gp', 'underserved', 'age_group'] as const;

/** Below this expected count the chi-squared approximation is doubtful (Cochran's rule). */
const FISHER_EXPECTED_BELOW = 5;

export interface TestResult {
  /**
   * Which test gives `p`: Fisher's where an expected count is below 5 (exact where the
   * enumeration is affordable, else with a Monte Carlo p-value as R's simulate.p.value), else
   * chi-squared.
   */
  readonly method: 'chi_squared' | 'fisher' | 'fisher_simulated';
  readonly chiSquared: { readonly statistic: number; readonly df: number; readonly p: number };
  readonly minExpected: number;
  readonly fisherP: number | null;
  /** Random tables behind a simulated Fisher p (B, 2000), null otherwise. */
  readonly replicates: number | null;
  readonly p: number;
  readonly cramersV: number;
  /** Holm-adjusted p across the table the comparison belongs to. */
  readonly pHolm: number;
}

export interface Comparison {
  readonly outcome: CategoricalVariable;
  readonly grouping: CategoricalVariable;
  /** counts[g][c]: respondents of group g (grouping order) in outcome category c. */
  readonly counts: readonly (readonly number[])[];
  /** Respondents with both values known. */
  readonly n: number;
  /** null when fewer than two groups or two outcome categories hold anyone. */
  readonly test: TestResult | null;
}

/** counts[g][c] in one pass over two integer columns (a category index per row, negative when missing). */
export function crossTabulate(outcome: CategoricalVariable, grouping: CategoricalVariable, table: ResponseTable): number[][] {
  return crossTabulations(outcome, [grouping], table)[0] ?? [];
}

/** crossTabulate against several groupings, in one pass that reads the outcome's column once. */
function crossTabulations(outcome: CategoricalVariable, groupings: readonly CategoricalVariable[], table: ResponseTable): number[][][] {
  const width = outcome.categories.length;
  const flats = groupings.map((g) => new Int32Array(g.categories.length * width));
  countPairs(outcome.codesIn(table), groupings.map((g) => g.codesIn(table)), width, flats);
  return groupings.map((grouping, k) => {
    const flat = flats[k] as Int32Array;
    return grouping.categories.map((_, g) => Array.from(flat.subarray(g * width, (g + 1) * width)));
  });
}

function countPairs(outcomes: Int16Array, groups: readonly Int16Array[], width: number, flats: readonly Int32Array[]): void {
  for (let row = 0; row < outcomes.length; row++) {
    const o = outcomes[row] as number;
    if (o < 0) continue;
    for (let k = 0; k < groups.length; k++) {
      const g = (groups[k] as Int16Array)[row] as number;
      if (g < 0) continue;
      const flat = flats[k] as Int32Array;
      const at = g * width + o;
      flat[at] = (flat[at] as number) + 1;
    }
  }
}

/**
 * Tests a table after dropping empty groups and categories: R would answer NaN for them, and
 * a category nobody chose carries no information about the association.
 */
export function testTable(counts: readonly (readonly number[])[]): Omit<TestResult, 'pHolm'> | null {
  const columns = (counts[0] ?? []).map((_, j) => j).filter((j) => counts.some((row) => (row[j] ?? 0) > 0));
  const reduced = counts
    .filter((row) => row.some((v) => v > 0))
    .map((row) => columns.map((j) => row[j] ?? 0));
  if (reduced.length < 2 || columns.length < 2) return null;
  const chi = chiSquaredTest(reduced);
  const minExpected = Math.min(...chi.expected.flat());
  const v = cramersV(reduced);
  let fisherP: number | null = null;
  let replicates: number | null = null;
  if (minExpected < FISHER_EXPECTED_BELOW) {
    fisherP = fisherAffordable(reduced) ? exactOrNull(reduced) : null;
    if (fisherP === null) {
      const simulated = fisherSimulatedTest(reduced);
      fisherP = simulated.p;
      replicates = simulated.replicates;
    }
  }
  return {
    method: fisherP === null ? 'chi_squared' : replicates === null ? 'fisher' : 'fisher_simulated',
    chiSquared: { statistic: chi.statistic, df: chi.df, p: chi.p },
    minExpected,
    fisherP,
    replicates,
    p: fisherP ?? chi.p,
    cramersV: v,
  };
}

function exactOrNull(table: number[][]): number | null {
  try {
    return fisherExactTest(table).p;
  } catch (error) {
    if (error instanceof StatsInputError && error.code === 'fisher.too_large') return null;
    throw error;
  }
}

/**
 * Whether the exact test is cheap enough for a chat command. fisherExactTest gives up by
 * itself on tables too large to enumerate, but only after seconds (measured here: 2–4 s on a
 * 3×3 or 3×4 table with n ≈ 1,400, 32 s on a 4×5 one), while a 2×2 table costs microseconds
 * and a 2×c table with c ≤ 7 under a second at n ≈ 1,400. Beyond these, and for tables of
 * 3×3 or more above n = 300, the p-value is simulated (B = 2000 random tables, milliseconds),
 * as R's fisher.test(simulate.p.value = TRUE) and the reply says so.
 */
function fisherAffordable(table: readonly (readonly number[])[]): boolean {
  const rows = table.length;
  const columns = table[0]?.length ?? 0;
  if (Math.min(rows, columns) === 2) return Math.max(rows, columns) <= 7;
  const n = table.reduce((s, row) => s + row.reduce((t, v) => t + v, 0), 0);
  return n <= 300 && (rows - 1) * (columns - 1) <= 6;
}

export function compare(outcome: CategoricalVariable, grouping: CategoricalVariable, table: ResponseTable): Comparison {
  return compareCounts(outcome, grouping, crossTabulate(outcome, grouping, table));
}

function compareCounts(outcome: CategoricalVariable, grouping: CategoricalVariable, counts: number[][]): Comparison {
  const n = counts.flat().reduce((s, v) => s + v, 0);
  const test = testTable(counts);
  return { outcome, grouping, counts, n, test: test && { ...test, pHolm: test.p } };
}

/** Holm's adjustment over every tested comparison of a table (R's p.adjust(p, "holm")). */
export function adjustTable(comparisons: readonly Comparison[]): Comparison[] {
  const tested = comparisons.filter((c) => c.test !== null);
  const adjusted = adjustPValues(tested.map((c) => c.test?.p ?? 1), 'holm');
  return comparisons.map((c) => {
    const index = tested.indexOf(c);
    return c.test && index >= 0 ? { ...c, test: { ...c.test, pHolm: adjusted[index] ?? c.test.p } } : c;
  });
}

export type ComparisonProblem =
  | { readonly code: 'results.unknown_item'; readonly item: string }
  | { readonly code: 'results.unknown_grouping'; readonly grouping: string }
  | { readonly code: 'results.not_comparable'; readonly item: string }
  | { readonly code: 'results.same_variable'; readonly item: string };

/** One item (or derived variable) across one grouping; a multiple choice gives one row per choice. */
export function compareItem(
  definition: Definition,
  table: ResponseTable,
  code: string,
  groupingCode: string,
): { ok: true; comparisons: Comparison[] } | { ok: false; error: ComparisonProblem } {
  const grouping = groupingVariable(definition, groupingCode);
  if (!grouping) return { ok: false, error: { code: 'results.unknown_grouping', grouping: groupingCode } };
  const known = definition.items.some((i) => i.code === code) || definition.derived.some((d) => d.code === code);
  if (!known) return { ok: false, error: { code: 'results.unknown_item', item: code } };
  if (sourcesOf(definition, groupingCode).includes(code) || code === groupingCode) {
    return { ok: false, error: { code: 'results.same_variable', item: code } };
  }
  const outcomes = outcomeVariables(definition, code);
  if (outcomes.length === 0) return { ok: false, error: { code: 'results.not_comparable', item: code } };
  return { ok: true, comparisons: adjustTable(outcomes.map((o) => compare(o, grouping, table))) };
}

/** The items a grouping is computed from (q3 for `gp`), which make no sense as its outcome. */
export function sourcesOf(definition: Definition, groupingCode: string): string[] {
  const derived = definition.derived.find((d) => d.code === groupingCode);
  if (!derived) return [groupingCode];
  return derived.type === 'boolean' ? referencedCodes(derived.parsed) : [derived.from];
}

export interface Table1 {
  readonly groupings: readonly CategoricalVariable[];
  /** One row per outcome; one comparison per grouping, in the order of `groupings`. */
  readonly rows: readonly { readonly outcome: CategoricalVariable; readonly comparisons: readonly Comparison[] }[];
}

/**
 * The study's Table 1: the responses against each grouping, Holm across all the tests of the
 * table. Rows: derived variables that are not groupings (`sought_opinion`), single-choice
 * items that are neither a grouping's source nor a participant characteristic (those are
 * Fig. 1, see characteristicItems), and 0–10 items as "≥ 8". Multiple-choice items are left
 * out to keep one readable table (one row per choice would triple it); they are compared
 * choice by choice with `/results item:q21 by:gp`. Text items cannot be tested.
 */
export function table1(definition: Definition, table: ResponseTable, groupingCodes: readonly string[] = definition.groupings ?? STUDY_GROUPINGS): Table1 {
  const available = groupingCodes.filter((code) => groupingVariable(definition, code) !== null);
  const chosen = available.length > 0 ? available : definition.derived.map((d) => d.code);
  const groupings = chosen.map((code) => groupingVariable(definition, code)).filter((g): g is CategoricalVariable => g !== null);
  const sources = new Set([...chosen.flatMap((code) => [code, ...sourcesOf(definition, code)]), ...characteristicItems(definition)]);
  const outcomeCodes = [
    ...definition.derived.filter((d) => !sources.has(d.code)).map((d) => d.code),
    ...definition.items.filter((i) => (i.type === 'single' && !sources.has(i.code)) || i.type === 'scale').map((i) => i.code),
  ];
  const outcomes = outcomeCodes.flatMap((code) => outcomeVariables(definition, code));
  const flat = adjustTable(
    outcomes.flatMap((outcome) => {
      const counts = crossTabulations(outcome, groupings, table);
      return groupings.map((grouping, k) => compareCounts(outcome, grouping, counts[k] ?? []));
    }),
  );
  const width = groupings.length;
  return {
    groupings,
    rows: outcomes.map((outcome, i) => ({ outcome, comparisons: flat.slice(i * width, (i + 1) * width) })),
  };
}
