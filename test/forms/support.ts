/** Builds small REDCap dictionaries and XLSForms for the tests, row by row. */
import ExcelJS from 'exceljs';
import { toCsv } from '../../src/analytics/csv.ts';
import { REDCAP_DICTIONARY_COLUMNS } from '../../src/analytics/transfer/redcap-export.ts';
import type { Language } from '../../src/shared/language.ts';
import { formatProblem, readForm, type FormResult } from '../../src/survey/forms/index.ts';

type Column = (typeof REDCAP_DICTIONARY_COLUMNS)[number];
const SHORT: Record<string, Column> = {
  name: 'Variable / Field Name', form: 'Form Name', section: 'Section Header', type: 'Field Type', label: 'Field Label',
  choices: 'Choices, Calculations, OR Slider Labels', note: 'Field Note', validation: 'Text Validation Type OR Show Slider Number',
  min: 'Text Validation Min', max: 'Text Validation Max', identifier: 'Identifier?', branching: 'Branching Logic (Show field only if...)',
  required: 'Required Field?', matrix: 'Matrix Group Name', ranking: 'Matrix Ranking?', annotation: 'Field Annotation',
};

export type RedcapRow = Partial<Record<keyof typeof SHORT, string>>;

/** A dictionary: the record id first, then the rows (form `survey` unless said). */
export function redcapCsv(rows: readonly RedcapRow[]): Buffer {
  const all: RedcapRow[] = [{ name: 'record_id', type: 'text', label: 'Record ID' }, ...rows];
  const lines = all.map((row) => REDCAP_DICTIONARY_COLUMNS.map((column) => {
    const key = Object.keys(SHORT).find((k) => SHORT[k] === column) as keyof typeof SHORT;
    return row[key] ?? (column === 'Form Name' ? 'survey' : '');
  }));
  return Buffer.from(toCsv([[...REDCAP_DICTIONARY_COLUMNS], ...lines]));
}

export async function xlsform(sheets: Record<string, (readonly string[])[]>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow([...row]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function read(bytes: Buffer, fileName: string, options: { instrument?: string; language?: Language } = {}): Promise<FormResult> {
  return readForm(bytes, { fileName, language: options.language ?? 'en', instrument: options.instrument });
}

/** The problems of a refused form as the admin reads them in English. */
export async function problemsOf(bytes: Buffer, fileName: string, options: { instrument?: string } = {}): Promise<string[]> {
  const result = await read(bytes, fileName, options);
  if (result.ok) throw new Error('the form was accepted');
  return result.error.map((p) => formatProblem(p, 'en'));
}
