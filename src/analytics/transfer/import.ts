/**
 * Reads responses from a CSV file: either our own export (responses.csv) or a Google Forms
 * export (a timestamp column, then one column per question titled with its French or English
 * wording, choice labels as values, multiple choices joined with ", "). Nothing is returned
 * unless every header and every value maps: the caller imports all of it or none.
 */
import { err, ok, type Result } from '../../shared/result.ts';
import type { Definition, Item } from '../../survey/definition.ts';
import { parseCsv, type CsvRecord } from '../csv.ts';
import type { ImportedResponse } from '../ports.ts';
import { buildResponse, type MappedCell } from './build.ts';
import { CHOICE_SEPARATOR, COMPLETE_COLUMN } from './export.ts';
import { GOOGLE_FORMS_TIMESTAMP, mapGoogleFormsHeader, readGoogleFormsCell, timestampDay } from './google-forms.ts';
import type { ImportProblem } from './problems.ts';

export type ImportFormat = 'export' | 'google_forms';

export interface ParsedImport {
  readonly format: ImportFormat;
  readonly responses: readonly ImportedResponse[];
}

/**
 * @param today the day given to responses of our own export, which carries no dates
 *   (YYYY-MM-DD); Google Forms rows take the day of their timestamp.
 */
export function parseImport(definition: Definition, text: string, today: string): Result<ParsedImport, ImportProblem[]> {
  if (text.replace(/^\uFEFF/, '').trim() === '') return err([{ code: 'file.empty' }]);
  const parsed = parseCsv(text);
  if (!parsed.ok) return err([parsed.error]);
  const [header, ...records] = parsed.value;
  if (!header) return err([{ code: 'file.empty' }]);
  const names = header.fields.map((f) => f.trim());
  const problems: ImportProblem[] = [];
  let responses: ImportedResponse[];
  let format: ImportFormat;
  if (names.includes(COMPLETE_COLUMN)) {
    format = 'export';
    responses = readExport(definition, names, header.line, records, today, problems);
  } else if (GOOGLE_FORMS_TIMESTAMP.test(names[0] ?? '')) {
    format = 'google_forms';
    responses = readGoogleForms(definition, names, header.line, records, problems);
  } else {
    return err([{ code: 'header.format', line: header.line }]);
  }
  if (problems.length > 0) return err(problems);
  if (responses.length === 0) return err([{ code: 'file.no_rows' }]);
  return ok({ format, responses });
}

type ExportColumn =
  | { readonly kind: 'complete' }
  | { readonly kind: 'item'; readonly item: Item }
  | { readonly kind: 'choice'; readonly item: Item; readonly choice: string };

function exportColumn(definition: Definition, name: string): ExportColumn | null {
  if (name === COMPLETE_COLUMN) return { kind: 'complete' };
  const item = definition.items.find((i) => i.code === name);
  if (item) return item.type === 'multi' ? null : { kind: 'item', item };
  const at = name.indexOf(CHOICE_SEPARATOR);
  if (at < 0) return null;
  const multi = definition.items.find((i) => i.code === name.slice(0, at) && i.type === 'multi');
  const choice = name.slice(at + CHOICE_SEPARATOR.length);
  return multi && multi.choices.some((c) => c.code === choice) ? { kind: 'choice', item: multi, choice } : null;
}

function readExport(
  definition: Definition,
  names: readonly string[],
  headerLine: number,
  records: readonly CsvRecord[],
  today: string,
  problems: ImportProblem[],
): ImportedResponse[] {
  const columns = names.map((name, index) => {
    const column = exportColumn(definition, name);
    if (!column) problems.push({ code: 'header.unknown', line: headerLine, column: index + 1, header: name });
    return column;
  });
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (seen.has(name)) problems.push({ code: 'header.duplicate', line: headerLine, column: index + 1, header: name, item: name });
    seen.add(name);
  });
  if (problems.length > 0) return [];
  const responses: ImportedResponse[] = [];
  for (const record of records) {
    if (record.fields.length !== names.length) {
      problems.push({ code: 'row.width', line: record.line, expected: names.length, actual: record.fields.length });
      continue;
    }
    let declared: 'complete' | 'in_progress' | null = null;
    const cells = new Map<string, MappedCell>();
    const choices = new Map<string, { chosen: string[]; given: number; blank: number; first: number }>();
    record.fields.forEach((raw, index) => {
      const column = columns[index];
      const text = raw.trim();
      const at = { line: record.line, column: index + 1, header: names[index] ?? '' };
      if (!column) return;
      if (column.kind === 'complete') {
        const flag = readFlag(text);
        if (flag === null) problems.push({ code: 'value.flag', ...at, value: raw });
        else declared = flag ? 'complete' : 'in_progress';
        return;
      }
      if (column.kind === 'item') {
        if (text !== '') cells.set(column.item.code, { raw: text, text: raw, column: index + 1, header: at.header });
        return;
      }
      const entry = choices.get(column.item.code) ?? { chosen: [], given: 0, blank: 0, first: index + 1 };
      choices.set(column.item.code, entry);
      if (text === '') {
        entry.blank++;
        return;
      }
      const flag = readFlag(text);
      if (flag === null) problems.push({ code: 'value.flag', ...at, value: raw });
      entry.given++;
      if (flag) entry.chosen.push(column.choice);
    });
    for (const [code, entry] of choices) {
      const header = names[entry.first - 1] ?? code;
      // All blank: not answered. Some blank: a half-filled selection we cannot read.
      if (entry.given > 0 && entry.blank > 0) problems.push({ code: 'value.partial_choices', line: record.line, column: entry.first, header });
      else if (entry.given > 0) cells.set(code, { raw: entry.chosen, text: entry.chosen.join(','), column: entry.first, header });
    }
    const response = buildResponse(definition, record.line, cells, declared, today, problems);
    if (response) responses.push(response);
  }
  return responses;
}

/** 1/0 as we write them; TRUE/FALSE as R's write.csv writes logicals. */
function readFlag(text: string): boolean | null {
  const lower = text.toLowerCase();
  if (lower === '1' || lower === 'true') return true;
  if (lower === '0' || lower === 'false') return false;
  return null;
}

function readGoogleForms(
  definition: Definition,
  names: readonly string[],
  headerLine: number,
  records: readonly CsvRecord[],
  problems: ImportProblem[],
): ImportedResponse[] {
  const dayFirst = /^horodat/i.test(names[0] ?? '');
  const items = names.map((name, index) => {
    if (index === 0) return null;
    const item = mapGoogleFormsHeader(definition, name);
    if (!item) problems.push({ code: 'header.unknown', line: headerLine, column: index + 1, header: name });
    return item;
  });
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    if (!item) return;
    if (seen.has(item.code)) {
      problems.push({ code: 'header.duplicate', line: headerLine, column: index + 1, header: names[index] ?? '', item: item.code });
    }
    seen.set(item.code, index);
  });
  if (problems.length > 0) return [];
  const responses: ImportedResponse[] = [];
  for (const record of records) {
    if (record.fields.length !== names.length) {
      problems.push({ code: 'row.width', line: record.line, expected: names.length, actual: record.fields.length });
      continue;
    }
    const stamp = record.fields[0] ?? '';
    const day = timestampDay(stamp, dayFirst);
    if (day === null) problems.push({ code: 'value.timestamp', line: record.line, column: 1, header: names[0] ?? '', value: stamp });
    const cells = new Map<string, MappedCell>();
    record.fields.forEach((raw, index) => {
      const item = items[index];
      if (!item || raw.trim() === '') return;
      const at = { line: record.line, column: index + 1, header: names[index] ?? '' };
      const value = readGoogleFormsCell(item, raw);
      if (value === null) problems.push({ code: 'value.unknown_label', ...at, value: raw });
      else cells.set(item.code, { raw: value, text: raw, column: at.column, header: at.header });
    });
    const response = buildResponse(definition, record.line, cells, null, day ?? '1970-01-01', problems);
    if (response && day !== null) responses.push(response);
  }
  return responses;
}
