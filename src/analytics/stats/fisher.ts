/** Fisher's exact test, two-sided, as R's fisher.test: 2×2 directly, r×c by network enumeration. */
import hypergeometricPmf from '@stdlib/stats-base-dists-hypergeometric-pmf';
import { concentrateBound, pairMaxRest, pairMinRest, Splits, spreadBound } from './fisher-bounds.ts';
import { accurateSum, checkTable, StatsInputError, type FisherResult } from './table.ts';
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
