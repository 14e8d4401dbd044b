/**
 * npm run export -- --out DIR [--survey ID | --demo] [--excel | --redcap] [--lang fr|en]
 *
 * Writes DIR/responses.csv (one row per participant, one column per item code, a 0/1 column
 * per choice of a multiple choice, scale values as integers, empty when not answered, a
 * `complete` column) and DIR/codebook.csv (code, type, labels, choices), ready for R:
 *   d <- read.csv("responses.csv", na.strings = "", encoding = "UTF-8")
 * --excel adds a UTF-8 byte-order mark so Excel shows accents correctly, and neutralises cells
 * that a spreadsheet would run as formulas (a leading apostrophe before =, +, -, @, tab or
 * carriage return); without it the text is exact. The researcher owns the database, so no
 * minimum of responses applies here (unlike /export in the chat).
 * --redcap writes DIR/redcap-records.csv (REDCap's Data Import Tool) and DIR/redcap-dictionary.csv.
 * On a terminal, a line on stderr counts the responses read, then says they are being formatted.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ResponseSource } from '../analytics/ports.ts';
import { ResultsService } from '../analytics/service.ts';
import { toExcelCsv } from '../analytics/transfer/excel.ts';
import type { App } from '../app.ts';
import { chooseSurvey, isMain, languageOption, openApp, parseOptions, run, UsageError } from './common.ts';
import { createProgress, type Progress, type ProgressStream } from './progress.ts';

const USAGE = 'Usage: npm run export -- --out DIR [--survey ID | --demo] [--excel | --redcap] [--lang fr|en]';

const WORDS = {
  fr: {
    written: (count: number, files: string) => `${count} réponse(s) → ${files}`,
    responses: 'réponses',
    formatting: (count: number) => `mise en forme de ${count.toLocaleString('fr-FR')} réponses…`,
  },
  en: {
    written: (count: number, files: string) => `${count} response(s) → ${files}`,
    responses: 'responses',
    formatting: (count: number) => `formatting ${count.toLocaleString('en-US')} responses…`,
  },
} as const;

export async function exportCli(
  argv: readonly string[],
  out: (text: string) => void,
  err: (text: string) => void,
  env: Readonly<Record<string, string | undefined>> = process.env,
  progressStream: ProgressStream = { write: () => undefined },
): Promise<number> {
  const { values } = parseOptions(argv, {
    out: { type: 'string' },
    survey: { type: 'string' },
    demo: { type: 'boolean' },
    excel: { type: 'boolean' },
    redcap: { type: 'boolean' },
    lang: { type: 'string' },
  });
  if (!values.out) throw new UsageError('--out DIR is required');
  const app = await openApp(env);
  let progress: Progress | undefined;
  try {
    const language = languageOption(values.lang, app);
    const chosen = await chooseSurvey(app, values, language);
    if (!chosen.ok) {
      err(`${chosen.message}\n`);
      return 1;
    }
    const { survey } = chosen;
    const W = WORDS[language];
    progress = createProgress(progressStream, { label: 'Export', unit: W.responses });
    const results = countingResults(app, progress, W.formatting);
    if (values.redcap) {
      // REDCap's Data Import Tool: records with fresh random ids, and the dictionary they match.
      const redcap = await results.exportRedcap(survey, null, language);
      progress.finish();
      if (!redcap.ok) {
        err(`${redcap.error.code}\n`);
        return 1;
      }
      mkdirSync(values.out, { recursive: true });
      writeFileSync(path.join(values.out, 'redcap-records.csv'), redcap.value.records);
      writeFileSync(path.join(values.out, 'redcap-dictionary.csv'), redcap.value.dictionary);
      out(`${W.written(redcap.value.count, `${path.join(values.out, 'redcap-records.csv')}, ${path.join(values.out, 'redcap-dictionary.csv')}`)}\n`);
      return 0;
    }
    const files = await results.exportAll(survey);
    progress.finish();
    const flavour = values.excel ? toExcelCsv : (csv: string) => csv;
    mkdirSync(values.out, { recursive: true });
    writeFileSync(path.join(values.out, 'responses.csv'), flavour(files.responses));
    writeFileSync(path.join(values.out, 'codebook.csv'), flavour(files.codebook));
    out(`${W.written(files.count, `${path.join(values.out, 'responses.csv')}, ${path.join(values.out, 'codebook.csv')}`)}\n`);
    return 0;
  } finally {
    progress?.finish();
    await app.close();
  }
}

/**
 * The application's results service, reading through a source that counts the rows for the
 * progress line: the service reads and formats in one call, and the rows it reads are the only
 * count there is (no total known beforehand, so no time left). Formatting comes after the last
 * row, said as such.
 */
function countingResults(app: App, progress: Progress, formatting: (count: number) => string): ResultsService {
  const stored = app.store.source;
  const source: ResponseSource = {
    responses: (surveyId) => stored.responses(surveyId),
    async eachResponse(surveyId, visit) {
      let rows = 0;
      const count = await stored.eachResponse(surveyId, (row) => {
        visit(row);
        // Every 500 rows: cheap, and the first rate shown is over more than one row.
        if (++rows % 500 === 0) progress.update(rows);
      });
      progress.status(formatting(count));
      return count;
    },
  };
  const { catalog, definitions, results } = app.services;
  return new ResultsService({ catalog, definitions, source, policy: results.policy });
}

if (isMain(import.meta.url)) {
  run(() => exportCli(process.argv.slice(2), (t) => process.stdout.write(t), (t) => process.stderr.write(t), process.env, process.stderr), USAGE);
}
