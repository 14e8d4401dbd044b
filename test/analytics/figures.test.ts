import { describe, expect, it } from 'vitest';
import { generateCohort } from '../../src/analytics/demo/cohort.ts';
import { overviewFigures, renderFigures, table1Figures } from '../../src/analytics/figures.ts';
import { itemFigure, renderItem } from '../../src/analytics/report/index.ts';
import { RESEARCHER, ResultsService } from '../../src/analytics/service.ts';
import type { ResponseRecord } from '../../src/analytics/ports.ts';
import type { ChartSpec } from '../../src/analytics/charts/index.ts';
import { BUILT_IN_DEFINITIONS, DefinitionRegistry } from '../../src/survey/registry.ts';
import type { SurveyRecord } from '../../src/survey/ports.ts';
import { arraySource, TINY_INPUT, times } from './fixture.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const definitions = new DefinitionRegistry([...BUILT_IN_DEFINITIONS, TINY_INPUT]);
const study = definitions.defaultDefinition();
const survey = (definitionId: string): SurveyRecord => ({
  id: 's', communityId: 'c', definitionId, definitionVersion: 1, status: 'closed', openedDay: '2022-06-01', closedDay: '2022-07-15',
});
const serviceOf = (responses: ResponseRecord[]) =>
  new ResultsService({ catalog: {} as never, definitions, source: arraySource(responses), policy: { minCell: 5, minComplete: 10 } });
const cohort = generateCohort(study);

/** Every count a chart draws, to check none is below K. */
function drawnCounts(spec: ChartSpec): number[] {
  switch (spec.kind) {
    case 'bars':
      return spec.unit === 'count' ? spec.bars.map((b) => b.value) : [];
    case 'panels':
      return spec.panels.flatMap((p) => p.bars.map((b) => b.value));
    case 'stacked':
      return spec.rows.flatMap((r) => [...r.values]);
    case 'grouped':
      return [];
  }
}

describe('the study’s figures', () => {
  it('maps the overview to Fig. 1–5 (and q26), each a valid PNG stating its n', async () => {
    const overview = await serviceOf(cohort).overview(survey(study.id), RESEARCHER);
    if (!overview.ok) throw new Error(overview.error.code);
    const figures = overviewFigures(overview.value, 'fr');
    expect(figures.map((f) => [f.name, f.spec.kind])).toEqual([
      ['fig1-characteristics.png', 'panels'],
      ['fig2-q11-q18.png', 'stacked'],
      ['fig3-q21.png', 'bars'],
      ['fig4-q22.png', 'bars'],
      ['fig5-q23-q25.png', 'stacked'],
      ['fig6-q26.png', 'bars'],
    ]);
    // Fig. 1: the eight items describing participants, q1–q8.
    const fig1 = figures[0]?.spec;
    expect(fig1?.kind === 'panels' && fig1.panels.length).toBe(8);
    for (const figure of figures) {
      expect(figure.spec.nLabel).toMatch(/^n = \d+ /);
      expect(drawnCounts(figure.spec).every((v) => v >= 5)).toBe(true);
    }
    // Each panel of Fig. 1 states its own n.
    if (fig1?.kind === 'panels') for (const panel of fig1.panels) expect(panel.nLabel).toMatch(/^n = \d+$/);
    const pngs = await renderFigures(figures);
    for (const png of pngs) {
      const { width, height } = pngSize(png.data);
      // Drawn at 2×: 2000 px wide, for a slide or a paper.
      expect(width).toBe(2000);
      expect(height).toBeGreaterThan(400);
    }
  });

  it('draws Table 1 as one grouped chart per grouping, in English too', async () => {
    const table = await serviceOf(cohort).table1(survey(study.id), RESEARCHER);
    if (!table.ok) throw new Error(table.error.code);
    const figures = table1Figures(table.value, 'en');
    expect(figures.map((f) => f.name)).toEqual(['table1-gp.png', 'table1-underserved.png', 'table1-age_group.png']);
    for (const png of await renderFigures(figures)) pngSize(png.data);
    // Every group states its n, and every outcome carries the p-value the text prints.
    for (const figure of figures) {
      if (figure.spec.kind !== 'grouped') throw new Error('not grouped');
      for (const series of figure.spec.series) expect(series.label).toMatch(/\(n = \d+(–\d+)?\)$/);
      for (const group of figure.spec.groups) expect(group).toMatch(/\np (=|<) [01]\.\d+$/);
    }

  });

  it('draws one item, and one item across a grouping', async () => {
    const service = serviceOf(cohort);
    // q2 by q3: 25 specialties, most of which hide an age bracket; those that hide none are drawn.
    for (const [code, by, kind] of [['q3', undefined, 'bars'], ['q13', undefined, 'stacked'], ['q21', 'gp', 'grouped'], ['q9', 'age_group', 'grouped'], ['q2', 'q3', 'grouped']] as const) {
      const result = await service.item(survey(study.id), RESEARCHER, code, by);
      if (!result.ok) throw new Error(result.error.code);
      expect(itemFigure(result.value, 'fr')?.spec.kind).toBe(kind);
      const rendered = await renderItem(result.value, 'fr');
      expect(rendered.files).toHaveLength(1);
      pngSize(rendered.files[0]?.data ?? Buffer.alloc(0));
    }
    const ages = await service.item(survey(study.id), RESEARCHER, 'q2', 'q3');
    if (!ages.ok) throw new Error(ages.error.code);
    const spec = itemFigure(ages.value, 'en')?.spec;
    if (spec?.kind !== 'grouped') throw new Error('expected a grouped chart');
    const complete = (ages.value.comparisons?.[0]?.groups ?? []).filter((g) => g.n.kind === 'shown' && g.cells.every((c) => c.kind === 'shown'));
    expect(complete.length).toBeGreaterThan(0);
    expect(spec.series.map((s) => s.label.replace(/ \(n = .*\)$/, ''))).toEqual(complete.map((g) => g.label.en));
    expect(spec.groups).toHaveLength(ages.value.item.type === 'single' ? ages.value.item.categories.length : 0);
  });

  it('leaves out bars below K and says so', async () => {
    // 15 respondents. strengths: speed 12 (but only 3 did not choose it), free 3, kind 10.
    const responses = [
      ...times(5, { spec: 'gp', area: 'yes', sought: 'yes', useful: 9, strengths: ['speed', 'kind'] }),
      ...times(5, { spec: 'gp', area: 'no', sought: 'yes', useful: 9, strengths: ['speed', 'kind'] }),
      ...times(2, { spec: 'other', area: 'no', sought: 'no', strengths: ['speed'] }),
      ...times(3, { spec: 'other', area: 'no', sought: 'no', strengths: ['free'] }),
    ];
    const overview = await serviceOf(responses).overview(survey('tiny'), RESEARCHER);
    if (!overview.ok) throw new Error(overview.error.code);
    const figures = overviewFigures(overview.value, 'en');
    // Fig. 1 draws spec (10/5) and area (5/10). `useful` (ten 9s: buckets 0, 0, 10) has hidden
    // buckets, so its stacked chart has no row and is left out.
    expect(figures.map((f) => f.name)).toEqual(['fig1-characteristics.png', 'fig2-strengths.png']);
    const strengths = figures[1]?.spec;
    if (strengths?.kind !== 'bars') throw new Error('expected bars');
    // Only "kind" (10 of 15, 5 without it) can be drawn.
    expect(strengths.bars).toEqual([{ label: 'Kindness', value: 10 }]);
    expect(strengths.subtitle).toContain('fewer than 5 people not shown');
    for (const figure of figures) expect(drawnCounts(figure.spec).every((v) => v >= 5)).toBe(true);
    // A single choice with a hidden cell and its masked neighbour has nothing left to draw.
    const area = await serviceOf([...times(12, { spec: 'gp', area: 'no', sought: 'no', strengths: ['speed'] })]).item(survey('tiny'), RESEARCHER, 'area');
    if (!area.ok) throw new Error(area.error.code);
    expect(itemFigure(area.value, 'en')).toBeNull();
  });
});
