/** Shared by the statistics of this folder: result types, the input error, table checks. */

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

export interface CheckedTable {
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
export function checkTable(table: unknown, fn: string, allowEmptyMargins: boolean): CheckedTable {
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
export function accurateSum(values: Iterable<number>): number {
  let sum = 0;
  let compensation = 0;
  for (const v of values) {
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + compensation;
}
