/**
 * Bench: one chart PNG, warm (echarts and resvg loaded, fonts read), for each figure of the
 * demo overview and Table 1. `pngMs` is the median time of the slowest figure (Fig. 1, the
 * participants' characteristics panel, is usually it); `medianOfAllMs` is the median over all
 * figures. Anchor from the same run: rendering the same slowest chart to SVG alone.
 */
import { generateCohort } from '../../analytics/demo/cohort.ts';
import { overviewFigures, table1Figures, type Figure } from '../../analytics/figures.ts';
import type { ResponseSource } from '../../analytics/ports.ts';
import { RESEARCHER, ResultsService } from '../../analytics/service.ts';
import type { SurveyRecord } from '../../survey/ports.ts';
import { BUILT_IN_DEFINITIONS, DefinitionRegistry } from '../../survey/registry.ts';
import { median } from './idle.ts';

const WARM_RUNS = 7;

interface Context {
  readonly json: boolean;
  readonly log: (line: string) => void;
}

async function demoFigures(): Promise<Figure[]> {
  const registry = new DefinitionRegistry(BUILT_IN_DEFINITIONS);
  const definition = registry.defaultDefinition();
  const cohort = generateCohort(definition);
  const source: ResponseSource = {
    responses: async () => cohort,
    eachResponse: async (_id, visit) => {
      for (const r of cohort) visit({ status: r.status, cursor: r.cursor, answersJson: JSON.stringify(r.answers) });
      return cohort.length;
    },
  };
  const service = new ResultsService({ catalog: {} as never, definitions: registry, source, policy: { minCell: 5, minComplete: 10 } });
  const survey: SurveyRecord = { id: 'bench', communityId: 'bench', definitionId: definition.id, definitionVersion: definition.version, status: 'closed', openedDay: '2022-01-01', closedDay: '2022-03-01' };
  const overview = await service.overview(survey, RESEARCHER);
  const table = await service.table1(survey, RESEARCHER);
  if (!overview.ok || !table.ok) throw new Error('bench: no demo results');
  return [...overviewFigures(overview.value, 'en'), ...table1Figures(table.value, 'en')];
}

export default async function chart(context: Context): Promise<Record<string, unknown>> {
  const { renderChartPng, renderChartSvg } = await import('../../analytics/charts/index.ts');
  const figures = await demoFigures();
  const timings = new Map<string, number>();
  for (const figure of figures) {
    await renderChartPng(figure.spec); // warm-up
    const runs: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      const started = performance.now();
      await renderChartPng(figure.spec);
      runs.push(performance.now() - started);
    }
    timings.set(figure.name, median(runs));
  }
  const [slowest, slowestMs] = [...timings].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  const spec = figures.find((f) => f.name === slowest)?.spec;
  const svgRuns: number[] = [];
  for (let i = 0; spec && i < WARM_RUNS; i++) {
    const started = performance.now();
    renderChartSvg(spec);
    svgRuns.push(performance.now() - started);
  }
  const result = {
    pngMs: Number(slowestMs.toFixed(1)),
    slowest,
    medianOfAllMs: Number(median([...timings.values()]).toFixed(1)),
    figures: timings.size,
    svgOnlyMs: svgRuns.length > 0 ? Number(median(svgRuns).toFixed(1)) : null,
  };
  context.log(`chart: slowest PNG ${result.pngMs} ms (${slowest}; SVG alone ${result.svgOnlyMs} ms), median of ${result.figures} figures ${result.medianOfAllMs} ms`);
  return { chart: result };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await chart({ json: false, log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
