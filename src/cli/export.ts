/**
 * npm run export -- --out DIR [--survey ID | --demo] [--excel]
 *
 * Writes DIR/responses.csv (one row per participant, one column per item code, a 0/1 column
 * per choice of a multiple choice, scale values as integers, empty when not answered, a
 * `complete` column) and DIR/codebook.csv (code, type, labels, choices), ready for R:
 *   d <- read.csv("responses.csv", na.strings = "", encoding = "UTF-8")
 * --excel adds a UTF-8 byte-order mark so Excel shows accents correctly, and neutralises cells
 * that a spreadsheet would run as formulas (a leading apostrophe before =, +, -, @, tab or
 * carriage return); without it the text is exact. The researcher owns
 * the database, so no minimum of responses applies here (unlike /export in the chat).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toExcelCsv } from '../analytics/transfer/excel.ts';
import { chooseSurvey, isMain, languageOption, openApp, parseOptions, run, UsageError } from './common.ts';

const USAGE = 'Usage: npm run export -- --out DIR [--survey ID | --demo] [--excel] [--lang fr|en]';

const WORDS = {
  fr: { written: (count: number, files: string) => `${count} réponse(s) → ${files}` },
  en: { written: (count: number, files: string) => `${count} response(s) → ${files}` },
} as const;

export async function exportCli(
  argv: readonly string[],
  out: (text: string) => void,
  err: (text: string) => void,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const { values } = parseOptions(argv, {
    out: { type: 'string' },
    survey: { type: 'string' },
    demo: { type: 'boolean' },
    excel: { type: 'boolean' },
    lang: { type: 'string' },
  });
  if (!values.out) throw new UsageError('--out DIR is required');
  const app = await openApp(env);
  try {
    const language = languageOption(values.lang, app);
    const chosen = await chooseSurvey(app, values, language);
    if (!chosen.ok) {
      err(`${chosen.message}\n`);
      return 1;
    }
    const files = await app.services.results.exportAll(chosen.survey);
    const flavour = values.excel ? toExcelCsv : (csv: string) => csv;
    mkdirSync(values.out, { recursive: true });
    writeFileSync(path.join(values.out, 'responses.csv'), flavour(files.responses));
    writeFileSync(path.join(values.out, 'codebook.csv'), flavour(files.codebook));
    out(`${WORDS[language].written(files.count, `${path.join(values.out, 'responses.csv')}, ${path.join(values.out, 'codebook.csv')}`)}\n`);
    return 0;
  } finally {
    await app.close();
  }
}

if (isMain(import.meta.url)) {
  run(() => exportCli(process.argv.slice(2), (t) => process.stdout.write(t), (t) => process.stderr.write(t)), USAGE);
}
