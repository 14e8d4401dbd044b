import { describe, expect, it } from 'vitest';
import { participation, summarizeAll, summarizeItem, summarizeVariable } from '../../src/analytics/summaries.ts';
import { groupingVariable, prepareRows, scaleBuckets } from '../../src/analytics/variables.ts';
import { NINE, tiny } from './fixture.ts';

const rows = prepareRows(tiny, NINE);
const item = (code: string) => {
  const found = tiny.items.find((i) => i.code === code);
  if (!found) throw new Error(code);
  return found;
};

describe('participation', () => {
  it('counts participants (≥ 1 answer), complete responses, the rate and where people stopped', () => {
    const p = participation(tiny, rows);
    // 8 responses hold an answer (the ninth opened the survey and answered nothing).
    expect(p.participants).toBe(8);
    expect(p.complete).toBe(5);
    // 5 / 8
    expect(p.completionRate).toBe(0.625);
    // One stop at each of area, sought and useful; the empty response is not a participant,
    // so its stop at "spec" is not drop-off. 5 + 3 = 8.
    expect(p.dropOff).toEqual([
      { itemCode: 'area', count: 1 },
      { itemCode: 'sought', count: 1 },
      { itemCode: 'useful', count: 1 },
    ]);
  });
});

describe('item summaries', () => {
  it('single choice: counts over the respondents who answered the item', () => {
    // spec answered by the 8 participants: gp in responses 1, 2, 3, 6, 8; other in 4, 5, 7.
    expect(summarizeItem(item('spec'), rows)).toEqual({
      type: 'single', code: 'spec', n: 8, categories: [{ code: 'gp', count: 5 }, { code: 'other', count: 3 }],
    });
    // sought answered by 6 (responses 1–5 and 7): yes 1, 2, 4, 5, 7; no 3.
    expect(summarizeItem(item('sought'), rows)).toMatchObject({ n: 6, categories: [{ code: 'yes', count: 5 }, { code: 'no', count: 1 }] });
  });

  it('multiple choice: each choice over the respondents to the item, so shares exceed 100 % together', () => {
    // Answered by responses 1–5. speed: 1, 2, 3, 5; free: 1, 4; kind: 3.
    expect(summarizeItem(item('strengths'), rows)).toEqual({
      type: 'multi', code: 'strengths', n: 5, choices: [{ code: 'speed', count: 4 }, { code: 'free', count: 2 }, { code: 'kind', count: 1 }],
    });
  });

  it('0–10 item: buckets 0–4, 5–7, 8–10, mean, median and sample SD', () => {
    const summary = summarizeItem(item('useful'), rows);
    if (summary.type !== 'scale') throw new Error('expected a scale summary');
    // Values 9, 8, 4, 6 (responses 1, 2, 4, 5; response 7 stopped before answering it).
    expect(summary.n).toBe(4);
    expect(summary.buckets.map((b) => [b.label, b.count])).toEqual([['0–4', 1], ['5–7', 1], ['8–10', 2]]);
    // mean = 27 / 4 = 6.75; median = (6 + 8) / 2 = 7
    expect(summary.mean).toBe(6.75);
    expect(summary.median).toBe(7);
    // squared deviations 2.25² + 1.25² + 2.75² + 0.75² = 5.0625 + 1.5625 + 7.5625 + 0.5625 = 14.75;
    // SD = sqrt(14.75 / 3)
    expect(summary.sd).toBeCloseTo(Math.sqrt(14.75 / 3), 12);
    expect(summary.distribution).toEqual([0, 0, 0, 0, 1, 0, 1, 0, 1, 1, 0]);
  });

  it('text item: a count and the comments, sorted so their order says nothing about who wrote them', () => {
    expect(summarizeItem(item('comment'), rows)).toEqual({ type: 'text', code: 'comment', n: 2, comments: ['Bien', 'Très utile'] });
  });

  it('a derived variable reads like a single choice of its categories', () => {
    const gp = groupingVariable(tiny, 'gp');
    if (!gp) throw new Error('gp');
    // gp is known wherever spec is: 5 true, 3 false.
    expect(summarizeVariable(gp, rows)).toMatchObject({ n: 8, categories: [{ code: 'true', count: 5 }, { code: 'false', count: 3 }] });
  });

  it('summarizes every item in questionnaire order', () => {
    expect(summarizeAll(tiny, rows).map((s) => s.code)).toEqual(['spec', 'area', 'sought', 'useful', 'strengths', 'comment']);
  });

  it('buckets a 0–10 scale as the study does and other ranges in proportion', () => {
    expect(scaleBuckets(0, 10).map((b) => b.label)).toEqual(['0–4', '5–7', '8–10']);
    expect(scaleBuckets(1, 5).map((b) => b.label)).toEqual(['1–2', '3–4', '5']);
  });
});
