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
import { clip, type ImportProblem } from './problems.ts';

export type ImportFormat = 'export' | 'google_forms';

export interface ParsedImport {
  readonly format: ImportFormat;
  readonly responses: readonly ImportedResponse[];
}

/** A row read: the response, and what identifies it beyond its answers (a Google Forms timestamp). */
export interface ReadRow {
  readonly response: ImportedResponse;
  readonly stamp: string;
}

/**
 * Reads one record at a time after the header, so that a file of any size goes through in
 * constant memory. `read` returns null for a row that is blank or has problems (pushed).
 */
export interface RowReader {
  readonly format: ImportFormat;
  read(record: CsvRecord, problems: ImportProblem[]): ReadRow | null;
}

/**
 * Maps the header to the definition's items; every header problem at once, or a reader.
 * @param today the day given to responses of our own export, which carries no dates
 *   (YYYY-MM-DD); Google Forms rows take the day of their timestamp.
 */
export function createRowReader(definition: Definition, header: CsvRecord, today: string): Result<RowReader, ImportProblem[]> {
  const names = header.fields.map((f) => f.trim());
  if (names.includes(COMPLETE_COLUMN)) return exportReader(definition, names, header.line, today);
  if (GOOGLE_FORMS_TIMESTAMP.test(names[0] ?? '')) return googleFormsReader(definition, names, header.line);
  return err([{ code: 'header.format', line: header.line }]);
}

/**
 * A whole CSV text at once (tests, small files); the command line streams the file instead
 * (stream.ts) with the same row reader.
 */
export function parseImport(definition: Definition, text: string, today: string): Result<ParsedImport, ImportProblem[]> {
  if (text.replace(/^\uFEFF/, '').trim() === '') return err([{ code: 'file.empty' }]);
  const parsed = parseCsv(text);
  if (!parsed.ok) return err([parsed.error]);
  const [header, ...records] = parsed.value;
  if (!header) return err([{ code: 'file.empty' }]);
  const reader = createRowReader(definition, header, today);
  if (!reader.ok) return reader;
  const problems: ImportProblem[] = [];
  const responses: ImportedResponse[] = [];
  for (const record of records) {
    const row = reader.value.read(record, problems);
    if (row) responses.push(row.response);
  }
  if (problems.length > 0) return err(problems);
  if (responses.length === 0) return err([{ code: 'file.no_rows' }]);
  return ok({ format: reader.value.format, responses });
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

function exportReader(definition: Definition, names: readonly string[], headerLine: number, today: string): Result<RowReader, ImportProblem[]> {
  const problems: ImportProblem[] = [];
  const columns = names.map((name, index) => {
    const column = exportColumn(definition, name);
    if (!column) problems.push({ code: 'header.unknown', line: headerLine, column: index + 1, header: clip(name) });
    return column;
  });
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (seen.has(name)) problems.push({ code: 'header.duplicate', line: headerLine, column: index + 1, header: clip(name), item: clip(name) });
    seen.add(name);
  });
  if (problems.length > 0) return err(problems);
  const headers = names.map(clip);
  const read = (record: CsvRecord, problems: ImportProblem[]): ReadRow | null => {
    if (record.fields.length !== names.length) {
      problems.push({ code: 'row.width', line: record.line, expected: names.length, actual: record.fields.length });
      return null;
    }
    const before = problems.length;
    let declared: 'complete' | 'in_progress' | null = null;
    const cells = new Map<string, MappedCell>();
    const choices = new Map<string, { chosen: string[]; given: number; blank: number; first: number }>();
    for (let index = 0; index < record.fields.length; index++) {
      const column = columns[index];
      if (!column) continue;
      const raw = record.fields[index] ?? '';
      const text = raw.trim();
      if (column.kind === 'complete') {
        const flag = readFlag(text);
        if (flag === null) problems.push({ code: 'value.flag', line: record.line, column: index + 1, header: headers[index] ?? '', value: clip(raw) });
        else declared = flag ? 'complete' : 'in_progress';
        continue;
      }
      if (column.kind === 'item') {
        if (text !== '') cells.set(column.item.code, { raw: text, text: raw, column: index + 1, header: headers[index] ?? '' });
        continue;
      }
      let entry = choices.get(column.item.code);
      if (!entry) {
        entry = { chosen: [], given: 0, blank: 0, first: index + 1 };
        choices.set(column.item.code, entry);
      }
      if (text === '') {
        entry.blank++;
        continue;
      }
      const flag = readFlag(text);
      if (flag === null) problems.push({ code: 'value.flag', line: record.line, column: index + 1, header: headers[index] ?? '', value: clip(raw) });
      entry.given++;
      if (flag) entry.chosen.push(column.choice);
    }
    for (const [code, entry] of choices) {
      const header = headers[entry.first - 1] ?? code;
      // All blank: not answered. Some blank: a half-filled selection we cannot read.
      if (entry.given > 0 && entry.blank > 0) problems.push({ code: 'value.partial_choices', line: record.line, column: entry.first, header });
      else if (entry.given > 0) cells.set(code, { raw: entry.chosen, text: entry.chosen.join(','), column: entry.first, header });
    }
    const response = buildResponse(definition, record.line, cells, declared, today, problems);
    return response && problems.length === before ? { response, stamp: '' } : null;
  };
  return ok({ format: 'export', read });
}

/** 1/0 as we write them; TRUE/FALSE as R's write.csv writes logicals. */
function readFlag(text: string): boolean | null {
  if (text === '1') return true;
  if (text === '0') return false;
  const lower = text.toLowerCase();
  if (lower === '1' || lower === 'true') return true;
  if (lower === '0' || lower === 'false') return false;
  return null;
}

function googleFormsReader(definition: Definition, names: readonly string[], headerLine: number): Result<RowReader, ImportProblem[]> {
  const problems: ImportProblem[] = [];
  const dayFirst = /^horodat/i.test(names[0] ?? '');
  const items = names.map((name, index) => {
    if (index === 0) return null;
    const item = mapGoogleFormsHeader(definition, name);
    if (!item) problems.push({ code: 'header.unknown', line: headerLine, column: index + 1, header: clip(name) });
    return item;
  });
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    if (!item) return;
    if (seen.has(item.code)) {
      problems.push({ code: 'header.duplicate', line: headerLine, column: index + 1, header: clip(names[index] ?? ''), item: item.code });
    }
    seen.set(item.code, index);
  });
  if (problems.length > 0) return err(problems);
  const headers = names.map(clip);
  const read = (record: CsvRecord, problems: ImportProblem[]): ReadRow | null => {
    if (record.fields.length !== names.length) {
      problems.push({ code: 'row.width', line: record.line, expected: names.length, actual: record.fields.length });
      return null;
    }
    const before = problems.length;
    const stamp = record.fields[0] ?? '';
    const day = timestampDay(stamp, dayFirst);
    if (day === null) problems.push({ code: 'value.timestamp', line: record.line, column: 1, header: headers[0] ?? '', value: clip(stamp) });
    const cells = new Map<string, MappedCell>();
    record.fields.forEach((raw, index) => {
      const item = items[index];
      if (!item || raw.trim() === '') return;
      const at = { line: record.line, column: index + 1, header: headers[index] ?? '' };
      const value = readGoogleFormsCell(item, raw);
      if (value === null) problems.push({ code: 'value.unknown_label', ...at, value: clip(raw) });
      else cells.set(item.code, { raw: value, text: raw, column: at.column, header: at.header });
    });
    const response = buildResponse(definition, record.line, cells, null, day ?? '1970-01-01', problems);
    return response && day !== null && problems.length === before ? { response, stamp: stamp.trim() } : null;
  };
  return ok({ format: 'google_forms', read });
}
