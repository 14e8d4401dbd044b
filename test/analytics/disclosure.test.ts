import { describe, expect, it } from 'vitest';
import { dropOffRuns } from '../../src/analytics/disclosure.ts';
import { suppress, type Mark } from '../../src/analytics/suppression.ts';
import { RESEARCHER, ResultsService, type Viewer } from '../../src/analytics/service.ts';
import { itemText, overviewText, table1Text } from '../../src/analytics/report/text.ts';
import { overviewJson, table1Json } from '../../src/analytics/report/json.ts';
import type { ResponseRecord } from '../../src/analytics/ports.ts';
import { DefinitionRegistry } from '../../src/survey/registry.ts';
import type { SurveyRecord } from '../../src/survey/ports.ts';
import { arraySource, TINY_INPUT, times } from './fixture.ts';

const K = 5;
/** One line of counts adding up to a printed total. */
const distribution = (values: number[]): Mark[] =>
  suppress({ values, fixed: values.map(() => null), unprinted: values.map(() => false), lines: [{ total: null, parts: values.map((_, i) => i) }] }, K).marks;

describe('the small-cell rule', () => {
  it('hides every count below K, zero included, and enough others that hidden counts of a line sum to K or more', () => {
    // 3 < 5 is hidden; alone, it would be the total minus the others, so 7 is masked too.
    expect(distribution([30, 7, 3])).toEqual(['shown', 'masked', 'small']);
    // 0 and 2 hidden: their sum (2) would still be known to be below K: 8 is masked too.
    expect(distribution([30, 0, 2, 8])).toEqual(['shown', 'small', 'small', 'masked']);
    // Two hidden counts summing to 5 or more: nothing more.
    expect(distribution([30, 1, 6, 4])).toEqual(['shown', 'small', 'shown', 'small']);
    expect(distribution([20, 15, 5])).toEqual(['shown', 'shown', 'shown']);
  });

  it('links a coarse count to the fine counts it is made of', () => {
    // Fine 10, 3, 20 (total printed); coarse A = 10 + 3 printed too. 3 is hidden; A − 3 would
    // give it back through A, so 10 is masked: 10 + 3 = 13 is known, 3 is not.
    const values = [10, 3, 20, 13, 20];
    const lines = [
      { total: null, parts: [0, 1, 2] },
      { total: null, parts: [3, 4] },
      { total: 3, parts: [0, 1] },
      { total: 4, parts: [2] },
    ];
    const { marks, unresolved } = suppress({ values, fixed: values.map(() => null), unprinted: values.map(() => false), lines }, K);
    expect(marks).toEqual(['masked', 'small', 'shown', 'shown', 'shown']);
    expect(unresolved).toBe(0);
  });

  it('never changes a count fixed by another table, and says when a line cannot be protected', () => {
    const values = [9, 3];
    const { marks, unresolved } = suppress({ values, fixed: ['shown', null], unprinted: [false, false], lines: [{ total: null, parts: [0, 1] }] }, K);
    expect(marks).toEqual(['shown', 'small']);
    expect(unresolved).toBe(1);
  });

  it('gives drop-off in runs of at least K consecutive items, or not at all', () => {
    const counts: Record<string, number> = { q2: 6, q5: 2, q6: 1, q7: 3, q9: 1 };
    const items = Array.from({ length: 10 }, (_, i) => ({ itemCode: `q${i + 1}`, count: counts[`q${i + 1}`] ?? 0 }));
    // Runs cover the whole questionnaire: a gap would print its zero.
    expect(dropOffRuns(items, 13, K)).toEqual([
      { from: 'q1', to: 'q2', count: 6 },
      { from: 'q3', to: 'q10', count: 7 },
    ]);
    expect(dropOffRuns([{ itemCode: 'q2', count: 3 }], 3, K)).toEqual([]);
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

  it('hides the 3 others, and what would give them back, in every text and JSON', async () => {
    const s = service(TWELVE);
    const overview = await s.overview(survey('closed'), member);
    const item = await s.item(survey('closed'), member, 'strengths', 'gp');
    const useful = await s.item(survey('closed'), member, 'useful');
    if (!useful.ok) throw new Error('expected results');
    // Everyone was asked `useful` (all sought): 12 − n = 0 would count those who said no.
    expect(itemText(useful.value, 'en')).toContain('withheld: too few respondents, or too few people who were not asked');
    const table = await s.table1(survey('closed'), member);
    if (!overview.ok || !item.ok || !table.ok) throw new Error('expected results');
    const texts = [overviewText(overview.value, 'fr'), itemText(item.value, 'en'), table1Text(table.value, 'fr')];
    // spec: GPs 9, others 3 → hidden, and the GP count too (12 − 9 would give it back).
    expect(texts[0]).toContain('spec · Spécialité ? (n = 12) : Généraliste — · Autre —');
    // Per group: both groups hidden whole, and no test.
    expect(texts[1]).toContain('GPs: —');
    expect(texts[1]).toContain('Others: —');
    expect(texts[1]).toContain('no test: with a hidden number in the table');
    // The mark is explained once per reply.
    for (const text of texts) expect(text.split('“—”').length + text.split('« — »').length - 2).toBe(1);
    for (const text of texts) {
      expect(text).not.toMatch(/\b3 \(/);
      expect(text).not.toMatch(/n = 3\b/);
    }
    const json = JSON.parse(overviewJson(overview.value, 'en')) as { items: { code: string; categories?: { count: number | null; suppressed?: string }[] }[] };
    const spec = json.items.find((i) => i.code === 'spec');
    expect(spec?.categories?.map((c) => [c.count, c.suppressed])).toEqual([[null, 'min_cell'], [null, 'min_cell']]);
    expect(table1Json(table.value, 'en')).not.toMatch(/"count": 3\b/);
  });
});
