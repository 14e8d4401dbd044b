/**
 * The small-cell rule (design.md, anonymity rule 5), applied once, between the raw counts and
 * anything that prints them: text, charts and JSON all read the `Cell`s made here.
 *
 * The rule, as decided for Confrères:
 * - No results at all before RESULTS_MIN_COMPLETE complete responses (ResultsService).
 * - A count below K (RESULTS_MIN_CELL, default 5), zero included, is never printed: it reads
 *   "< K", and its share is shown only as a bound ("< 0.6 %", since count < K of n). Zero is
 *   included because "nobody in this small group answered X" discloses as much about a group
 *   as a count of one, and because a rule without exceptions is easier to check.
 * - Secondary suppression: where counts add up to a printed total (the categories of a single
 *   choice, the three buckets of a scale, a subgroup's outcomes, the subgroups of a column), a
 *   lone small cell could be recovered by subtraction, so the smallest other cell of that line
 *   is masked too ("—"); this repeats until every line and column has zero or at least two
 *   hidden cells. A multiple-choice share whose complement (those who did not choose it) is
 *   below K is masked for the same reason.
 * - A denominator below K hides every cell it would explain, and the comments of a text item
 *   answered fewer than K times are not shown (listing them would count them).
 * - Survey-wide participation (participants, complete responses) is printed as is: it
 *   describes no group of respondents, and /survey status already shows it to admins.
 * - p-values and Cramér's V are printed even when a cell is hidden: Fisher's test exists for
 *   exactly those tables, and recovering a count from a p-value would need the hidden margins.
 */
import { wilsonInterval } from './stats.ts';

export interface Interval {
  /** Percentages, 0–100. */
  readonly lower: number;
  readonly upper: number;
}

export type Cell =
  | { readonly kind: 'shown'; readonly count: number; readonly percent: number | null; readonly ci: Interval | null }
  /** Below K: printed "< K"; `percentBelow` bounds its share when the denominator is shown. */
  | { readonly kind: 'small'; readonly percentBelow: number | null }
  /** At least K but hidden so that a small cell cannot be recovered by subtraction. */
  | { readonly kind: 'masked' };

export type Total = { readonly kind: 'shown'; readonly count: number } | { readonly kind: 'small' } | { readonly kind: 'masked' };

export function protectTotal(n: number, minCell: number): Total {
  return n < minCell ? { kind: 'small' } : { kind: 'shown', count: n };
}

/** Share of a shown cell with its Wilson 95 % interval (R's prop.test, correct = FALSE). */
export function shownCell(count: number, n: number): Cell {
  if (n <= 0) return { kind: 'shown', count, percent: null, ci: null };
  const { lower, upper } = wilsonInterval(count, n, 0.95);
  return { kind: 'shown', count, percent: (100 * count) / n, ci: { lower: 100 * lower, upper: 100 * upper } };
}

function smallCell(n: number, minCell: number): Cell {
  // count ≤ K − 1, so its share is below K / n; printed as that bound.
  return { kind: 'small', percentBelow: n > 0 ? Math.min(100, (100 * minCell) / n) : null };
}

type Mark = 'shown' | 'small' | 'masked';

/**
 * Marks the cells of lines (and, if `columns`, columns) of a table: small below K, then masks
 * until no line or column holds exactly one hidden cell among several.
 */
function markTable(counts: readonly (readonly number[])[], minCell: number, columns: boolean): Mark[][] {
  const marks: Mark[][] = counts.map((row) => row.map((v): Mark => (v < minCell ? 'small' : 'shown')));
  const fix = (cells: { i: number; j: number }[]): boolean => {
    if (cells.length < 2) return false;
    const hidden = cells.filter(({ i, j }) => marks[i]?.[j] !== 'shown');
    if (hidden.length !== 1) return false;
    const candidates = cells.filter(({ i, j }) => marks[i]?.[j] === 'shown');
    const smallest = candidates.sort((a, b) => (counts[a.i]?.[a.j] ?? 0) - (counts[b.i]?.[b.j] ?? 0))[0];
    if (!smallest) return false;
    const row = marks[smallest.i];
    if (row) row[smallest.j] = 'masked';
    return true;
  };
  for (let changed = true; changed; ) {
    changed = false;
    counts.forEach((row, i) => {
      if (fix(row.map((_, j) => ({ i, j })))) changed = true;
    });
    if (!columns) continue;
    (counts[0] ?? []).forEach((_, j) => {
      if (fix(counts.map((_, i) => ({ i, j })))) changed = true;
    });
  }
  return marks;
}

function toCell(mark: Mark, count: number, n: number, minCell: number): Cell {
  if (mark === 'small') return smallCell(n, minCell);
  if (mark === 'masked') return { kind: 'masked' };
  return shownCell(count, n);
}

/** Cells of one distribution (counts adding up to n): a single choice, the buckets of a scale. */
export function protectDistribution(counts: readonly number[], n: number, minCell: number): Cell[] {
  if (n < minCell) return counts.map(() => ({ kind: 'masked' }));
  const [marks = []] = markTable([counts], minCell, false);
  return counts.map((count, j) => toCell(marks[j] ?? 'masked', count, n, minCell));
}

/** One share of n whose complement is never printed (a choice of a multiple choice). */
export function protectShare(count: number, n: number, minCell: number): Cell {
  if (n < minCell) return { kind: 'masked' };
  if (count < minCell) return smallCell(n, minCell);
  if (n - count < minCell) return { kind: 'masked' };
  return shownCell(count, n);
}

/**
 * A subgroup table: counts[g][c] for group g and outcome category c. Each group's cells are
 * shares of that group's total; group totals below K are hidden, and the secondary rule runs
 * over both the groups' lines and the outcome columns (the item's overall distribution is
 * printed elsewhere, so a column could be subtracted from it).
 */
export function protectTable(counts: readonly (readonly number[])[], minCell: number): { totals: Total[]; cells: Cell[][] } {
  const totals = counts.map((row) => row.reduce((s, v) => s + v, 0));
  const totalMarks = markTable([totals], minCell, false)[0] ?? [];
  const marks = markTable(counts, minCell, true);
  return {
    totals: totals.map((n, g): Total => {
      const mark = totalMarks[g] ?? 'masked';
      return mark === 'shown' ? { kind: 'shown', count: n } : { kind: mark };
    }),
    cells: counts.map((row, g) => {
      const n = totals[g] ?? 0;
      // A hidden group total hides its whole line: its shares would give the total back.
      if (totalMarks[g] !== 'shown') return row.map(() => ({ kind: 'masked' }) as Cell);
      return row.map((count, c) => toCell(marks[g]?.[c] ?? 'masked', count, n, minCell));
    }),
  };
}
