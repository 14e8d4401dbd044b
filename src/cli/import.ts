/**
 * npm run import -- FILE.csv [--survey ID] [--lang fr|en]
 *
 * Imports responses into the terminal community's current survey (opened if there is none)
 * or into --survey ID: our export format or a Google Forms CSV. All or nothing: every header
 * or value that cannot be mapped is reported with its line and column, and then nothing is
 * imported. Imported responses are anonymous like any other (no participant key, day
 * precision).
 */
import { existsSync, readFileSync } from 'node:fs';
import { importProblemText } from '../analytics/report/index.ts';
import { texts } from '../analytics/report/texts.ts';
import { parseImport } from '../analytics/transfer/import.ts';
import { dayOf } from '../shared/day.ts';
import { isMain, languageOption, openApp, parseOptions, run, selectSurvey, UsageError } from './common.ts';

const USAGE = 'Usage: npm run import -- FILE.csv [--survey ID] [--lang fr|en]';
/** Beyond this many, the rest of the problems are counted, not listed. */
const LISTED_PROBLEMS = 100;

export async function importCli(
  argv: readonly string[],
  out: (text: string) => void,
  err: (text: string) => void,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const { values, positionals } = parseOptions(argv, { survey: { type: 'string' }, lang: { type: 'string' } }, true);
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError('give exactly one CSV file');
  if (!existsSync(file)) {
    err(`No such file: ${file}\n`);
    return 1;
  }
  const text = readFileSync(file, 'utf8');
  const app = await openApp(env);
  try {
    const language = languageOption(values.lang, app);
    const T = texts(language);
    const survey = await selectSurvey(app, values, true);
    if (!survey) {
      err('No survey found.\n');
      return 1;
    }
    const definition = app.services.definitions.forSurvey(survey);
    const parsed = parseImport(definition, text, dayOf(app.now()));
    if (!parsed.ok) {
      const problems = parsed.error;
      const lines = [T.importRefused({ count: problems.length }), ...problems.slice(0, LISTED_PROBLEMS).map((p) => `  ${importProblemText(language, p)}`)];
      if (problems.length > LISTED_PROBLEMS) lines.push(`  ${T.importMore({ count: problems.length - LISTED_PROBLEMS })}`);
      err(lines.join('\n') + '\n');
      return 1;
    }
    const imported = await app.store.importer.importResponses(survey.id, parsed.value.responses);
    if (!imported.ok) throw new Error(`Import refused: ${imported.error.code}`);
    const count = imported.value;
    out(T.importDone({ count, format: parsed.value.format === 'export' ? 'export Confrères' : 'Google Forms' }) + '\n');
    return 0;
  } finally {
    await app.close();
  }
}

if (isMain(import.meta.url)) {
  run(() => importCli(process.argv.slice(2), (t) => process.stdout.write(t), (t) => process.stderr.write(t)), USAGE);
}
