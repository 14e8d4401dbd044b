import { describe, expect, it } from 'vitest';
import { generateCohort } from '../../src/analytics/demo/cohort.ts';
import { compareItem } from '../../src/analytics/subgroups.ts';
import { participation, summarizeItem } from '../../src/analytics/summaries.ts';
import { prepareRows } from '../../src/analytics/variables.ts';
import { validateAnswer } from '../../src/survey/answers.ts';
import { relevantItems } from '../../src/survey/engine.ts';
import { BUILT_IN_DEFINITIONS, DefinitionRegistry } from '../../src/survey/registry.ts';

const definition = new DefinitionRegistry(BUILT_IN_DEFINITIONS).defaultDefinition();
const cohort = generateCohort(definition);
const rows = prepareRows(definition, cohort);

/** Share (%) of the respondents to `code` whose answer passes `test`. */
function share(code: string, test: (value: unknown) => boolean): number {
  const values = cohort.map((r) => r.answers[code]).filter((v) => v !== undefined);
  return (100 * values.filter(test).length) / values.length;
}

/** Reported share (%) of each group of a binary comparison. */
function byGroup(code: string, grouping: string): number[] {
  const result = compareItem(definition, rows, code, grouping);
  if (!result.ok) throw new Error(result.error.code);
  const counts = result.comparisons[0]?.counts ?? [];
  return counts.map(([yes = 0, no = 0]) => (100 * yes) / (yes + no));
}

describe('the demo cohort', () => {
  it('is deterministic: the same seed gives the same cohort, another seed another', () => {
    expect(generateCohort(definition)).toEqual(cohort);
    expect(generateCohort(definition, 7)).not.toEqual(cohort);
  });

  it('has the study’s 1,451 participants and 989 complete responses', () => {
    const p = participation(definition, rows);
    expect(p.participants).toBe(1451);
    expect(p.complete).toBe(989);
  });

  it('holds only answers the chat could have recorded', () => {
    for (const response of cohort) {
      const relevant = relevantItems(definition, response.answers);
      const asked = new Set(relevant.map((i) => i.code));
      for (const [code, value] of Object.entries(response.answers)) {
        const item = definition.items.find((i) => i.code === code);
        if (!item) throw new Error(code);
        expect(asked.has(code)).toBe(true);
        expect(validateAnswer(item, value)).toEqual({ ok: true, value });
      }
      const missing = relevant.filter((i) => i.required && response.answers[i.code] === undefined);
      if (response.status === 'complete') expect(missing).toEqual([]);
      else expect(response.cursor !== null && asked.has(response.cursor) && response.answers[response.cursor] === undefined).toBe(true);
    }
  });

  it('follows the published figures', () => {
    // Population (Results, "Population characteristics"), to the published decimal.
    expect(share('q1', (v) => v === 'female')).toBeCloseTo(83.0, 1);
    expect(share('q2', (v) => v === '30_40')).toBeCloseTo(63.8, 1);
    expect(share('q3', (v) => v === 'gp')).toBeCloseTo(65.1, 1);
    expect(share('q4', (v) => v === 'independent')).toBeCloseTo(59.6, 1);
    expect(share('q5', (v) => v === 'rural')).toBeCloseTo(11.2, 1);
    expect(Math.abs(share('q6', (v) => v === 'yes') - 28.9)).toBeLessThan(0.2);
    expect(share('q7', (v) => v === 'several_daily' || v === 'daily')).toBeCloseTo(90.7, 1);
    // Opinions, strengths, weaknesses, CME (Fig. 2–5).
    expect(share('q10', (v) => v === 'frequently')).toBeCloseTo(8.6, 1);
    expect(share('q11', (v) => Number(v) >= 8)).toBeCloseTo(74.7, 1);
    expect(share('q13', (v) => Number(v) >= 8)).toBeCloseTo(81.7, 0);
    expect(share('q17', (v) => Number(v) >= 8)).toBeCloseTo(85.7, 0);
    expect(share('q21', (v) => Array.isArray(v) && v.includes('speed'))).toBeCloseTo(87.5, 1);
    expect(share('q21', (v) => Array.isArray(v) && v.includes('availability'))).toBeCloseTo(82.0, 1);
    expect(share('q22', (v) => Array.isArray(v) && v.includes('contradictions'))).toBeCloseTo(51.2, 1);
    expect(share('q23', (v) => Number(v) >= 8)).toBeCloseTo(74.8, 0);
    expect(share('q24', (v) => Number(v) >= 8)).toBeCloseTo(54.7, 0);
    // Subgroups (Table 1): 70 % of GPs against 52.3 % of other specialties; 68.4 % against 61.9 %.
    const [gp = 0, others = 0] = byGroup('sought_opinion', 'gp');
    const [underserved = 0, elsewhere = 0] = byGroup('sought_opinion', 'underserved');
    expect(Math.abs(gp - 70.0)).toBeLessThan(0.3);
    expect(Math.abs(others - 52.3)).toBeLessThan(0.3);
    expect(Math.abs(underserved - 68.4)).toBeLessThan(0.3);
    expect(Math.abs(elsewhere - 61.9)).toBeLessThan(0.3);
  });

  it('stops interrupted respondents along the questionnaire, as drop-off', () => {
    const { dropOff } = participation(definition, rows);
    expect(dropOff.reduce((s, d) => s + d.count, 0)).toBe(1451 - 989);
    expect(dropOff.length).toBeGreaterThan(10);
    expect(summarizeItem(definition.items[0]!, rows).n).toBe(1451);
  });
});
