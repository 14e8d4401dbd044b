/**
 * Bench: `npm run results` (overview) and `--table1` on the demo cohort (1,451 respondents)
 * and on 69 demo cohorts of other seeds (100,119 respondents), each in its own temporary
 * SQLite database seeded through the demo's code path (generateCohort + the importer).
 *
 * - wholeProcessS, peakRssMb: the compiled CLI (`node dist/src/cli/results.js --demo --json`)
 *   from spawn to exit, and its peak RSS (GNU time's %M, else /proc's VmHWM polled).
 * - analysisS (overviewAnalysisS): reading the stored responses and computing Table 1 (the
 *   overview) with its JSON, inside this process through the application's store, after
 *   the seeding (start-up and module loading excluded). The code is warm here: each run's
 *   overview has run Table 1's reading before it.
 * - analysisFreshProcessS: the same Table 1 as the command line computes it, timed inside a
 *   fresh process (the compiled modules: CHILD below) from the start of the database read
 *   to the JSON written on stdout; start-up, module loading and opening the database left
 *   out, as R's start-up is. One analysis per process, as a researcher's run: the code is
 *   not yet optimized by V8 (measured at 100k respondents: within 0–25 % of the figure
 *   above, mostly the higher; at 1,451 respondents, twice the figure above).
 * - With Rscript on the PATH: the same analysis in R on the CSV `npm run export` writes (item
 *   counts with Wilson intervals, mean/median/SD of 0–10 items; Table 1 with chisq.test,
 *   fisher.test — simulated with B = 2000 where the exact one is too large — Cramér's V and
 *   Holm), whole process and its analysis step (read.csv included, as ours includes the
 *   database read), and the ratios ours / R's. Without Rscript those are null and `skipped`
 *   says why. Medians of RUNS rounds, each measuring every side once (R included).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCohort } from '../../analytics/demo/cohort.ts';
import { COHORT } from '../../analytics/demo/targets.ts';
import { overviewJson, table1Json } from '../../analytics/report/json.ts';
import { RESEARCHER } from '../../analytics/service.ts';
import { table1 } from '../../analytics/subgroups.ts';
import { groupingVariable, prepareRows } from '../../analytics/variables.ts';
import { createApp, type App } from '../../app.ts';
import { DEMO_COMMUNITY, DEMO_PLATFORM } from '../../cli/common.ts';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../shared/logger.ts';
import type { Definition } from '../../survey/definition.ts';
import type { SurveyRecord } from '../../survey/ports.ts';
import { median, terminalEnv } from './idle.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RESULTS_JS = path.join(ROOT, 'dist', 'src', 'cli', 'results.js');
const ALL_SIZES = [{ key: '1451', cohorts: 1 }, { key: '100000', cohorts: 69 }] as const;
/** BENCH_RESULTS_SIZES=1451 runs the small size alone (a quick check). */
const SIZES = ALL_SIZES.filter((s) => !process.env.BENCH_RESULTS_SIZES || process.env.BENCH_RESULTS_SIZES.split(',').includes(s.key));
const RUNS = 3;

/**
 * One Table 1 in a fresh process, as dist/src/cli/results.js computes it (the read-only
 * reader, the results service, the JSON). argv: dist folder, survey id; the database from
 * the environment. Prints the JSON, then `ANALYSIS_S seconds` on its last line.
 */
const CHILD = `
const [dist, surveyId] = process.argv.slice(1);
const load = (file) => import(new URL(file, 'file://' + dist + '/src/').href);
const { loadConfig } = await load('config.js');
const { openResultsReader } = await load('store/results-reader.js');
const { BUILT_IN_DEFINITIONS, DefinitionRegistry } = await load('survey/registry.js');
const { ResultsService, RESEARCHER } = await load('analytics/service.js');
const { table1Json } = await load('analytics/report/json.js');
await load('analytics/subgroups.js');
const config = loadConfig(process.env);
const reader = await openResultsReader(config.databaseUrl);
if (!reader) throw new Error('the results reader refused the database');
const definitions = new DefinitionRegistry(BUILT_IN_DEFINITIONS, undefined, reader.forms);
const results = new ResultsService({ catalog: { currentSurvey: async () => null, setLiveResults: async () => undefined }, definitions, source: reader.source, policy: { minCell: config.RESULTS_MIN_CELL, minComplete: config.RESULTS_MIN_COMPLETE } });
const survey = await reader.findSurvey(surveyId);
if (!survey) throw new Error('no survey ' + surveyId);
const started = performance.now();
const table = await results.table1(survey, RESEARCHER);
if (!table.ok) throw new Error(table.error.code);
const json = table1Json(table.value, 'en');
await new Promise((resolve) => process.stdout.write(json + '\\n', resolve));
const seconds = (performance.now() - started) / 1000;
await reader.close();
process.stdout.write('ANALYSIS_S ' + seconds.toFixed(4) + '\\n');
`;

/** analysisS: CHILD's figure, one process. */
async function analysisInChild(surveyId: string, env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, path.join(ROOT, 'dist'), surveyId], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let errors = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (errors += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const seconds = Number(/ANALYSIS_S ([\d.]+)\n$/.exec(output)?.[1]);
  if (code !== 0 || !Number.isFinite(seconds)) throw new Error(`analysis child failed: ${errors.slice(-400)}`);
  return seconds;
}

interface Context {
  readonly json: boolean;
  readonly log: (line: string) => void;
}

interface Timed {
  readonly seconds: number;
  readonly peakRssMb: number | null;
}

function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs a command to completion: wall seconds and peak RSS (GNU time when there, else polled). */
function timeProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Timed> {
  const gnuTime = existsSync('/usr/bin/time');
  const started = performance.now();
  const child = gnuTime
    ? spawn('/usr/bin/time', ['-f', 'PEAK_KB %M', command, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(command, [...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`${command} exited with ${code}: ${errors.slice(-400)}`));
      const kb = /PEAK_KB (\d+)/.exec(errors)?.[1];
      resolve({ seconds, peakRssMb: kb ? Number(kb) / 1024 : null });
    });
  });
}

async function seed(app: App, cohorts: number): Promise<SurveyRecord> {
  const { catalog, definitions } = app.services;
  const definition = definitions.defaultDefinition();
  const community = await catalog.ensureCommunity(DEMO_PLATFORM, DEMO_COMMUNITY, 'Bench', COHORT.firstDay);
  const survey = await catalog.openSurvey(community.id, definition.id, definition.version, COHORT.firstDay);
  if (!survey) throw new Error('bench: the demo community already has an open survey');
  async function* batches() {
    for (let c = 0; c < cohorts; c++) yield generateCohort(definition, c === 0 ? undefined : 1000 + c);
  }
  const imported = await app.store.importer.importResponses(survey.id, batches());
  if (!imported.ok) throw new Error(`bench: import refused (${imported.error.code})`);
  await catalog.closeSurvey(survey.id, COHORT.lastDay);
  const closed = await catalog.findSurvey(survey.id);
  if (!closed) throw new Error('bench: the survey vanished');
  return closed;
}

/** The R script: the same analysis on the exported CSV, printing its analysis time. */
function rScript(definition: Definition): string {
  const rows = table1(definition, prepareRows(definition, [])).rows.map((r) => r.outcome.code);
  const lines: string[] = [
    'args <- commandArgs(trailingOnly = TRUE)',
    'started <- proc.time()[["elapsed"]]',
    'd <- read.csv(args[1], na.strings = "", encoding = "UTF-8", stringsAsFactors = FALSE)',
    'd <- d[d$complete == 1, ]',
    'wilson <- function(tab) { n <- sum(tab); if (n > 0) for (k in tab) prop.test(k, n, correct = FALSE)$conf.int }',
  ];
  for (const item of definition.items) {
    if (item.type === 'single') lines.push(`wilson(table(d[["${item.code}"]]))`);
    if (item.type === 'scale') {
      lines.push(`x <- d[["${item.code}"]]; x <- x[!is.na(x)]`, 'wilson(table(cut(x, c(-Inf, 4, 7, Inf))))', 'c(mean(x), median(x), sd(x))');
    }
    if (item.type === 'multi') {
      for (const c of item.choices) lines.push(`x <- d[["${item.code}__${c.code}"]]; x <- x[!is.na(x)]; prop.test(sum(x), length(x), correct = FALSE)$conf.int`);
    }
  }
  // Derived variables: each choice of its source mapped to a category, as the definition says.
  for (const d of definition.derived) {
    const variable = groupingVariable(definition, d.code);
    if (!variable) continue;
    if (d.type === 'recode') {
      const map = Object.entries(d.map).map(([from, to]) => `"${from}" = "${to}"`).join(', ');
      lines.push(`d[["${d.code}"]] <- unname(c(${map})[d[["${d.from}"]]])`);
    } else {
      const expression = d.expression.replace(/'/g, '"');
      const refs = [...new Set(expression.match(/\bq\d+\b/g) ?? [])];
      const scope = refs.map((r) => `${r} <- d[["${r}"]]`).join('; ');
      lines.push(`local({ ${scope}; v <- (${expression.replace(/\band\b/g, '&').replace(/\bor\b/g, '|')}); d[["${d.code}"]] <<- ifelse(v, "true", "false") })`);
    }
  }
  lines.push(
    'outcome <- function(code) { x <- d[[code]]; if (is.numeric(x) && max(x, na.rm = TRUE) > 1) ifelse(is.na(x), NA, ifelse(x >= 8, "high", "low")) else x }',
    'ps <- c()',
    `for (o in c(${rows.map((r) => `"${r}"`).join(', ')})) for (g in c("gp", "underserved", "age_group")) {`,
    '  tab <- table(d[[g]], outcome(o)); tab <- tab[rowSums(tab) > 0, colSums(tab) > 0, drop = FALSE]',
    '  if (nrow(tab) < 2 || ncol(tab) < 2) next',
    '  chi <- suppressWarnings(chisq.test(tab)); v <- sqrt(suppressWarnings(chisq.test(tab, correct = FALSE))$statistic / (sum(tab) * (min(dim(tab)) - 1)))',
    '  p <- chi$p.value',
    '  if (min(chi$expected) < 5) p <- if (all(dim(tab) == 2) || min(dim(tab)) == 2 && max(dim(tab)) <= 7) fisher.test(tab)$p.value else fisher.test(tab, simulate.p.value = TRUE, B = 2000)$p.value',
    '  ps <- c(ps, p)',
    '}',
    'invisible(p.adjust(ps, "holm"))',
    'cat(sprintf("ANALYSIS_S %.4f\\n", proc.time()[["elapsed"]] - started))',
  );
  return lines.join('\n') + '\n';
}

async function rRun(script: string, csv: string): Promise<{ whole: number; analysis: number }> {
  const started = performance.now();
  const child = spawn('Rscript', ['--vanilla', script, csv], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let errors = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (errors += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const whole = (performance.now() - started) / 1000;
  const analysis = Number(/ANALYSIS_S ([\d.]+)/.exec(output)?.[1]);
  if (code !== 0 || !Number.isFinite(analysis)) throw new Error(`Rscript failed: ${errors.slice(-400)}`);
  return { whole, analysis };
}

const round = (value: number | null, digits = 3) => (value === null ? null : Number(value.toFixed(digits)));
const ratio = (ours: number | null, theirs: number | null) => (ours === null || theirs === null || theirs === 0 ? null : round(ours / theirs, 2));

export default async function results(context: Context): Promise<Record<string, unknown>> {
  const compiled = existsSync(RESULTS_JS);
  const withR = has('Rscript');
  const skipped = [
    ...(compiled ? [] : ['whole process: dist/ is not built (npm run build)']),
    ...(withR ? [] : ['R comparison: Rscript is not on the PATH']),
  ];
  const out: Record<string, unknown> = {};
  const base = mkdtempSync(path.join(tmpdir(), 'confreres-bench-results-'));
  try {
    for (const size of SIZES) {
      const dataDir = path.join(base, size.key);
      mkdirSync(dataDir, { recursive: true });
      const env = terminalEnv(dataDir);
      const app = await createApp(loadConfig(env), { logger: createLogger('silent') });
      let respondents = 0;
      const figures: Record<string, unknown> = {};
      try {
        const seeding = performance.now();
        const survey = await seed(app, size.cohorts);
        const definition = await app.services.definitions.ensureFor(survey);
        respondents = (await app.services.catalog.countResponses(survey.id)).participants;
        context.log(`results: ${respondents} respondents seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
        let rFiles: { script: string; csv: string } | null = null;
        if (withR) {
          const files = await app.services.results.exportAll(survey);
          rFiles = { csv: path.join(dataDir, 'responses.csv'), script: path.join(dataDir, 'bench.R') };
          writeFileSync(rFiles.csv, files.responses);
          writeFileSync(rFiles.script, rScript(definition));
        }
        // Each round measures every side once, R included: a burst of load on the shared
        // machine falls on both sides of a ratio rather than on one.
        const analysis = { overview: [] as number[], table1: [] as number[] };
        const whole = { overview: [] as Timed[], table1: [] as Timed[] };
        const fresh: number[] = [];
        const r: { whole: number; analysis: number }[] = [];
        for (let run = 0; run < RUNS; run++) {
          let t = performance.now();
          const overview = await app.services.results.overview(survey, RESEARCHER);
          if (overview.ok) overviewJson(overview.value, 'en');
          analysis.overview.push((performance.now() - t) / 1000);
          t = performance.now();
          const table = await app.services.results.table1(survey, RESEARCHER);
          if (table.ok) table1Json(table.value, 'en');
          analysis.table1.push((performance.now() - t) / 1000);
          if (compiled) {
            whole.overview.push(await timeProcess(process.execPath, [RESULTS_JS, '--demo', '--json'], env));
            whole.table1.push(await timeProcess(process.execPath, [RESULTS_JS, '--demo', '--json', '--table1'], env));
            fresh.push(await analysisInChild(survey.id, env));
          }
          if (rFiles) r.push(await rRun(rFiles.script, rFiles.csv));
        }
        const med = (xs: readonly number[]) => (xs.length === 0 ? null : median(xs));
        const wholeTable1 = med(whole.table1.map((w) => w.seconds));
        const wholeOverview = med(whole.overview.map((w) => w.seconds));
        const rWhole = med(r.map((x) => x.whole));
        const rAnalysis = med(r.map((x) => x.analysis));
        const analysisTable1 = med(analysis.table1);
        const analysisFresh = med(fresh);
        const analysisOverview = med(analysis.overview);
        const peaks = [...whole.table1, ...whole.overview].map((w) => w.peakRssMb).filter((v): v is number => v !== null);
        Object.assign(figures, {
          respondents,
          wholeProcessS: round(wholeTable1),
          analysisS: round(analysisTable1),
          analysisFreshProcessS: round(analysisFresh),
          overviewWholeProcessS: round(wholeOverview),
          overviewAnalysisS: round(analysisOverview),
          peakRssMb: peaks.length > 0 ? round(Math.max(...peaks), 1) : null,
          rWholeProcessS: round(rWhole),
          rAnalysisS: round(rAnalysis),
          wholeProcessVsR: ratio(wholeTable1, rWhole),
          overviewWholeProcessVsR: ratio(wholeOverview, rWhole),
          analysisVsR: ratio(analysisTable1, rAnalysis),
          analysisFreshProcessVsR: ratio(analysisFresh, rAnalysis),
          ...(skipped.length > 0 ? { skipped: skipped.join('; ') } : {}),
        });
        context.log(
          `results ${size.key}: table1 ${figures.wholeProcessS} s whole (R ${figures.rWholeProcessS} s), analysis ${figures.analysisS} s (in a fresh process ${figures.analysisFreshProcessS} s; R ${figures.rAnalysisS} s), overview ${figures.overviewWholeProcessS} s, peak ${figures.peakRssMb} MB`,
        );
      } finally {
        await app.close();
      }
      out[size.key] = figures;
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
  return { results: out };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await results({ json: false, log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}
