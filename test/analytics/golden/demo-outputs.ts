/**
 * Every result the bot can print about the demo cohort (the study's 1,451 synthetic
 * respondents): the overview, Table 1, and each item alone and against each grouping, as the
 * JSON of `npm run results -- --json`, plus the raw counts and tests behind them. Hashed per
 * query so that the committed fixture stays small and a mismatch names the query.
 */
import { createHash } from 'node:crypto';
import { generateCohort } from '../../../src/analytics/demo/cohort.ts';
import { itemJsonText, overviewJson, table1Json } from '../../../src/analytics/report/json.ts';
import { RESEARCHER, ResultsService } from '../../../src/analytics/service.ts';
import { compareItem } from '../../../src/analytics/subgroups.ts';
import { participation, summarizeAll } from '../../../src/analytics/summaries.ts';
import { groupingCodes, prepareRows } from '../../../src/analytics/variables.ts';
import type { SurveyRecord } from '../../../src/survey/ports.ts';
import { BUILT_IN_DEFINITIONS, DefinitionRegistry } from '../../../src/survey/registry.ts';
import { arraySource } from '../fixture.ts';

export const GOLDEN_PATH = new URL('./demo-golden.json', import.meta.url);

/**
 * Groupings whose published comparisons are recorded: Table 1's, and one of each kind of
 * link (25 specialties, the skip-rule item). Raw counts and tests cover every grouping.
 */
const PUBLISHED_GROUPINGS = new Set(['gp', 'underserved', 'age_group', 'sought_opinion', 'q3', 'q9']);

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

export interface DemoOutputs {
  /** Published JSON per query ("overview", "table1", "q13", "q13 by gp"), hashed. */
  readonly published: Record<string, string>;
  /** Raw counts before the small-cell rule: participation, summaries, each comparison's table. */
  readonly counts: Record<string, string>;
  /** Raw tests of each comparison (statistic, p, method, V). */
  readonly tests: Record<string, string>;
  /** The overview and Table 1 JSON in full, to read a difference. */
  readonly overview: string;
  readonly table1: string;
}

export async function demoOutputs(): Promise<DemoOutputs> {
  const registry = new DefinitionRegistry(BUILT_IN_DEFINITIONS);
  const definition = registry.defaultDefinition();
  const survey: SurveyRecord = {
    id: 'demo',
    communityId: 'c',
    definitionId: definition.id,
    definitionVersion: definition.version,
    status: 'closed',
    openedDay: '2022-01-01',
    closedDay: '2022-03-01',
  };
  const cohort = generateCohort(definition);
  const service = new ResultsService({
    catalog: {} as never,
    definitions: registry,
    source: arraySource(cohort),
    policy: { minCell: 5, minComplete: 10 },
  });
  const published: Record<string, string> = {};
  const overview = await service.overview(survey, RESEARCHER);
  if (!overview.ok) throw new Error(overview.error.code);
  const overviewText = overviewJson(overview.value, 'en');
  published.overview = hash(overviewText);
  const table1 = await service.table1(survey, RESEARCHER);
  if (!table1.ok) throw new Error(table1.error.code);
  const table1Text = table1Json(table1.value, 'en');
  published.table1 = hash(table1Text);
  const rows = prepareRows(definition, cohort);
  const counts: Record<string, string> = {
    participation: hash(JSON.stringify(participation(definition, rows))),
    summaries: hash(JSON.stringify(summarizeAll(definition, rows))),
  };
  const tests: Record<string, string> = {};
  const codes = [...definition.items.map((i) => i.code), ...definition.derived.map((d) => d.code)];
  for (const code of codes) {
    for (const by of [undefined, ...groupingCodes(definition)]) {
      const key = by === undefined ? code : `${code} by ${by}`;
      if (by === undefined || PUBLISHED_GROUPINGS.has(by)) {
        const result = await service.item(survey, RESEARCHER, code, by);
        published[key] = result.ok ? hash(itemJsonText(result.value, 'en')) : `error ${result.error.code}`;
      }
      if (by === undefined) continue;
      const compared = compareItem(definition, rows, code, by);
      if (!compared.ok) continue;
      counts[key] = hash(JSON.stringify(compared.comparisons.map((c) => [c.outcome.code, c.counts, c.n])));
      tests[key] = hash(JSON.stringify(compared.comparisons.map((c) => c.test)));
    }
  }
  return { published, counts, tests, overview: overviewText, table1: table1Text };
}
