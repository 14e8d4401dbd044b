/**
 * Fisher's test with a Monte Carlo p-value, as R's `fisher.test(x, simulate.p.value = TRUE,
 * B = 2000)`: for tables too large to enumerate (r×c with r, c ≥ 3 and hundreds of
 * respondents, a 25-specialty grouping), B random tables with the observed margins are drawn
 * under independence, and p is the share of them at most as probable as the observed one,
 * counting the observed table itself: (1 + #{sim ≤ obs}) / (B + 1). The statistic is R's:
 * −Σ log(x!) over the cells (the table's probability up to a constant given the margins),
 * compared with R's relative tolerance of 64 machine epsilons.
 *
 * R draws its tables with Patefield's algorithm from R's own generator; this draws them from a
 * seeded sfc32 generator, row by row, each row's cells as a sequence of hypergeometric draws
 * from the columns' remaining totals (the same distribution). The p-values therefore differ
 * from R's by simulation noise only: the standard error is √(p(1 − p)/B), about 0.011 at
 * p = 0.5 with B = 2000. The seed is fixed, so the same table gives the same p at every run.
 */
import { seededRandom, type Random } from './random.ts';
import { checkTable } from './table.ts';

export const SIMULATION_REPLICATES = 2000;
/** Any fixed seed: a run is reproducible and two runs on the same data agree. */
export const SIMULATION_SEED = 20_240_186;

/** R's `almost.1 <- 1 + 64 * .Machine$double.eps`. */
const ALMOST_ONE = 1 + 64 * Number.EPSILON;

export interface SimulatedFisherResult {
  readonly p: number;
  readonly replicates: number;
}

/** log(k!) for k = 0..n. */
function logFactorials(n: number): Float64Array {
  const lf = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) lf[k] = (lf[k - 1] as number) + Math.log(k);
  return lf;
}

/**
 * One draw of a hypergeometric variable: how many of `draws` balls taken without replacement
 * from an urn of `total` balls, `marked` of them marked, are marked. Inversion from the mode
 * outwards, so the work grows like the standard deviation, not like the counts.
 */
function drawHypergeometric(random: Random, lf: Float64Array, total: number, marked: number, draws: number): number {
  const lo = Math.max(0, draws - (total - marked));
  const hi = Math.min(draws, marked);
  if (lo === hi) return lo;
  const mode = Math.min(hi, Math.max(lo, Math.floor(((draws + 1) * (marked + 1)) / (total + 2))));
  let u = random();
  // log P(mode): the hypergeometric probability from log-factorials (no closure: hot loop).
  const pMode = Math.exp(
    (lf[marked] as number) - (lf[mode] as number) - (lf[marked - mode] as number) +
      (lf[total - marked] as number) - (lf[draws - mode] as number) - (lf[total - marked - draws + mode] as number) -
      ((lf[total] as number) - (lf[draws] as number) - (lf[total - draws] as number)),
  );
  u -= pMode;
  if (u <= 0) return mode;
  // Walk down and up alternately, each side's probability from its neighbour's by the ratio.
  let down = mode;
  let up = mode;
  let pDown = pMode;
  let pUp = pMode;
  while (down > lo || up < hi) {
    if (up < hi) {
      pUp *= ((marked - up) * (draws - up)) / ((up + 1) * (total - marked - draws + up + 1));
      up++;
      u -= pUp;
      if (u <= 0) return up;
    }
    if (down > lo) {
      pDown *= (down * (total - marked - draws + down)) / ((marked - down + 1) * (draws - down + 1));
      down--;
      u -= pDown;
      if (u <= 0) return down;
    }
  }
  // Rounding left a sliver of probability unassigned: the mode is as good a value as any.
  return mode;
}

/**
 * Two-sided Monte Carlo p-value of Fisher's test for an r×c table of counts (empty rows and
 * columns dropped, as R does). Tables with fewer than two non-empty rows or columns have p = 1.
 */
export function fisherSimulatedTest(
  table: number[][],
  options: { replicates?: number; seed?: number } = {},
): SimulatedFisherResult {
  const replicates = options.replicates ?? SIMULATION_REPLICATES;
  const checked = checkTable(table, 'fisherSimulatedTest', true);
  const rows = checked.rowTotals.filter((t) => t > 0);
  const columns = checked.colTotals.filter((t) => t > 0);
  if (rows.length < 2 || columns.length < 2) return { p: 1, replicates };
  const lf = logFactorials(checked.n);
  let observed = 0;
  for (const row of checked.cells) for (const x of row) observed += lf[x] as number;
  const random = seededRandom(options.seed ?? SIMULATION_SEED);
  const remaining = new Int32Array(columns.length);
  let asExtreme = 0;
  for (let b = 0; b < replicates; b++) {
    remaining.set(columns);
    let left = checked.n;
    let sum = 0;
    for (let i = 0; i < rows.length; i++) {
      let rowLeft = rows[i] as number;
      if (i === rows.length - 1) {
        // The last row takes what the columns have left.
        for (let j = 0; j < columns.length; j++) sum += lf[remaining[j] as number] as number;
        break;
      }
      let urn = left;
      for (let j = 0; j < columns.length; j++) {
        const column = remaining[j] as number;
        const x = j === columns.length - 1 ? rowLeft : drawHypergeometric(random, lf, urn, column, rowLeft);
        sum += lf[x] as number;
        remaining[j] = column - x;
        rowLeft -= x;
        urn -= column;
        if (rowLeft === 0) break;
      }
      left -= rows[i] as number;
    }
    // R: tmp <= STATISTIC / almost.1, with STATISTIC = −Σ log(x!), i.e. Σ_sim ≥ Σ_obs / almost.1.
    if (sum >= observed / ALMOST_ONE) asExtreme++;
  }
  return { p: (1 + asExtreme) / (replicates + 1), replicates };
}
