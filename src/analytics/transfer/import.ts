/**
 * Reads responses from a CSV file: either our own export (responses.csv) or a Google Forms
 * export (a timestamp column, then one column per question titled with its French or English
 * wording, choice labels as values, multiple choices joined with ", "). Nothing is returned
 * unless every header and every value maps: the caller imports all of it or none.
 */
import { err, ok, type Result } from '../../shared/result.ts';
import type { RawAnswer } from '../../survey/answers.ts';
import type { Definition, Item } from '../../survey/definition.ts';
import { parseCsv, type CsvRecord } from '../csv.ts';
import type { ImportedResponse } from '../ports.ts';
import { createResponseBuilder, type RowCells } from './build.ts';
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
  const items = definition.items;
  const indexOf = new Map(items.map((item, k) => [item.code, k]));
  // Per column, the item it answers (index in the definition), -1 for the completion flag.
  const itemOf = columns.map((column) => (column && column.kind !== 'complete' ? (indexOf.get(column.item.code) ?? -1) : -1));
  // Per item, its column (a multiple choice: its first choice column), 0-based, or -1.
  const columnOf = items.map((_, k) => itemOf.indexOf(k));
  const build = createResponseBuilder(definition);
  // A multiple choice's columns, counted again for each row.
  const given = new Int32Array(items.length);
  const blank = new Int32Array(items.length);
  const read = (record: CsvRecord, problems: ImportProblem[]): ReadRow | null => {
    const fields = record.fields;
    if (fields.length !== names.length) {
      problems.push({ code: 'row.width', line: record.line, expected: names.length, actual: fields.length });
      return null;
    }
    const before = problems.length;
    let declared: 'complete' | 'in_progress' | null = null;
    const raws: (RawAnswer | undefined)[] = new Array(items.length);
    given.fill(0);
    blank.fill(0);
    for (let index = 0; index < fields.length; index++) {
      const column = columns[index];
      if (!column) continue;
      const raw = fields[index] ?? '';
      const text = raw.trim();
      if (column.kind === 'complete') {
        const flag = readFlag(text);
        if (flag === null) problems.push({ code: 'value.flag', line: record.line, column: index + 1, header: headers[index] ?? '', value: clip(raw) });
        else declared = flag ? 'complete' : 'in_progress';
        continue;
      }
      const k = itemOf[index] as number;
      if (column.kind === 'item') {
        if (text !== '') raws[k] = text;
        continue;
      }
      if (text === '') {
        blank[k] = (blank[k] ?? 0) + 1;
        continue;
      }
      const flag = readFlag(text);
      if (flag === null) problems.push({ code: 'value.flag', line: record.line, column: index + 1, header: headers[index] ?? '', value: clip(raw) });
      given[k] = (given[k] ?? 0) + 1;
      if (flag) {
        const chosen = (raws[k] as string[] | undefined) ?? [];
        chosen.push(column.choice);
        raws[k] = chosen;
      }
    }
    for (let k = 0; k < items.length; k++) {
      if (given[k] === 0) continue;
      // All blank: not answered. Some blank: a half-filled selection we cannot read.
      if ((blank[k] ?? 0) > 0) {
        problems.push({ code: 'value.partial_choices', line: record.line, column: (columnOf[k] as number) + 1, header: headers[columnOf[k] as number] ?? '' });
        raws[k] = undefined;
      } else raws[k] ??= [];
    }
    const cells: RowCells = {
      raws,
      place: (k) => {
        const column = columnOf[k] as number;
        const raw = raws[k];
        return { column: column + 1, header: headers[column] ?? items[k]?.code ?? '', text: Array.isArray(raw) ? raw.join(',') : (fields[column] ?? '') };
      },
    };
    const response = build(record.line, cells, declared, today, problems);
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
  const indexOf = new Map(definition.items.map((item, k) => [item.code, k]));
  const columnOf = definition.items.map((item) => items.findIndex((mapped) => mapped?.code === item.code));
  const build = createResponseBuilder(definition);
  const read = (record: CsvRecord, problems: ImportProblem[]): ReadRow | null => {
    if (record.fields.length !== names.length) {
      problems.push({ code: 'row.width', line: record.line, expected: names.length, actual: record.fields.length });
      return null;
    }
    const before = problems.length;
    const stamp = record.fields[0] ?? '';
    const day = timestampDay(stamp, dayFirst);
    if (day === null) problems.push({ code: 'value.timestamp', line: record.line, column: 1, header: headers[0] ?? '', value: clip(stamp) });
    const raws: (RawAnswer | undefined)[] = new Array(definition.items.length);
    record.fields.forEach((raw, index) => {
      const item = items[index];
      if (!item || raw.trim() === '') return;
      const value = readGoogleFormsCell(item, raw);
      if (value === null) problems.push({ code: 'value.unknown_label', line: record.line, column: index + 1, header: headers[index] ?? '', value: clip(raw) });
      else raws[indexOf.get(item.code) as number] = value;
    });
    const cells: RowCells = {
      raws,
      place: (k) => {
        const column = columnOf[k] as number;
        return { column: column + 1, header: headers[column] ?? '', text: record.fields[column] ?? '' };
      },
    };
    const response = build(record.line, cells, null, day ?? '1970-01-01', problems);
    return response && day !== null && problems.length === before ? { response, stamp: stamp.trim() } : null;
  };
  return ok({ format: 'google_forms', read });
}
