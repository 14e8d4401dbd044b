/**
 * The `--excel` flavour of the export: what a spreadsheet opens. A free-text answer that
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be read by Excel (or
 * LibreOffice) as a formula — "CSV injection": `@SUM(2+5)` computes, `=HYPERLINK(…)` links
 * out. Such a cell gets a leading apostrophe, which spreadsheets read as "text follows".
 * The plain export keeps the exact text, so R reads every answer back unchanged.
 */
import { parseCsv, toCsv } from '../csv.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

export function excelSafeCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A CSV of our export rewritten for Excel: neutralised cells and a UTF-8 byte-order mark. */
export function toExcelCsv(csv: string): string {
  const parsed = parseCsv(csv);
  if (!parsed.ok) throw new Error(`toExcelCsv: the export is not valid CSV (${parsed.error.code} at line ${parsed.error.line})`);
  return toCsv(
    parsed.value.map((record) => record.fields.map(excelSafeCell)),
    { bom: true },
  );
}
