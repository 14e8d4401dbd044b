/**
 * npm run import -- FILE.csv [--survey ID] [--lang fr|en] [--allow-duplicates]
 *
 * Imports responses into the only survey of the database (opened in the terminal community
 * if there is none) or into --survey ID: our export format or a Google Forms CSV, in UTF-8,
 * UTF-16 or Windows-1252, separated by `,`, `;` or tabs. The file is streamed (any size, in
 * bounded memory). All or nothing: the first 100 problems are reported with their line and
 * column, and then nothing is imported. A file (or rows) already imported into the survey is
 * refused unless --allow-duplicates. Imported responses are anonymous like any other (no
 * participant key, day precision).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import v8 from 'node:v8';
import { importNoticeText, importProblemText } from '../analytics/report/index.ts';
import { texts } from '../analytics/report/texts.ts';
import { importCsv } from '../analytics/transfer/stream.ts';
import { dayOf } from '../shared/day.ts';
import { chooseSurvey, isMain, languageOption, openApp, parseOptions, run, UsageError } from './common.ts';
import { createProgress, type ProgressStream } from './progress.ts';

const USAGE = 'Usage: npm run import -- FILE.csv [--survey ID] [--lang fr|en] [--allow-duplicates]';

export async function importCli(
  argv: readonly string[],
  out: (text: string) => void,
  err: (text: string) => void,
  env: Readonly<Record<string, string | undefined>> = process.env,
  progressStream: ProgressStream = { write: () => undefined },
): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    { survey: { type: 'string' }, lang: { type: 'string' }, 'allow-duplicates': { type: 'boolean' } },
    true,
  );
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError('give exactly one CSV file');
  const app = await openApp(env);
  try {
    const language = languageOption(values.lang, app);
    const T = texts(language);
    if (!existsSync(file) || !statSync(file).isFile()) {
      err(`${T.importNoFile({ file })}\n`);
      return 1;
    }
    const chosen = await chooseSurvey(app, values, language, true);
    if (!chosen.ok) {
      err(`${chosen.message}\n`);
      return 1;
    }
    const { survey } = chosen;
    const definition = app.services.definitions.forSurvey(survey);
    const size = statSync(file).size;
    const progress = createProgress(progressStream, { label: 'Import', unit: language === 'fr' ? 'lignes' : 'rows' });
    const outcome = await importCsv(
      definition,
      { open: () => createReadStream(file, { highWaterMark: 1 << 16 }), size },
      app.store.importer,
      {
        surveyId: survey.id,
        today: dayOf(app.now()),
        allowDuplicates: values['allow-duplicates'] ?? false,
        onProgress: (p) => progress.update(p.rows, p.totalBytes > 0 ? p.bytes / p.totalBytes : undefined),
      },
    );
    progress.finish();
    if (!outcome.ok && 'refusal' in outcome) {
      const refusal = outcome.refusal;
      err(`${refusal.code === 'import.file_already_imported' ? T['import.refusal.file_already_imported'] : T['import.refusal.rows_already_present']({ count: refusal.count })}\n`);
      return 1;
    }
    if (!outcome.ok) {
      const problems = outcome.problems;
      const counted = problems.filter((p) => p.code !== 'file.too_many_problems').length;
      const lines = [T.importRefused({ count: counted }), ...problems.map((p) => `  ${importProblemText(language, p)}`)];
      err(lines.join('\n') + '\n');
      return 1;
    }
    for (const notice of outcome.notices) err(`${importNoticeText(language, notice)}\n`);
    out(T.importDone({ count: outcome.imported, format: outcome.format === 'export' ? 'export Confrères' : 'Google Forms' }) + '\n');
    return 0;
  } finally {
    await app.close();
  }
}

/**
 * For a process that does nothing but import: V8 learns that a batch's rows outlive a young-
 * generation collection and starts allocating them straight in the old generation
 * (pretenuring), which then fills with dead rows between full collections (heap 150 MB
 * instead of 64 MB on the 200 MB benchmark file). Set before the first row is read.
 */
export function keepImportHeapSmall(): void {
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
}

if (isMain(import.meta.url)) {
  keepImportHeapSmall();
  run(() => importCli(process.argv.slice(2), (t) => process.stdout.write(t), (t) => process.stderr.write(t), process.env, process.stderr), USAGE);
}
