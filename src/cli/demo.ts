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
 * On a terminal, a line on stderr says how far seeding and drawing have gone.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateCohort } from '../analytics/demo/cohort.ts';
import { COHORT } from '../analytics/demo/targets.ts';
import { overviewFigures, renderFigures, table1Figures } from '../analytics/figures.ts';
import type { ImportedResponse } from '../analytics/ports.ts';
import { describeResultsError } from '../analytics/report/index.ts';
import { overviewText, table1Text } from '../analytics/report/text.ts';
import { RESEARCHER } from '../analytics/service.ts';
import type { App } from '../app.ts';
import { removeCommunity } from '../store/demo-community.ts';
import type { Language } from '../shared/language.ts';
import type { SurveyRecord } from '../survey/ports.ts';
import { DEMO_COMMUNITY, DEMO_PLATFORM, isMain, languageOption, openApp, parseOptions, run } from './common.ts';
import { createProgress, type Progress, type ProgressStream } from './progress.ts';

const USAGE = 'Usage: npm run demo -- [--out DIR] [--lang fr|en] [--reseed]';

const WORDS = {
  fr: {
    label: 'Démo',
    responses: 'réponses',
    charts: 'figures',
    generating: (count: number) => `génération de ${count.toLocaleString('fr-FR')} réponses…`,
    computing: 'calcul des résultats…',
  },
  en: {
    label: 'Demo',
    responses: 'responses',
    charts: 'charts',
    generating: (count: number) => `generating ${count.toLocaleString('en-US')} responses…`,
    computing: 'computing the results…',
  },
} as const;

/** Rows handed to the store at a time: its statements hold 500, and the line moves between them. */
const BATCH = 500;

/** A progress line for one stage of the demo, counting `total` units if it has any (silent off a terminal). */
type Stage = (counting?: { readonly unit: 'responses' | 'charts'; readonly total: number }) => Progress;

export async function demoCli(
  argv: readonly string[],
  out: (text: string) => void,
  err: (text: string) => void,
  env: Readonly<Record<string, string | undefined>> = process.env,
  progressStream: ProgressStream = { write: () => undefined },
): Promise<number> {
  const { values } = parseOptions(argv, { out: { type: 'string' }, lang: { type: 'string' }, reseed: { type: 'boolean' } });
  const app = await openApp(env);
  // The line of the stage under way, cleared however the run ends (an error then starts a clean line).
  let shown: Progress | undefined;
  try {
    const language = languageOption(values.lang, app);
    const W = WORDS[language];
    const stage: Stage = (counting) => {
      shown?.finish();
      shown = createProgress(progressStream, { label: W.label, unit: counting ? W[counting.unit] : '', ...(counting ? { total: counting.total } : {}) });
      return shown;
    };
    const { survey, seeded } = await seed(app, values.reseed ?? false, err, stage, language);
    const viewer = RESEARCHER;
    const computing = stage();
    computing.status(W.computing);
    const overview = await app.services.results.overview(survey, viewer);
    const table = await app.services.results.table1(survey, viewer);
    computing.finish();
    if (!overview.ok || !table.ok) {
      err(`${describeResultsError(language, overview.ok ? (table.ok ? { code: 'results.no_survey' } : table.error) : overview.error)}\n`);
      return 1;
    }
    out(`${overviewText(overview.value, language)}\n\n${table1Text(table.value, language)}\n`);
    const dir = values.out ?? path.join(app.config.DATA_DIR, 'demo');
    mkdirSync(dir, { recursive: true });
    const started = performance.now();
    const figures = [...overviewFigures(overview.value, language), ...table1Figures(table.value, language)];
    const drawing = stage({ unit: 'charts', total: figures.length });
    drawing.update(0);
    // One chart at a time (drawing is synchronous work either way), so the line can move.
    for (const [done, figure] of figures.entries()) {
      for (const file of await renderFigures([figure])) writeFileSync(path.join(dir, file.name), file.data);
      drawing.update(done + 1);
    }
    drawing.finish();
    err(`${seeded ? '' : 'Demo survey already seeded: reused. '}${figures.length} chart(s) written to ${dir} in ${Math.round(performance.now() - started)} ms.\n`);
    out(`\n${exploreText(language, dir)}\n`);
    return 0;
  } finally {
    shown?.finish();
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

async function seed(
  app: App,
  reseed: boolean,
  err: (text: string) => void,
  stage: Stage,
  language: Language,
): Promise<{ survey: SurveyRecord; seeded: boolean }> {
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
  const generating = stage();
  generating.status(WORDS[language].generating(COHORT.participants));
  const t0 = performance.now();
  const cohort = generateCohort(definition);
  const t1 = performance.now();
  generating.finish();
  const writing = stage({ unit: 'responses', total: cohort.length });
  const imported = await app.store.importer.importResponses(opened.id, inBatches(cohort, writing));
  writing.finish();
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

/** The cohort as batches the store takes one after the other, each counted once written. */
async function* inBatches(cohort: readonly ImportedResponse[], progress: Progress): AsyncIterable<readonly ImportedResponse[]> {
  for (let at = 0; at < cohort.length; at += BATCH) {
    yield cohort.slice(at, at + BATCH);
    progress.update(Math.min(at + BATCH, cohort.length));
  }
}

if (isMain(import.meta.url)) {
  run(() => demoCli(process.argv.slice(2), (t) => process.stdout.write(t), (t) => process.stderr.write(t), process.env, process.stderr), USAGE);
}
