/** Pearson's chi-squared test of independence and Cramér's V, as R's chisq.test. */
import gammainc from '@stdlib/math-base-special-gammainc';
import { accurateSum, checkTable, type ChiSquaredResult } from './table.ts';
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
