/**
 * npm run results -- [--item CODE] [--by GROUPING] [--table1] [--json] [--lang fr|en]
 *                    [--survey ID | --demo] [--charts DIR]
 *
 * Prints what /results shows (or /table1 with --table1), as text or as JSON for scripts, from
 * the local database, with a community admin's rights: the small-cell rule and the minimum of
 * complete responses apply as in the chat. --charts DIR also writes the PNG charts there.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { itemJsonText, overviewJson, table1Json } from '../analytics/report/json.ts';
import type { ResultsError } from '../analytics/service.ts';
import type { Language } from '../shared/language.ts';
import { RESEARCHER, ResultsService } from '../analytics/service.ts';
import { texts } from '../analytics/report/texts.ts';
import { loadConfig, type Config } from '../config.ts';
import { openResultsReader } from '../store/results-reader.ts';
import { BUILT_IN_DEFINITIONS, DefinitionRegistry } from '../survey/registry.ts';
import { appDirectory, chooseSurvey, isMain, languageOption, openApp, parseOptions, run, UsageError, type SurveyDirectory } from './common.ts';
import { communityLabel } from './surveys.ts';

const USAGE = 'Usage: npm run results -- [--item CODE] [--by GROUPING] [--table1] [--json] [--lang fr|en] [--survey ID | --demo] [--charts DIR]';

export async function resultsCli(
  argv: readonly string[],
  out: (text: string) => void,
  err: (text: string) => void,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const { values } = parseOptions(argv, {
    item: { type: 'string' },
    by: { type: 'string' },
    table1: { type: 'boolean' },
    json: { type: 'boolean' },
    lang: { type: 'string' },
    survey: { type: 'string' },
    demo: { type: 'boolean' },
    charts: { type: 'string' },
  });
  if (values.by && !values.item) throw new UsageError('--by needs --item');
  if (values.table1 && values.item) throw new UsageError('--table1 and --item go separately');
  const session = await openResults(env);
  try {
    const language = languageOption(values.lang, session);
    const chosen = await chooseSurvey(session.surveys, values, language);
    if (!chosen.ok) return fail(err, chosen.message);
    const { survey } = chosen;
    const { results } = session;
    const charts = values.charts !== undefined && !values.json;
    let rendered: { text: string; files: readonly { name: string; data: Buffer }[] };
    if (values.table1) {
      const result = await results.table1(survey, RESEARCHER);
      if (!result.ok) return fail(err, await describeError(language, result.error));
      rendered = values.json ? { text: table1Json(result.value, language), files: [] } : await (await report()).renderTable1(result.value, language, charts);
    } else if (values.item) {
      const result = await results.item(survey, RESEARCHER, values.item, values.by);
      if (!result.ok) return fail(err, await describeError(language, result.error));
      rendered = values.json ? { text: itemJsonText(result.value, language), files: [] } : await (await report()).renderItem(result.value, language, charts);
    } else {
      const result = await results.overview(survey, RESEARCHER);
      if (!result.ok) return fail(err, await describeError(language, result.error));
      rendered = values.json ? { text: overviewJson(result.value, language), files: [] } : await (await report()).renderOverview(result.value, language, charts);
    }
    // The chat's advice (/results item:…) as this command's options (--item …).
    const text = rendered.text.replace(texts(language).hint, texts(language).cliHint);
    out(text.endsWith('\n') ? text : `${text}\n`);
    if (charts && values.charts) {
      mkdirSync(values.charts, { recursive: true });
      for (const file of rendered.files) writeFileSync(path.join(values.charts, file.name), file.data);
      err(`${rendered.files.length} file(s) written to ${values.charts}\n`);
    }
    return 0;
  } finally {
    await session.close();
  }
}

interface ResultsSession {
  readonly config: Config;
  readonly results: ResultsService;
  readonly surveys: SurveyDirectory;
  close(): Promise<void>;
}

/**
 * The results over the configured database: read-only through the raw driver when the
 * database is ready for it (store/results-reader.ts), else through the whole application,
 * which migrates it and releases what a closed survey left in progress first. Both give the
 * same results: the same service reads the same rows.
 */
async function openResults(env: Readonly<Record<string, string | undefined>>): Promise<ResultsSession> {
  const config = loadConfig(env);
  const reader = await openResultsReader(config.databaseUrl);
  if (!reader) {
    const app = await openApp(env, config);
    return { config, results: app.services.results, surveys: appDirectory(app), close: () => app.close() };
  }
  const definitions = new DefinitionRegistry(BUILT_IN_DEFINITIONS, undefined, reader.forms);
  const results = new ResultsService({
    catalog: {
      currentSurvey: (communityId) => reader.currentSurvey(communityId),
      setLiveResults: () => Promise.reject(new Error('the results tool does not change settings')),
    },
    definitions,
    source: reader.source,
    policy: { minCell: config.RESULTS_MIN_CELL, minComplete: config.RESULTS_MIN_COMPLETE },
  });
  const surveys: SurveyDirectory = {
    findSurvey: (id) => reader.findSurvey(id),
    findCommunity: (platform, externalId) => reader.findCommunity(platform, externalId),
    currentSurvey: (communityId) => reader.currentSurvey(communityId),
    list: async () => (await reader.listSurveys()).map((s) => ({ ...s, community: communityLabel(s.community) })),
  };
  return { config, results, surveys, close: () => reader.close() };
}

/** The text and chart renderers: --json prints without them, and skips loading them. */
const report = () => import('../analytics/report/index.ts');

async function describeError(language: Language, error: ResultsError): Promise<string> {
  return (await report()).describeResultsError(language, error);
}

function fail(err: (text: string) => void, message: string): number {
  err(`${message}\n`);
  return 1;
}

if (isMain(import.meta.url)) {
  run(() => resultsCli(process.argv.slice(2), (t) => process.stdout.write(t), (t) => process.stderr.write(t)), USAGE);
}
