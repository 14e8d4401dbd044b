/**
 * Statistics for results and subgroup comparisons, matching what R's `stats` package (4.2.2,
 * the tool the study used) prints, so that a number in the bot and in the published analysis
 * agree to the last shown digit. `test/fixtures/r-stats.json` holds R's own output for each
 * function; the tests compare against it.
 *
 * Distribution functions come from @stdlib rather than hand-written numerics. Log-factorials
 * for the exact test are plain cumulative sums of logarithms, which are exact to rounding for
 * the counts a survey produces.
 */
import gammainc from '@stdlib/math-base-special-gammainc';
import hypergeometricPmf from '@stdlib/stats-base-dists-hypergeometric-pmf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import type { Language } from '../shared/language.ts';

export type StatsInputErrorCode =
  | 'table.shape'
  | 'table.count'
  | 'table.empty_margin'
  | 'table.empty'
  | 'fisher.too_large'
  | 'proportion.invalid'
  | 'p.invalid';

/**
 * Input the functions cannot give R's answer for. `code` is stable for callers (e.g. fall back
 * from Fisher's test to the chi-squared test on 'fisher.too_large'); the message is for logs.
 */
export class StatsInputError extends Error {
  override readonly name = 'StatsInputError';
  readonly code: StatsInputErrorCode;

  constructor(code: StatsInputErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export interface ChiSquaredResult {
  readonly statistic: number;
  readonly df: number;
  readonly p: number;
  readonly expected: number[][];
}

export interface FisherResult {
  readonly p: number;
}

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

export type PAdjustMethod = 'holm' | 'BH' | 'bonferroni';

// ---------------------------------------------------------------------------------------------
// Input checks

interface CheckedTable {
  readonly cells: number[][];
  readonly rowTotals: number[];
  readonly colTotals: number[];
  readonly n: number;
}

/**
 * Accepts a rectangular table of at least 2×2 non-negative integer counts. Margins of zero are
 * refused when `allowEmptyMargins` is false because R's chisq.test then divides by a zero
 * expected count and answers NaN, which nothing downstream can display.
 */
function checkTable(table: unknown, fn: string, allowEmptyMargins: boolean): CheckedTable {
  if (!Array.isArray(table) || table.length < 2) {
    throw new StatsInputError('table.shape', `${fn}: the table needs at least 2 rows`);
  }
  const rows = table as unknown[];
  const first = rows[0];
  const width = Array.isArray(first) ? first.length : 0;
  if (width < 2) {
    throw new StatsInputError('table.shape', `${fn}: the table needs at least 2 columns`);
  }
  const cells: number[][] = [];
  const rowTotals: number[] = [];
  const colTotals = new Array<number>(width).fill(0);
  for (const [i, row] of rows.entries()) {
    if (!Array.isArray(row) || row.length !== width) {
      throw new StatsInputError('table.shape', `${fn}: row ${i + 1} does not have ${width} cells`);
    }
    const copy: number[] = [];
    let total = 0;
    for (const [j, value] of (row as unknown[]).entries()) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
        throw new StatsInputError(
          'table.count',
          `${fn}: cell [${i + 1}, ${j + 1}] is ${String(value)}, not a non-negative integer count`,
        );
      }
      copy.push(value);
      total += value;
      colTotals[j] = (colTotals[j] ?? 0) + value;
    }
    cells.push(copy);
    rowTotals.push(total);
  }
  const n = rowTotals.reduce((sum, v) => sum + v, 0);
  if (n === 0) {
    throw new StatsInputError('table.empty', `${fn}: the table holds no observation`);
  }
  if (!Number.isSafeInteger(n)) {
    throw new StatsInputError('table.count', `${fn}: the total count is too large`);
  }
  if (!allowEmptyMargins) {
    const emptyRow = rowTotals.indexOf(0);
    if (emptyRow >= 0) {
      throw new StatsInputError('table.empty_margin', `${fn}: row ${emptyRow + 1} is empty`);
    }
    const emptyCol = colTotals.indexOf(0);
    if (emptyCol >= 0) {
      throw new StatsInputError('table.empty_margin', `${fn}: column ${emptyCol + 1} is empty`);
    }
  }
  return { cells, rowTotals, colTotals, n };
}

/** Sums with Neumaier's compensation: R accumulates in long double, plain doubles drift. */
function accurateSum(values: Iterable<number>): number {
  let sum = 0;
  let compensation = 0;
  for (const v of values) {
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + compensation;
}

// ---------------------------------------------------------------------------------------------
// Pearson's chi-squared test

/**
 * Pearson's chi-squared test of independence, as R's `chisq.test(table, correct = correct)`:
 * expected counts are rowTotal·colTotal/n; with `correct` (the default) and a 2×2 table the
 * continuity correction is min(0.5, |x − E|) over all cells, exactly as R does, so that it
 * never overshoots; larger tables are never corrected.
 *
 * The p-value is 1 − CDF because the upper-tail function of the incomplete gamma is not a
 * direct dependency: values above 1e-3 keep a relative error near 1e-13, smaller ones an
 * absolute error near 1e-16 (anything below ~1e-15 may read as 0). Results show "p < 0.001"
 * there, so this is invisible to users.
 */
export function chiSquaredTest(table: number[][], opts: { correct?: boolean } = {}): ChiSquaredResult {
  const { cells, rowTotals, colTotals, n } = checkTable(table, 'chiSquaredTest', false);
  const correct = opts.correct ?? true;
  const expected = rowTotals.map((r) => colTotals.map((c) => (r * c) / n));
  const nr = cells.length;
  const nc = colTotals.length;

  let yates = 0;
  if (correct && nr === 2 && nc === 2) {
    yates = 0.5;
    for (let i = 0; i < nr; i++) {
      for (let j = 0; j < nc; j++) {
        yates = Math.min(yates, Math.abs(cells[i]![j]! - expected[i]![j]!));
      }
    }
  }

  // Column-major order, as R walks a matrix, so that rounding matches as closely as possible.
  const terms: number[] = [];
  for (let j = 0; j < nc; j++) {
    for (let i = 0; i < nr; i++) {
      const e = expected[i]![j]!;
      const d = Math.abs(cells[i]![j]! - e) - yates;
      terms.push((d * d) / e);
    }
  }
  const statistic = accurateSum(terms);
  const df = (nr - 1) * (nc - 1);
  const p = chiSquaredUpperTail(statistic, df);
  return { statistic, df, p, expected };
}

/**
 * P(X² ≥ x) for df degrees of freedom, as R's pchisq(x, df, lower.tail = FALSE): the upper
 * regularized incomplete gamma Q(df/2, x/2), computed directly so tiny p-values keep their
 * digits instead of vanishing in 1 − CDF.
 */
function chiSquaredUpperTail(x: number, df: number): number {
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}

/** Cramér's V from the uncorrected Pearson statistic: sqrt(X² / (n · (min(r, c) − 1))). */
export function cramersV(table: number[][]): number {
  const { rowTotals, colTotals, n } = checkTable(table, 'cramersV', false);
  const { statistic } = chiSquaredTest(table, { correct: false });
  const k = Math.min(rowTotals.length, colTotals.length) - 1;
  return Math.sqrt(statistic / (n * k));
}

// ---------------------------------------------------------------------------------------------
// Fisher's exact test

/**
 * Default ceiling on the work of the r×c enumeration, in steps (a split of a column tried, a
 * pending partial table carried, a completion listed); 10 million steps take about a second.
 * Measured on the reference tables: 2×c and r×2 tables up to n ≈ 400 need under 25 thousand
 * steps; 4×3 with n = 179, 4×4 with n = 80: about a million; 3×4 with n = 363: 8 million;
 * 3×3 with n = 350: 12 million; 5×4 with n = 107: 15 million; 4×4 with n = 246: 154 million
 * (15 to 30 s), which the default refuses. Work grows roughly like n^((r−1)(c−1)−1), so
 * every extra row or column sharply lowers the n that fits.
 */
export const FISHER_WORK_LIMIT = 30_000_000;

/**
 * R's FEXACT (used by fisher.test for tables larger than 2×2) counts a table as at least as
 * extreme when its log-probability is at most the observed one plus this tolerance, i.e. a
 * probability ratio of 1 + 3.45e-7 (not the 1 + 1e-7 of the 2×2 branch). It only decides
 * ties: tables as probable as the observed one, which differ by rounding alone.
 *
 * FEXACT also merges partial tables whose log-weights differ by less than this tolerance,
 * which makes its p-value approximate; this implementation merges only values equal up to
 * rounding, so it is exact, and can differ from R in the 8th digit on large tables (the 4×4
 * reference table with n = 246: 2.6e-8 relative). Different column orders and the
 * transposed table all agree with it to 1e-13.
 */
const FEXACT_LOG_TOLERANCE = 3.45254e-7;

/** fisher.test's 2×2 branch compares probabilities with a relative tolerance of 1e-7. */
const TWO_BY_TWO_RELATIVE_TOLERANCE = 1 + 1e-7;

/**
 * Two-sided Fisher exact test as R's `fisher.test(table)$p.value`: the total probability, under
 * independence with the observed margins, of every table at most as probable as the observed
 * one. Rows or columns that are entirely zero carry no information and are dropped, as they do
 * not change the set of tables; if fewer than two rows or columns remain, only one table has
 * these margins and p = 1.
 *
 * Throws StatsInputError('fisher.too_large') when the enumeration would exceed
 * `workLimit` steps (FISHER_WORK_LIMIT by default, see there); callers then report the
 * chi-squared test. 2×2 tables have no limit (their work is linear in n).
 */
export function fisherExactTest(table: number[][], opts: { workLimit?: number } = {}): FisherResult {
  const checked = checkTable(table, 'fisherExactTest', true);
  const keepRows = checked.rowTotals.flatMap((t, i) => (t > 0 ? [i] : []));
  const keepCols = checked.colTotals.flatMap((t, j) => (t > 0 ? [j] : []));
  if (keepRows.length < 2 || keepCols.length < 2) return { p: 1 };
  const cells = keepRows.map((i) => keepCols.map((j) => checked.cells[i]![j]!));
  if (cells.length === 2 && keepCols.length === 2) return { p: fisherTwoByTwo(cells) };
  return { p: fisherNetwork(cells, opts.workLimit ?? FISHER_WORK_LIMIT) };
}

/**
 * R's 2×2 branch: the hypergeometric distribution of the top-left cell, normalised by its
 * largest value (as R's dnhyper does at odds ratio 1), summing the cells at most as probable
 * as the observed one times 1 + 1e-7.
 */
function fisherTwoByTwo(cells: number[][]): number {
  const a = cells[0]![0]!;
  const b = cells[0]![1]!;
  const c = cells[1]![0]!;
  const d = cells[1]![1]!;
  const m = a + c; // first column total: the "white balls"
  const nBlack = b + d;
  const k = a + b; // first row total: the draws
  const lo = Math.max(0, k - nBlack);
  const hi = Math.min(k, m);
  const density: number[] = [];
  for (let x = lo; x <= hi; x++) density.push(hypergeometricPmf(x, m + nBlack, m, k));
  const peak = density.reduce((m, v) => Math.max(m, v), 0);
  const scaled = density.map((v) => v / peak);
  const total = accurateSum(scaled);
  const normalised = scaled.map((v) => v / total);
  const limit = normalised[a - lo]! * TWO_BY_TWO_RELATIVE_TOLERANCE;
  return Math.min(1, accurateSum(normalised.filter((v) => v <= limit)));
}

/** log(k!) for k = 0..n, by cumulative sums (exact to rounding; n stays in the thousands). */
function logFactorials(n: number): Float64Array {
  const lf = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) lf[k] = lf[k - 1]! + Math.log(k);
  return lf;
}

/** A multiset of remaining row totals reached after filling the first columns. */
interface NetworkNode {
  /** Remaining row totals, sorted ascending (the rest of the table does not depend on order). */
  readonly rows: Int32Array;
  /** Lower bound on Σ log(x!) over the cells still to fill (the most probable rest). */
  readonly minRest: number;
  /** Upper bound on Σ log(x!) over the cells still to fill (the least probable rest). */
  readonly maxRest: number;
  /** log Σ_completions Π 1/x! = log(m! / (Π r! Π c!)), to settle all completions at once. */
  readonly logTotalRest: number;
  /** Pending partial tables: Σ log(x!) of their filled cells, and how many share it. */
  past: number[];
  count: number[];
  pastIndex: Map<number, number>;
  /** With two columns left: Σ log(x!) of every completion, ascending, built on first use. */
  completions?: Completions;
}

interface Completions {
  /** Σ log(x!) of each completion, ascending. */
  readonly rests: Float64Array;
  /** tail[i] = Σ_{j ≥ i} exp(rests[0] − rests[j]); tail[rests.length] = 0. */
  readonly tail: Float64Array;
}

/**
 * Partial tables whose filled cells have log-weights this close are merged: they are the same
 * value up to rounding (permuted cells give the same sum in another order). The error this
 * could introduce is far below the 1e-9 agreement with R.
 */
const PAST_MERGE_SCALE = 1e9;

/** First index i in [from, to) with values[i] ≥ target (values ascending), else `to`. */
function lowerBound(values: Float64Array, target: number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Exact r×c test by the network algorithm of Mehta & Patel, which FEXACT implements: fill the
 * table column by column; a node is the multiset of row totals still to fill and carries the
 * distinct log-weights Σ log(x!) of the partial tables leading to it. With
 * p(table) = exp(K − Σ log x!), a partial table is settled as soon as bounds on the rest show
 * that every completion is at least as extreme (their total probability has a closed form) or
 * that none is; only the undecided ones go on. Partial tables are kept sorted with suffix sums,
 * so each split of a column settles whole ranges of them with two binary searches. A node with
 * two columns left lists the Σ log(x!) of its completions once (the split of one column fixes
 * the other), and the undecided partial tables reaching it are then settled by a search in
 * that list.
 *
 * (Array indices below are within bounds by construction; `!` only tells the compiler so.)
 */
function fisherNetwork(input: number[][], workLimit: number): number {
  // Rows are the shorter side: nodes are keyed by row totals, columns are the stages.
  const cells = input.length <= input[0]!.length ? input : transpose(input);
  const nro = cells.length;
  const nco = cells[0]!.length;
  const rowTotals = cells.map((r) => r.reduce((s, v) => s + v, 0));
  // Smallest columns first, as FEXACT does: the early stages, whose partial tables multiply
  // through every later one, branch the least; the largest columns end up in the two-column
  // lists, which are built once per node.
  const colTotals = Array.from({ length: nco }, (_, j) => cells.reduce((s, r) => s + r[j]!, 0)).sort(
    (x, y) => x - y,
  );
  const n = rowTotals.reduce((s, v) => s + v, 0);
  const lf = logFactorials(n);

  let observed = 0;
  for (const row of cells) for (const v of row) observed += lf[v]!;
  const threshold = observed - FEXACT_LOG_TOLERANCE;
  let logK = -lf[n]!;
  for (const r of rowTotals) logK += lf[r]!;
  for (const c of colTotals) logK += lf[c]!;

  let work = 0;
  const spend = (units: number): void => {
    work += units;
    if (work > workLimit) {
      throw new StatsInputError(
        'fisher.too_large',
        `fisherExactTest: the ${input.length}×${input[0]!.length} table with n = ${n} is too large for an exact test; report the chi-squared test instead`,
      );
    }
  };

  // Node keys in mixed radix: sorted remaining totals never exceed the sorted original ones.
  const sortedRows = Int32Array.from(rowTotals).sort();
  const radix = new Float64Array(nro);
  let span = 1;
  for (let i = 0; i < nro; i++) {
    radix[i] = span;
    span *= sortedRows[i]! + 1;
  }
  if (!Number.isSafeInteger(span)) spend(Infinity);

  // Columns still to fill from stage k on, ascending (for the bounds), and their Σ log(c!).
  const restCols: Int32Array[] = [];
  const restColsLf: number[] = [];
  for (let k = 0; k <= nco; k++) {
    const rest = Int32Array.from(colTotals.slice(k)).sort();
    restCols.push(rest);
    let s = 0;
    for (const c of rest) s += lf[c]!;
    restColsLf.push(s);
  }

  const makeNode = (rows: Int32Array, stage: number): NetworkNode => {
    const cols = restCols[stage]!;
    let rowsLf = 0;
    let m = 0;
    for (const r of rows) {
      rowsLf += lf[r]!;
      m += r;
    }
    const pair = cols.length === 2;
    return {
      rows,
      minRest: pair ? pairMinRest(rows, cols[0]!, lf) : Math.max(spreadBound(cols, rows, lf), spreadBound(rows, cols, lf)),
      maxRest: pair ? pairMaxRest(rows, cols[0]!, lf) : Math.min(concentrateBound(cols, rows, lf), concentrateBound(rows, cols, lf)),
      logTotalRest: lf[m]! - rowsLf - restColsLf[stage]!,
      past: [],
      count: [],
      pastIndex: new Map(),
    };
  };

  // Split cursors. Completions are listed while a split of the parent is being visited,
  // hence a cursor of their own; `found` is scratch for their values.
  const splits = new Splits(nro);
  const pairSplits = new Splits(nro);
  const child = new Int32Array(nro);
  let found = new Float64Array(1024);

  /** The completions of a node with two columns left (stage nco − 2). */
  const completionsOf = (node: NetworkNode): Completions => {
    if (node.completions) return node.completions;
    const rows = node.rows;
    const x = pairSplits.x;
    let size = 0;
    if (pairSplits.first(rows, colTotals[nco - 2]!)) {
      do {
        let d = 0;
        for (let i = 0; i < nro; i++) d += lf[x[i]!]! + lf[rows[i]! - x[i]!]!;
        if (size === found.length) {
          const grown = new Float64Array(size * 2);
          grown.set(found);
          found = grown;
        }
        found[size++] = d;
      } while (pairSplits.next());
    }
    spend(size * 4);
    const rests = found.slice(0, size).sort();
    const tail = new Float64Array(size + 1);
    const best = rests[0]!;
    // From the improbable end, so that small terms are added first.
    for (let i = size - 1; i >= 0; i--) tail[i] = tail[i + 1]! + Math.exp(best - rests[i]!);
    node.completions = { rests, tail };
    return node.completions;
  };

  // Neumaier summation of the p-value: millions of terms of very different sizes.
  let pValue = 0;
  let compensation = 0;
  const addProbability = (v: number): void => {
    const t = pValue + v;
    compensation += Math.abs(pValue) >= Math.abs(v) ? pValue - t + v : v - t + pValue;
    pValue = t;
  };

  const pend = (node: NetworkNode, past: number, count: number): void => {
    const key = Math.round(past * PAST_MERGE_SCALE);
    const index = node.pastIndex.get(key);
    if (index === undefined) {
      node.pastIndex.set(key, node.past.length);
      node.past.push(past);
      node.count.push(count);
    } else {
      node.count[index]! += count;
    }
  };

  const root = makeNode(sortedRows, 0);
  if (nco === 2) {
    const { rests, tail } = completionsOf(root);
    const from = lowerBound(rests, threshold, 0, rests.length);
    return Math.min(1, Math.exp(logK - rests[0]!) * tail[from]!);
  }
  pend(root, 0, 1);
  let stage = new Map<number, NetworkNode>([[0, root]]);

  for (let k = 0; k + 3 <= nco; k++) {
    const c = colTotals[k]!;
    const childIsPair = k + 3 === nco;
    const next = new Map<number, NetworkNode>();
    for (const node of stage.values()) {
      const size = node.past.length;
      if (size === 0) continue;
      // The pending partial tables, ascending, with their weights relative to the most
      // probable one and suffix sums of these (no overflow: every term is ≤ its count).
      const order = Array.from({ length: size }, (_, i) => i).sort((x, y) => node.past[x]! - node.past[y]!);
      const past = Float64Array.from(order, (i) => node.past[i]!);
      const count = Float64Array.from(order, (i) => node.count[i]!);
      const first = past[0]!;
      const weight = Float64Array.from(order, (i) => node.count[i]! * Math.exp(first - node.past[i]!));
      const suffix = new Float64Array(size + 1);
      for (let i = size - 1; i >= 0; i--) suffix[i] = suffix[i + 1]! + weight[i]!;
      // The node is never visited again: free its lists.
      node.past = [];
      node.count = [];
      node.pastIndex = new Map();
      const rows = node.rows;

      const x = splits.x;
      if (!splits.first(rows, c)) continue;
      do {
        let d = 0;
        for (let i = 0; i < nro; i++) {
          d += lf[x[i]!]!;
          child[i] = rows[i]! - x[i]!;
        }
        // Insertion sort: a handful of entries, where TypedArray#sort costs a runtime call.
        for (let i = 1; i < nro; i++) {
          const v = child[i]!;
          let j = i - 1;
          while (j >= 0 && child[j]! > v) {
            child[j + 1] = child[j]!;
            j--;
          }
          child[j + 1] = v;
        }
        let key = 0;
        for (let i = 0; i < nro; i++) key += child[i]! * radix[i]!;
        let target = next.get(key);
        if (target === undefined) {
          target = makeNode(Int32Array.from(child), k + 1);
          next.set(key, target);
        }
        // Partial tables from allFrom on are extreme whatever follows; those before someFrom
        // never are; those between depend on the rest.
        const allFrom = lowerBound(past, threshold - d - target.minRest, 0, size);
        const someFrom = lowerBound(past, threshold - d - target.maxRest, 0, allFrom);
        spend(2 + allFrom - someFrom);
        if (allFrom < size) addProbability(Math.exp(logK - first - d + target.logTotalRest) * suffix[allFrom]!);
        if (someFrom === allFrom) continue;
        if (childIsPair) {
          // As past grows, the rest needed to be extreme shrinks: the cut in the ascending
          // list only moves down.
          const { rests, tail } = completionsOf(target);
          let cut = rests.length;
          let sum = 0;
          for (let i = someFrom; i < allFrom; i++) {
            const need = threshold - d - past[i]!;
            // Gallop down from the previous cut, then bisect the last step.
            let step = 1;
            while (step <= cut && rests[cut - step]! >= need) step *= 2;
            cut = lowerBound(rests, need, Math.max(0, cut - step), cut - (step >>> 1));
            sum += weight[i]! * tail[cut]!;
          }
          addProbability(Math.exp(logK - first - d - rests[0]!) * sum);
        } else {
          for (let i = someFrom; i < allFrom; i++) pend(target, past[i]! + d, count[i]!);
        }
      } while (splits.next());
    }
    stage = next;
  }
  return Math.min(1, pValue + compensation);
}

function transpose(cells: number[][]): number[][] {
  const width = (cells[0] ?? []).length;
  return Array.from({ length: width }, (_, j) => cells.map((row) => row[j]!));
}

/**
 * Walks the ways to split `total` into x[0..] with 0 ≤ x[i] ≤ caps[i], in lexicographic order.
 * A reusable cursor rather than a callback, because it runs millions of times per test.
 */
class Splits {
  readonly x: Int32Array;
  private readonly left: Int32Array;
  private readonly capsAfter: Int32Array;
  private caps: Int32Array;

  constructor(size: number) {
    this.x = new Int32Array(size);
    this.left = new Int32Array(size);
    this.capsAfter = new Int32Array(size);
    this.caps = this.x;
  }

  /** Moves to the first split; false if there is none. */
  first(caps: Int32Array, total: number): boolean {
    const len = caps.length;
    this.caps = caps;
    // capsAfter[i] = Σ caps[j] for j > i: what the later cells can still absorb.
    this.capsAfter[len - 1] = 0;
    for (let i = len - 2; i >= 0; i--) this.capsAfter[i] = this.capsAfter[i + 1]! + caps[i + 1]!;
    if (total < 0 || total > this.capsAfter[0]! + caps[0]!) return false;
    this.left[0] = total;
    this.fillFrom(0);
    return true;
  }

  /** Moves to the next split; false after the last one. */
  next(): boolean {
    const last = this.caps.length - 1;
    let i = last - 1;
    while (i >= 0 && this.x[i]! >= Math.min(this.caps[i]!, this.left[i]!)) i--;
    if (i < 0) return false;
    this.x[i]! += 1;
    this.left[i + 1] = this.left[i]! - this.x[i]!;
    this.fillFrom(i + 1);
    return true;
  }

  /** Sets x[from..] to their smallest values given left[from]; the last cell takes the rest. */
  private fillFrom(from: number): void {
    const last = this.caps.length - 1;
    for (let i = from; i < last; i++) {
      const v = Math.max(0, this.left[i]! - this.capsAfter[i]!);
      this.x[i] = v;
      this.left[i + 1] = this.left[i]! - v;
    }
    this.x[last] = this.left[last]!;
  }
}

/**
 * Exact smallest Σ log(x!) + log((r − x)!) over the ways to split `c` into x ≤ rows (the other
 * column takes r − x): the most probable completion of a node with two columns left. Each
 * term is −log C(r, x) up to a constant, concave in x, so adding one unit at a time where it
 * lowers the sum most is optimal.
 */
function pairMinRest(rows: Int32Array, c: number, lf: Float64Array): number {
  const x = new Int32Array(rows.length);
  for (let unit = 0; unit < c; unit++) {
    let best = -1;
    let bestGain = -Infinity;
    for (let i = 0; i < rows.length; i++) {
      if (x[i]! >= rows[i]!) continue;
      // Change of −log C(r, x) when x grows by one is −log((r − x) / (x + 1)).
      const gain = Math.log((rows[i]! - x[i]!) / (x[i]! + 1));
      if (gain > bestGain) {
        bestGain = gain;
        best = i;
      }
    }
    x[best]! += 1;
  }
  let rest = 0;
  for (let i = 0; i < rows.length; i++) rest += lf[x[i]!]! + lf[rows[i]! - x[i]!]!;
  return rest;
}

/**
 * Exact largest Σ log(x!) + log((r − x)!) over the same splits: the least probable completion.
 * The sum is convex in each x, so its maximum is at a vertex of the split polytope: every
 * row at 0 or at r except at most one, which takes what is left. There are few vertices.
 */
function pairMaxRest(rows: Int32Array, c: number, lf: Float64Array): number {
  const len = rows.length;
  let best = -Infinity;
  for (let free = 0; free < len; free++) {
    for (let mask = 0; mask < 1 << len; mask++) {
      if (mask & (1 << free)) continue;
      let taken = 0;
      let rest = 0;
      for (let i = 0; i < len; i++) {
        if (i !== free) {
          if (mask & (1 << i)) taken += rows[i]!;
          rest += lf[rows[i]!]!;
        }
      }
      const left = c - taken;
      if (left < 0 || left > rows[free]!) continue;
      rest += lf[left]! + lf[rows[free]! - left]!;
      if (rest > best) best = rest;
    }
  }
  return best;
}

/**
 * Lower bound on the smallest Σ log(x!) over tables with these margins: each of `totals` is
 * split as evenly as `caps` allow (ignoring the other margins, hence a bound). `caps` is
 * sorted ascending. log(x!) is convex, so the even split minimises each line.
 */
function spreadBound(totals: ArrayLike<number>, caps: Int32Array, lf: Float64Array): number {
  let bound = 0;
  for (let t = 0; t < totals.length; t++) {
    let left = totals[t]!;
    let slots = caps.length;
    for (let i = 0; i < caps.length; i++) {
      const cap = caps[i]!;
      if (cap * slots <= left) {
        bound += lf[cap]!;
        left -= cap;
        slots--;
        continue;
      }
      // The remaining caps are all above the even share: split `left` evenly over them.
      const share = Math.floor(left / slots);
      const extra = left - share * slots;
      bound += extra * lf[share + 1]! + (slots - extra) * lf[share]!;
      break;
    }
  }
  return bound;
}

/**
 * Upper bound on the largest Σ log(x!) over tables with these margins: each of `totals` is
 * poured into the largest `caps` first (ignoring the other margins), which by convexity of
 * log(x!) maximises each line. `caps` is sorted ascending.
 */
function concentrateBound(totals: ArrayLike<number>, caps: Int32Array, lf: Float64Array): number {
  let bound = 0;
  for (let t = 0; t < totals.length; t++) {
    let left = totals[t]!;
    for (let i = caps.length - 1; i >= 0 && left > 0; i--) {
      const x = Math.min(caps[i]!, left);
      bound += lf[x]!;
      left -= x;
    }
  }
  return bound;
}

// ---------------------------------------------------------------------------------------------
// Wilson interval

/**
 * Wilson score interval, as R's `prop.test(x, n, correct = FALSE)$conf.int`: same formula,
 * same order of operations, z = qnorm((1 + conf) / 2) exactly, ends clamped to [0, 1].
 */
export function wilsonInterval(x: number, n: number, confidence = 0.95): Interval {
  if (!Number.isSafeInteger(n) || n <= 0 || !Number.isSafeInteger(x) || x < 0 || x > n) {
    throw new StatsInputError('proportion.invalid', `wilsonInterval: need integers 0 ≤ x ≤ n and n > 0, got x = ${x}, n = ${n}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new StatsInputError('proportion.invalid', `wilsonInterval: confidence must lie in (0, 1), got ${confidence}`);
  }
  const z = normalQuantile((1 + confidence) / 2, 0, 1);
  const estimate = x / n;
  const z22n = (z * z) / (2 * n);
  const spread = (p: number): number => z * Math.sqrt((p * (1 - p)) / n + z22n / (2 * n));
  const upper = estimate >= 1 ? 1 : (estimate + z22n + spread(estimate)) / (1 + 2 * z22n);
  const lower = estimate <= 0 ? 0 : (estimate + z22n - spread(estimate)) / (1 + 2 * z22n);
  return { lower: Math.max(lower, 0), upper: Math.min(upper, 1) };
}

// ---------------------------------------------------------------------------------------------
// Multiple comparisons

/**
 * Adjusted p-values as R's `p.adjust(p, method)`, in the order of the input. Holm and
 * Benjamini–Hochberg sort the values (stably, like R's order()) and restore the input order.
 */
export function adjustPValues(p: number[], method: PAdjustMethod): number[] {
  for (const v of p) {
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new StatsInputError('p.invalid', `adjustPValues: ${String(v)} is not a p-value`);
    }
  }
  const n = p.length;
  if (n <= 1) return [...p];
  switch (method) {
    case 'bonferroni':
      return p.map((v) => Math.min(1, n * v));
    case 'holm': {
      const order = p.map((_, i) => i).sort((a, b) => p[a]! - p[b]! || a - b);
      const adjusted = new Array<number>(n);
      let running = -Infinity;
      order.forEach((index, rank) => {
        running = Math.max(running, (n - rank) * p[index]!);
        adjusted[index] = Math.min(1, running);
      });
      return adjusted;
    }
    case 'BH': {
      // R orders decreasingly and walks i = n..1 with cummin(n / i * p).
      const order = p.map((_, i) => i).sort((a, b) => p[b]! - p[a]! || a - b);
      const adjusted = new Array<number>(n);
      let running = Infinity;
      order.forEach((index, position) => {
        const i = n - position;
        running = Math.min(running, (n / i) * p[index]!);
        adjusted[index] = Math.min(1, running);
      });
      return adjusted;
    }
    default: {
      const never: never = method;
      throw new StatsInputError('p.invalid', `adjustPValues: unknown method ${String(never)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Display

/**
 * "p < 0.001" below 0.001, otherwise three decimals below 0.01 ("p = 0.004") and two from
 * 0.01 on ("p = 0.02"). French writes a decimal comma ("p = 0,02").
 */
export function formatPValue(p: number, lang: Language = 'en'): string {
  if (!(p >= 0 && p <= 1)) {
    throw new StatsInputError('p.invalid', `formatPValue: ${String(p)} is not a p-value`);
  }
  const text = p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(p < 0.01 ? 3 : 2)}`;
  return lang === 'fr' ? text.replace('.', ',') : text;
}
