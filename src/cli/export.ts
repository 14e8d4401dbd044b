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
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toExcelCsv } from '../analytics/transfer/excel.ts';
import { chooseSurvey, isMain, languageOption, openApp, parseOptions, run, UsageError } from './common.ts';

const USAGE = 'Usage: npm run export -- --out DIR [--survey ID | --demo] [--excel | --redcap] [--lang fr|en]';

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
    redcap: { type: 'boolean' },
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
    const { survey } = chosen;
    const W = WORDS[language];
    if (values.redcap) {
      // REDCap's Data Import Tool: records with fresh random ids, and the dictionary they match.
      const redcap = await app.services.results.exportRedcap(survey, null, language);
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
    const files = await app.services.results.exportAll(survey);
    const flavour = values.excel ? toExcelCsv : (csv: string) => csv;
    mkdirSync(values.out, { recursive: true });
    writeFileSync(path.join(values.out, 'responses.csv'), flavour(files.responses));
    writeFileSync(path.join(values.out, 'codebook.csv'), flavour(files.codebook));
    out(`${W.written(files.count, `${path.join(values.out, 'responses.csv')}, ${path.join(values.out, 'codebook.csv')}`)}\n`);
    return 0;
  } finally {
    await app.close();
  }
}

if (isMain(import.meta.url)) {
  run(() => exportCli(process.argv.slice(2), (t) => process.stdout.write(t), (t) => process.stderr.write(t)), USAGE);
}
