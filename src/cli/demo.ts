/**
 * npm run demo -- [--out DIR] [--lang fr|en] [--reseed]
 *
 * Seeds the synthetic cohort (1,451 participants, 989 complete, answers following the study's
 * published figures; src/analytics/demo) into its own community ("demo" platform) of the
 * configured database, closes that survey as the study's was, prints the overview and Table 1,
 * and writes the study's figures as PNG files to DIR (default ./data/demo).
 *
 * Idempotent: the cohort is deterministic, so when the demo survey already holds it (same
 * numbers of participants and complete responses) it is reused as is; otherwise, or with
 * --reseed, the demo community is deleted and seeded again. Other communities are untouched.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateCohort } from '../analytics/demo/cohort.ts';
import { COHORT } from '../analytics/demo/targets.ts';
import { overviewFigures, renderFigures, table1Figures } from '../analytics/figures.ts';
import { describeResultsError } from '../analytics/report/index.ts';
import { overviewText, table1Text } from '../analytics/report/text.ts';
import { RESEARCHER } from '../analytics/service.ts';
import type { App } from '../app.ts';
import { removeCommunity } from '../store/demo-community.ts';
import type { Language } from '../shared/language.ts';
import type { SurveyRecord } from '../survey/ports.ts';
import { DEMO_COMMUNITY, DEMO_PLATFORM, isMain, languageOption, openApp, parseOptions, run } from './common.ts';

const USAGE = 'Usage: npm run demo -- [--out DIR] [--lang fr|en] [--reseed]';

export async function demoCli(
  argv: readonly string[],
  out: (text: string) => void,
  err: (text: string) => void,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const { values } = parseOptions(argv, { out: { type: 'string' }, lang: { type: 'string' }, reseed: { type: 'boolean' } });
  const app = await openApp(env);
  try {
    const language = languageOption(values.lang, app);
    const { survey, seeded } = await seed(app, values.reseed ?? false, err);
    const viewer = RESEARCHER;
    const overview = await app.services.results.overview(survey, viewer);
    const table = await app.services.results.table1(survey, viewer);
    if (!overview.ok || !table.ok) {
      err(`${describeResultsError(language, overview.ok ? (table.ok ? { code: 'results.no_survey' } : table.error) : overview.error)}\n`);
      return 1;
    }
    out(`${overviewText(overview.value, language)}\n\n${table1Text(table.value, language)}\n`);
    const dir = values.out ?? path.join(app.config.DATA_DIR, 'demo');
    mkdirSync(dir, { recursive: true });
    const started = performance.now();
    const files = await renderFigures([...overviewFigures(overview.value, language), ...table1Figures(table.value, language)]);
    for (const file of files) writeFileSync(path.join(dir, file.name), file.data);
    err(`${seeded ? '' : 'Demo survey already seeded: reused. '}${files.length} chart(s) written to ${dir} in ${Math.round(performance.now() - started)} ms.\n`);
    out(`\n${exploreText(language, dir)}\n`);
    return 0;
  } finally {
    await app.close();
  }
}

/** The demo's last words: the exact commands to go on with (the demo is a survey like any other, reached with --demo). */
export function exploreText(language: Language, chartsDir: string): string {
  const lines =
    language === 'fr'
      ? ['Pour explorer la démonstration :', `  (figures : ${chartsDir})`]
      : ['To explore the demo:', `  (figures: ${chartsDir})`];
  const commands = [
    `npm run results -- --demo --lang ${language}`,
    `npm run results -- --demo --table1 --lang ${language}`,
    `npm run results -- --demo --item q13 --by gp --lang ${language}`,
    `npm run results -- --demo --item q21 --charts ${path.join(chartsDir, 'q21')}`,
    `npm run export -- --demo --out ${path.join(chartsDir, 'export')}`,
  ];
  return [lines[0], ...commands.map((c) => `  ${c}`), lines[1]].join('\n');
}

async function seed(app: App, reseed: boolean, err: (text: string) => void): Promise<{ survey: SurveyRecord; seeded: boolean }> {
  const { catalog, definitions } = app.services;
  const existing = await catalog.findCommunity(DEMO_PLATFORM, DEMO_COMMUNITY);
  const current = existing && (await catalog.currentSurvey(existing.id));
  if (current && !reseed) {
    const counts = await catalog.countResponses(current.id);
    if (counts.participants === COHORT.participants && counts.complete === COHORT.complete) return { survey: current, seeded: false };
  }
  await removeCommunity(app.db, DEMO_PLATFORM, DEMO_COMMUNITY);
  const definition = definitions.defaultDefinition();
  const community = await catalog.ensureCommunity(DEMO_PLATFORM, DEMO_COMMUNITY, 'Démo — étude BMC Med Educ 2024', COHORT.firstDay);
  const opened = await catalog.openSurvey(community.id, definition.id, definition.version, COHORT.firstDay);
  if (!opened) throw new Error('The demo community already has an open survey');
  const t0 = performance.now();
  const cohort = generateCohort(definition);
  const t1 = performance.now();
  const imported = await app.store.importer.importResponses(opened.id, cohort);
  if (!imported.ok) throw new Error(`Demo import refused: ${imported.error.code}`);
  const count = imported.value;
  const t2 = performance.now();
  await catalog.closeSurvey(opened.id, COHORT.lastDay);
  const answers = cohort.reduce((s, r) => s + Object.keys(r.answers).length, 0);
  err(`Seeded ${count} responses (${answers} answers): generated in ${Math.round(t1 - t0)} ms, written in ${Math.round(t2 - t1)} ms.\n`);
  const survey = await catalog.findSurvey(opened.id);
  if (!survey) throw new Error('The demo survey vanished after seeding');
  return { survey, seeded: true };
}

if (isMain(import.meta.url)) {
  run(() => demoCli(process.argv.slice(2), (t) => process.stdout.write(t), (t) => process.stderr.write(t)), USAGE);
}
