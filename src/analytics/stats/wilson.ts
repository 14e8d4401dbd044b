/** Wilson score interval, as R's prop.test(x, n, correct = FALSE)$conf.int. */
import { createRequire } from 'node:module';
import { StatsInputError, type Interval } from './table.ts';

/**
 * qnorm(0.975) as @stdlib's normal quantile computes it (a test checks they are the same
 * double). Every printed interval is a 95 % one, and loading the quantile function and its
 * dependencies took longer than the whole overview of 1,451 respondents: it is loaded only
 * for another confidence level.
 */
export const Z_95 = 1.9599639845400538;

type Quantile = (p: number, mu: number, sigma: number) => number;
let normalQuantile: Quantile | undefined;

function zFor(confidence: number): number {
  if (confidence === 0.95) return Z_95;
  normalQuantile ??= createRequire(import.meta.url)('@stdlib/stats-base-dists-normal-quantile') as Quantile;
  return normalQuantile((1 + confidence) / 2, 0, 1);
}
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
  const z = zFor(confidence);
  const estimate = x / n;
  const z22n = (z * z) / (2 * n);
  const spread = (p: number): number => z * Math.sqrt((p * (1 - p)) / n + z22n / (2 * n));
  const upper = estimate >= 1 ? 1 : (estimate + z22n + spread(estimate)) / (1 + 2 * z22n);
  const lower = estimate <= 0 ? 0 : (estimate + z22n - spread(estimate)) / (1 + 2 * z22n);
  return { lower: Math.max(lower, 0), upper: Math.min(upper, 1) };
}
