import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { describe, expect, it } from 'vitest';
import { countAndShare, interval, percent, share } from '../../src/analytics/report/format.ts';
import { describeResultsError } from '../../src/analytics/report/index.ts';
import { itemText, overviewText, table1Text } from '../../src/analytics/report/text.ts';
import { RESEARCHER, ResultsService } from '../../src/analytics/service.ts';
import { formatPValue, wilsonInterval } from '../../src/analytics/stats.ts';
import type { ResponseRecord } from '../../src/analytics/ports.ts';
import { DefinitionRegistry } from '../../src/survey/registry.ts';
import type { SurveyRecord } from '../../src/survey/ports.ts';
import { arraySource, TINY_INPUT, times } from './fixture.ts';

const survey: SurveyRecord = { id: 's', communityId: 'c', definitionId: 'tiny', definitionVersion: 1, status: 'closed', openedDay: '2026-01-01', closedDay: '2026-02-01' };
const serviceOf = (responses: ResponseRecord[]) =>
  new ResultsService({
    catalog: {} as never,
    definitions: new DefinitionRegistry([TINY_INPUT]),
    source: arraySource(responses),
    policy: { minCell: 5, minComplete: 10 },
  });

// GPs: 30 sought (rating 9) / 10 not; others: 15 sought (rating 5) / 25 not. n = 80.
const EIGHTY = [
  ...times(30, { spec: 'gp', area: 'no', sought: 'yes', useful: 9, strengths: ['speed'] }),
  ...times(10, { spec: 'gp', area: 'yes', sought: 'no', strengths: ['speed', 'free'] }),
  ...times(15, { spec: 'other', area: 'no', sought: 'yes', useful: 5, strengths: ['free'] }),
  ...times(25, { spec: 'other', area: 'yes', sought: 'no', strengths: ['speed', 'kind'] }),
];

describe('number formats', () => {
  it('writes French and English shares, small-cell bounds and intervals', () => {
    expect(percent(65.1, 'fr')).toBe('65,1 %');
    expect(percent(65.1, 'en')).toBe('65.1%');
    // Hidden counts print alike, with no bound on their share (disclosure.ts, rule 4).
    expect(share({ kind: 'small' }, 'fr')).toBe('—');
    expect(countAndShare({ kind: 'small' }, 'en', 5)).toBe('—');
    expect(countAndShare({ kind: 'masked' }, 'en', 5)).toBe('—');
    expect(interval({ kind: 'shown', count: 1, percent: 50, ci: { lower: 9.46, upper: 90.54 } }, 'fr')).toBe('9,5–90,5 %');
  });
});

describe('texts', () => {
  it('gives an item with counts, shares and Wilson intervals', async () => {
    const result = await serviceOf(EIGHTY).item(survey, RESEARCHER, 'sought');
    if (!result.ok) throw new Error(result.error.code);
    // 45 of 80 sought: 56.25 %, Wilson interval from the stats module.
    const { lower, upper } = wilsonInterval(45, 80);
    const ci = `${(100 * lower).toFixed(1)}–${(100 * upper).toFixed(1)}%`;
    expect(itemText(result.value, 'en')).toContain(`  Yes: 45 (56.3%) — 95% CI ${ci}`);
  });

  it('gives Table 1 rows as shares per subgroup with the test, V and Holm’s p', async () => {
    const result = await serviceOf(EIGHTY).table1(survey, RESEARCHER);
    if (!result.ok) throw new Error(result.error.code);
    const text = table1Text(result.value, 'fr');
    // sought by gp: 30/40 = 75,0 % against 15/40 = 37,5 %; X² (Yates) = 2·49/22.5 + 2·49/17.5,
    // V = 1/√7 = 0,38 (see subgroups.test.ts).
    const statistic = (2 * 49) / 22.5 + (2 * 49) / 17.5;
    const p = formatPValue(1 - chisquareCdf(statistic, 1), 'fr');
    expect(text).toContain(`▸ Selon : Spécialité (MG vs Autres)`);
    expect(text).toContain(`sought · Avis demandé ? : χ² de Pearson = ${statistic.toFixed(2).replace('.', ',')} (ddl 1), ${p} · V de Cramér = 0,38`);
    // useful ≥ 8 by gp: GPs 30/30 = 100 %, others 0/15 → zero cells are below K: hidden.
    expect(text).toMatch(/useful · Utile \? ≥ 8 : — vs — — /);
  });

  it('gives the overview with participation, items and the legend', async () => {
    const result = await serviceOf(EIGHTY).overview(survey, RESEARCHER);
    if (!result.ok) throw new Error(result.error.code);
    const text = overviewText(result.value, 'en');
    expect(text).toContain('80 participants (at least one answer) · 80 complete responses (completion rate 100.0%)');
    // strengths: speed 30 + 10 + 25 = 65 of 80 = 81.3 %; free 10 + 15 = 25 (31.3 %); kind 25 (31.3 %).
    expect(text).toContain('strengths · Strengths? (n = 80): Speed 81.3% · Free 31.3% · Kindness 31.3%');
    // useful: 0–4 is empty (hidden), so 5–7 is hidden too; the mark is explained once.
    expect(text).toContain('useful · Useful? (n = 45): 0–4 — · 5–7 — · 8–10 66.7%');
    expect(text.split('“—”').length).toBe(2);
  });

  it('words every expected failure in both languages', () => {
    for (const language of ['fr', 'en'] as const) {
      for (const error of [
        { code: 'results.no_survey' },
        { code: 'results.not_public' },
        { code: 'results.too_few', minComplete: 10 },
        { code: 'results.admin_only' },
        { code: 'results.by_without_item' },
        { code: 'results.unknown_item', item: 'q99' },
        { code: 'results.unknown_grouping', grouping: 'x' },
        { code: 'results.not_comparable', item: 'q27' },
        { code: 'results.same_variable', item: 'q3' },
      ] as const) {
        expect(describeResultsError(language, error).length).toBeGreaterThan(10);
      }
    }
  });
});
