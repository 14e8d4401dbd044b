import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { describe, expect, it } from 'vitest';
import { compareItem, table1, testTable } from '../../src/analytics/subgroups.ts';
import { fisherSimulatedTest } from '../../src/analytics/stats/fisher-simulated.ts';
import { prepareRows } from '../../src/analytics/variables.ts';
import { tiny, times } from './fixture.ts';

// Table A, sought by specialty: GPs 30 yes / 10 no, others 15 yes / 25 no (n = 80).
const tableA = [
  ...times(30, { spec: 'gp', area: 'no', sought: 'yes', useful: 9, strengths: ['speed'] }),
  ...times(10, { spec: 'gp', area: 'no', sought: 'no', strengths: ['speed'] }),
  ...times(15, { spec: 'other', area: 'no', sought: 'yes', useful: 5, strengths: ['free'] }),
  ...times(25, { spec: 'other', area: 'no', sought: 'no', strengths: ['free'] }),
];

describe('one comparison', () => {
  it('2×2: chi-squared with Yates as R, Cramér’s V from the uncorrected statistic', () => {
    const result = compareItem(tiny, prepareRows(tiny, tableA), 'sought', 'gp');
    if (!result.ok) throw new Error(result.error.code);
    const [comparison] = result.comparisons;
    expect(comparison?.counts).toEqual([[30, 10], [15, 25]]);
    // Margins 40/40 and 45/35: expected 22.5, 17.5, 22.5, 17.5; every |O − E| = 7.5.
    // Yates: (7.5 − 0.5)² = 49; X² = 2·49/22.5 + 2·49/17.5 = 4.3556 + 5.6 = 9.9556.
    const statistic = (2 * 49) / 22.5 + (2 * 49) / 17.5;
    const test = comparison?.test;
    expect(test?.method).toBe('chi_squared');
    expect(test?.chiSquared.statistic).toBeCloseTo(statistic, 10);
    expect(test?.chiSquared.df).toBe(1);
    expect(test?.p).toBeCloseTo(1 - chisquareCdf(statistic, 1), 12);
    // Uncorrected X² = 7.5² · (2/22.5 + 2/17.5) = 80/7, so V = sqrt((80/7) / 80) = 1/√7.
    expect(test?.cramersV).toBeCloseTo(1 / Math.sqrt(7), 12);
    expect(test?.minExpected).toBe(17.5);
    expect(test?.fisherP).toBeNull();
  });

  it('uses Fisher’s exact test where an expected count is below 5, and says so', () => {
    // Underserved: 4 yes / 0 no; elsewhere 5 yes / 5 no (n = 14). Expected (underserved, no) = 4·5/14 ≈ 1.43.
    const rows = prepareRows(tiny, [
      ...times(4, { spec: 'gp', area: 'yes', sought: 'yes', useful: 8, strengths: ['speed'] }),
      ...times(5, { spec: 'gp', area: 'no', sought: 'yes', useful: 8, strengths: ['speed'] }),
      ...times(5, { spec: 'gp', area: 'no', sought: 'no', strengths: ['speed'] }),
    ]);
    const result = compareItem(tiny, rows, 'sought', 'underserved');
    if (!result.ok) throw new Error(result.error.code);
    const test = result.comparisons[0]?.test;
    expect(test?.method).toBe('fisher');
    expect(test?.minExpected).toBeCloseTo(20 / 14, 12);
    // Hypergeometric over the first column (9 yes of 14, 4 drawn): C(9,k)·C(5,4−k)/C(14,4) with
    // C(14,4) = 1001 gives 5, 90, 360, 420, 126 for k = 0..4. Observed k = 4 (126); at most as
    // probable: 126 + 90 + 5 = 221.
    expect(test?.fisherP).toBeCloseTo(221 / 1001, 12);
    expect(test?.p).toBe(test?.fisherP);
  });

  it('reads a 0–10 item as "≥ 8" against "< 8"', () => {
    const result = compareItem(tiny, prepareRows(tiny, tableA), 'useful', 'gp');
    if (!result.ok) throw new Error(result.error.code);
    const [comparison] = result.comparisons;
    // GPs who sought rated 9 (30 of 30 ≥ 8); others rated 5 (0 of 15).
    expect(comparison?.outcome.categories.map((c) => c.label.en)).toEqual(['≥ 8', '< 8']);
    expect(comparison?.counts).toEqual([[30, 0], [0, 15]]);
  });

  it('gives one row per choice of a multiple choice, Holm-adjusted across them', () => {
    const result = compareItem(tiny, prepareRows(tiny, tableA), 'strengths', 'gp');
    if (!result.ok) throw new Error(result.error.code);
    expect(result.comparisons.map((c) => c.outcome.code)).toEqual(['strengths__speed', 'strengths__free', 'strengths__kind']);
    // Nobody chose "kind": a table with an empty column cannot be tested.
    expect(result.comparisons[2]?.test).toBeNull();
    // speed and free split the same way (40/0 against 0/40): equal p, and Holm over two tests doubles them.
    const [speed, free] = result.comparisons;
    expect(speed?.test?.pHolm).toBeCloseTo(Math.min(1, 2 * (speed?.test?.p ?? 0)), 15);
    expect(free?.test?.pHolm).toBeCloseTo(Math.min(1, 2 * (free?.test?.p ?? 0)), 15);
  });

  it('refuses what cannot be compared, with stable codes', () => {
    const rows = prepareRows(tiny, tableA);
    expect(compareItem(tiny, rows, 'nope', 'gp')).toEqual({ ok: false, error: { code: 'results.unknown_item', item: 'nope' } });
    expect(compareItem(tiny, rows, 'sought', 'nope')).toEqual({ ok: false, error: { code: 'results.unknown_grouping', grouping: 'nope' } });
    expect(compareItem(tiny, rows, 'comment', 'gp')).toEqual({ ok: false, error: { code: 'results.not_comparable', item: 'comment' } });
    expect(compareItem(tiny, rows, 'spec', 'gp')).toEqual({ ok: false, error: { code: 'results.same_variable', item: 'spec' } });
  });

  it('simulates Fisher’s p (B = 2000, seeded) where the exact test would be too long for a chat reply', () => {
    // 3×3 with n = 1,000 and an expected count of 3·100/1000 = 0.3: due for Fisher, too large.
    const table = [[300, 300, 1], [200, 100, 1], [49, 48, 1]];
    const test = testTable(table);
    expect(test?.minExpected).toBeLessThan(5);
    expect(test).toMatchObject({ method: 'fisher_simulated', replicates: 2000 });
    expect(test?.p).toBe(fisherSimulatedTest(table).p);
    expect(test?.p).not.toBe(test?.chiSquared.p);
  });

  it('drops empty groups and categories before testing, and needs two of each', () => {
    expect(testTable([[3, 0, 4], [0, 0, 0], [5, 0, 1]])?.chiSquared.df).toBe(1);
    expect(testTable([[3, 4], [0, 0]])).toBeNull();
  });
});

describe('Table 1', () => {
  it('tests every response outcome against each grouping, Holm across the whole table', () => {
    const rows = prepareRows(tiny, [
      ...tableA,
      ...times(6, { spec: 'gp', area: 'yes', sought: 'yes', useful: 3, strengths: ['kind'] }),
      ...times(6, { spec: 'other', area: 'yes', sought: 'no', strengths: ['kind'] }),
    ]);
    const table = table1(tiny, rows, ['gp', 'underserved']);
    expect(table.groupings.map((g) => g.code)).toEqual(['gp', 'underserved']);
    // spec and area define the groupings and describe the participants (Fig. 1); the
    // multiple choice and the text are not Table 1 rows.
    expect(table.rows.map((r) => r.outcome.code)).toEqual(['sought', 'useful']);
    const all = table.rows.flatMap((r) => r.comparisons);
    const p = all.map((c) => c.test?.p ?? 1);
    // Holm by hand: sort ascending, multiply the i-th smallest by (4 − i), keep the running maximum.
    const order = p.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
    const expected: number[] = [];
    let running = 0;
    order.forEach(([v, i], rank) => {
      running = Math.max(running, Math.min(1, (4 - rank) * v));
      expected[i] = running;
    });
    all.forEach((c, i) => expect(c.test?.pHolm).toBeCloseTo(expected[i] ?? -1, 14));
  });
});
