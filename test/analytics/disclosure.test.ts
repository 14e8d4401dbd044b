import { describe, expect, it } from 'vitest';
import { protectDistribution, protectShare, protectTable, protectTotal, type Cell } from '../../src/analytics/disclosure.ts';
import { RESEARCHER, ResultsService, type Viewer } from '../../src/analytics/service.ts';
import { itemText, overviewText, table1Text } from '../../src/analytics/report/text.ts';
import { overviewJson, table1Json } from '../../src/analytics/report/json.ts';
import type { ResponseRecord } from '../../src/analytics/ports.ts';
import { DefinitionRegistry } from '../../src/survey/registry.ts';
import type { SurveyRecord } from '../../src/survey/ports.ts';
import { arraySource, TINY_INPUT, times } from './fixture.ts';

const K = 5;
const kinds = (cells: readonly Cell[]) => cells.map((c) => (c.kind === 'shown' ? c.count : c.kind));

describe('the small-cell rule', () => {
  it('prints no count below K, zero included, and masks a lone hidden cell’s smallest neighbour', () => {
    // 3 < 5 is hidden; alone, it would be 40 − 30 − 7 = 3 by subtraction, so 7 is masked too.
    expect(kinds(protectDistribution([30, 7, 3], 40, K))).toEqual([30, 'masked', 'small']);
    // Two hidden cells (0 and 2): their sum is known, neither value is; nothing more to mask.
    expect(kinds(protectDistribution([30, 0, 2, 8], 40, K))).toEqual([30, 'small', 'small', 8]);
    // Nothing below K: everything shows.
    expect(kinds(protectDistribution([20, 15, 5], 40, K))).toEqual([20, 15, 5]);
    // A denominator below K hides the whole distribution.
    expect(kinds(protectDistribution([2, 2], 4, K))).toEqual(['masked', 'masked']);
    expect(protectTotal(4, K)).toEqual({ kind: 'small' });
  });

  it('bounds the share of a small cell instead of printing it', () => {
    const [, , small] = protectDistribution([30, 7, 3], 40, K);
    // count ≤ 4 of 40, so below 5 / 40 = 12.5 %.
    expect(small).toEqual({ kind: 'small', percentBelow: 12.5 });
  });

  it('masks a multiple-choice share whose complement is below K', () => {
    expect(protectShare(38, 40, K).kind).toBe('masked'); // 2 did not choose it
    expect(protectShare(3, 40, K).kind).toBe('small');
    expect(protectShare(20, 40, K)).toMatchObject({ kind: 'shown', count: 20, percent: 50 });
  });

  it('protects subgroup tables along lines and columns', () => {
    // GPs 30/3/10, others 20/12/15. (GP, b) = 3 is hidden; the GPs' n (43) would give it back,
    // so the GPs' smallest other cell (10) is masked; the columns of both (which the item's
    // overall distribution could give back) then mask 12 and 15. Every line and column ends
    // with two hidden cells: 3 + 10 = 13 and 3 + 12 = 15 are known, 3 is not.
    const { totals, cells } = protectTable([[30, 3, 10], [20, 12, 15]], K);
    expect(totals).toEqual([{ kind: 'shown', count: 43 }, { kind: 'shown', count: 47 }]);
    expect(cells.map(kinds)).toEqual([[30, 'small', 'masked'], [20, 'masked', 'masked']]);
    // In a 2×2 table with printed margins, one small cell leaves nothing printable.
    expect(protectTable([[30, 3], [20, 12]], K).cells.flat().every((c) => c.kind !== 'shown')).toBe(true);
    // A group of 4 is hidden whole, and so is the other group's total.
    const small = protectTable([[2, 2], [20, 12]], K);
    expect(small.totals.map((t) => t.kind)).toEqual(['small', 'masked']);
    expect(small.cells.flat().every((c) => c.kind !== 'shown')).toBe(true);
  });
});

const survey = (status: 'open' | 'closed'): SurveyRecord => ({
  id: 'survey-1', communityId: 'c', definitionId: 'tiny', definitionVersion: 1, status, openedDay: '2026-01-01', closedDay: null,
});

function service(responses: ResponseRecord[]) {
  return new ResultsService({
    catalog: {} as never, // not reached by these calls
    definitions: new DefinitionRegistry([TINY_INPUT]),
    source: arraySource(responses),
    policy: { minCell: K, minComplete: 10 },
  });
}
// 12 complete: 9 GPs, 3 others; everyone sought; GPs rate 9, others 2.
const TWELVE = [
  ...times(9, { spec: 'gp', area: 'no', sought: 'yes', useful: 9, strengths: ['speed', 'free'] }),
  ...times(3, { spec: 'other', area: 'yes', sought: 'yes', useful: 2, strengths: ['speed'] }),
];

describe('who sees what', () => {
  const member: Viewer = { isAdmin: false, liveResults: false };

  it('shows nothing at all before 10 complete responses, to anyone', async () => {
    const nine = TWELVE.slice(0, 9);
    expect(await service(nine).overview(survey('closed'), RESEARCHER)).toEqual({ ok: false, error: { code: 'results.too_few', minComplete: 10 } });
  });

  it('shows members results once the survey is closed or live results are on; admins always', async () => {
    const s = service(TWELVE);
    expect(await s.overview(survey('open'), member)).toEqual({ ok: false, error: { code: 'results.not_public' } });
    expect((await s.overview(survey('open'), { isAdmin: false, liveResults: true })).ok).toBe(true);
    expect((await s.overview(survey('closed'), member)).ok).toBe(true);
    expect((await s.overview(survey('open'), { isAdmin: true, liveResults: false })).ok).toBe(true);
    expect(await s.export(survey('closed'), member)).toEqual({ ok: false, error: { code: 'results.admin_only' } });
  });

  it('prints "< 5" for the 3 others in every text and JSON, never the count', async () => {
    const s = service(TWELVE);
    const overview = await s.overview(survey('closed'), member);
    const item = await s.item(survey('closed'), member, 'useful', 'gp');
    const table = await s.table1(survey('closed'), member);
    if (!overview.ok || !item.ok || !table.ok) throw new Error('expected results');
    const texts = [overviewText(overview.value, 'fr'), itemText(item.value, 'en'), table1Text(table.value, 'fr')];
    // spec: GPs 9, others 3 → "< 5" and the GP count masked (12 − 3 would give it back).
    expect(texts[0]).toContain('spec · Spécialité ? (n = 12) : Généraliste — · Autre < 41,7 %');
    // Per group: others (n = 3) hidden whole; GPs' n masked so 12 − n cannot give it.
    expect(texts[1]).toContain('GPs (n = —): —');
    expect(texts[1]).toContain('Others (n = < 5): —');
    for (const text of texts) {
      expect(text).not.toMatch(/\b3 \(/);
      expect(text).not.toMatch(/n = 3\b/);
    }
    const json = JSON.parse(overviewJson(overview.value, 'en')) as { items: { code: string; categories?: { count: number | null; suppressed?: string }[] }[] };
    const spec = json.items.find((i) => i.code === 'spec');
    expect(spec?.categories?.map((c) => [c.count, c.suppressed])).toEqual([[null, 'complementary'], [null, 'below_min_cell']]);
    expect(table1Json(table.value, 'en')).not.toMatch(/"count": 3\b/);
  });
});
