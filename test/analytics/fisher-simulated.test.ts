/**
 * The Monte Carlo Fisher test against R's exact p-values (test/fixtures/r-stats.json, R 4.2.2):
 * a simulated p must lie within the simulation's own error of the exact one. R's simulated
 * p-values come from R's generator and cannot be matched draw for draw; its exact ones are the
 * value both simulations estimate.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fisherSimulatedTest, SIMULATION_REPLICATES } from '../../src/analytics/stats/fisher-simulated.ts';

const reference = JSON.parse(readFileSync(new URL('../fixtures/r-stats.json', import.meta.url), 'utf8')) as {
  fisher: { table: number[][]; p: number }[];
};
const B = SIMULATION_REPLICATES;

describe('fisherSimulatedTest (R: fisher.test(x, simulate.p.value = TRUE, B = 2000))', () => {
  const results = reference.fisher.map(({ table, p }) => {
    const simulated = fisherSimulatedTest(table).p;
    // Binomial standard error of a share of B draws, plus R's "+1" (the observed table counts).
    const se = Math.sqrt((p * (1 - p)) / B);
    return { table, p, simulated, se, z: se > 0 ? (simulated - p) / se : 0 };
  });

  it('agrees with R’s exact p-value on every reference table within four standard errors', () => {
    expect(results.length).toBe(149);
    for (const r of results) {
      expect(Math.abs(r.simulated - r.p), JSON.stringify(r)).toBeLessThanOrEqual(4 * r.se + 1 / (B + 1));
    }
  });

  it('scatters as a simulation should: about 95 % within two standard errors, centred on R’s value', () => {
    const informative = results.filter((r) => r.se > 0.002);
    expect(informative.length).toBeGreaterThan(80);
    const within = informative.filter((r) => Math.abs(r.z) <= 2).length / informative.length;
    expect(within).toBeGreaterThan(0.88);
    const meanZ = informative.reduce((s, r) => s + r.z, 0) / informative.length;
    expect(Math.abs(meanZ)).toBeLessThan(0.3);
  });

  it('is reproducible (seeded) and changes with the seed', () => {
    const { table } = results.find((r) => r.p > 0.3 && r.p < 0.7) ?? { table: [] };
    expect(fisherSimulatedTest(table).p).toBe(fisherSimulatedTest(table).p);
    expect(fisherSimulatedTest(table, { seed: 1 }).p).not.toBe(fisherSimulatedTest(table, { seed: 2 }).p);
    expect(fisherSimulatedTest(table).replicates).toBe(2000);
  });

  it('gives (1 + k) / (B + 1): p = 1 for a table at the centre, 1/(B + 1) for one beyond every draw', () => {
    expect(fisherSimulatedTest([[5, 5], [5, 5]]).p).toBe(1);
    expect(fisherSimulatedTest([[0, 0, 40], [0, 40, 0], [40, 0, 0]]).p).toBe(1 / (B + 1));
  });

  it('handles large counts (a 25 × 2 table of 100,000 respondents) in well under a second', () => {
    const table = Array.from({ length: 25 }, (_, i) => [4000 + i * 7, i === 24 ? 2 : 3 + (i % 3)]);
    const started = performance.now();
    const { p } = fisherSimulatedTest(table);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThanOrEqual(1);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
