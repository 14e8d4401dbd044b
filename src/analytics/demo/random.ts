/**
 * A small seeded random generator (sfc32, seeded through splitmix32) and the quota helpers
 * the demo cohort is built with. Quotas rather than independent draws: a share of 65.1 % over
 * 1,421 respondents gives exactly round(0.651 × 1421) of them, so the demo reproduces the
 * published figures to their last digit instead of within sampling noise.
 */
import { seededRandom, type Random } from '../stats/random.ts';

export { seededRandom, type Random };

export function shuffled<T>(random: Random, values: readonly T[]): T[] {
  const copy = [...values];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Splits `total` in proportion to `weights` by largest remainders: the parts add up exactly. */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((s, v) => s + v, 0);
  const order = exact.map((v, i) => ({ i, rest: v - Math.floor(v) })).sort((x, y) => y.rest - x.rest || x.i - y.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}

/** Gives each member one of the codes, in exact proportion to the weights, at random. */
export function assign<T>(random: Random, members: readonly T[], shares: readonly (readonly [string, number])[]): Map<T, string> {
  const counts = allocate(members.length, shares.map(([, w]) => w));
  const result = new Map<T, string>();
  let at = 0;
  const order = shuffled(random, members);
  shares.forEach(([code], i) => {
    for (let k = 0; k < (counts[i] ?? 0); k++) {
      const member = order[at++];
      if (member !== undefined) result.set(member, code);
    }
  });
  return result;
}

/** Picks exactly round(p × n) members of each stratum. */
export function pickByStrata<T>(random: Random, members: readonly T[], stratum: (m: T) => string, probability: (m: T) => number): Set<T> {
  const groups = new Map<string, T[]>();
  for (const m of members) {
    const key = stratum(m);
    const group = groups.get(key);
    if (group) group.push(m);
    else groups.set(key, [m]);
  }
  const picked = new Set<T>();
  for (const key of [...groups.keys()].sort()) {
    const group = groups.get(key) ?? [];
    const p = Math.min(1, Math.max(0, probability(group[0] as T)));
    for (const m of shuffled(random, group).slice(0, Math.round(p * group.length))) picked.add(m);
  }
  return picked;
}
