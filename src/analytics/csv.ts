/**
 * CSV as RFC 4180 writes it: fields separated by commas, quoted with double quotes when they
 * hold a comma, a quote or a line break, quotes doubled inside; CRLF between records. The
 * reader also takes LF line ends and a UTF-8 byte-order mark (Excel's "CSV UTF-8"), and says
 * on which line and column a malformed record starts, so an import can point at it.
 */
import { err, ok, type Result } from '../shared/result.ts';

export const BOM = '\uFEFF';

export interface CsvWriteOptions {
  /** Prefix a byte-order mark so Excel reads the file as UTF-8. */
  readonly bom?: boolean;
  readonly delimiter?: string;
}

export function toCsv(rows: readonly (readonly string[])[], options: CsvWriteOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const quote = (field: string): string =>
    field.includes(delimiter) || /["\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
  const body = rows.map((row) => row.map(quote).join(delimiter)).join('\r\n');
  return (options.bom ? BOM : '') + body + (rows.length > 0 ? '\r\n' : '');
}

export interface CsvRecord {
  /** Line of the file where the record starts, 1-based (a quoted field may span lines). */
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvSyntaxError {
  readonly code: 'csv.unterminated_quote' | 'csv.stray_quote' | 'csv.text_after_quote';
  readonly line: number;
  /** 1-based field number in the record. */
  readonly column: number;
}

/** Parses a whole CSV text. Blank lines are skipped; a quote must open or close a field. */
export function parseCsv(text: string, delimiter = ','): Result<CsvRecord[], CsvSyntaxError> {
  const source = text.startsWith(BOM) ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false; // the current field was quoted (so an empty one still counts)
  let inQuotes = false;
  let afterQuote = false; // the closing quote was just read: only a delimiter or line end may follow
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  const endField = () => {
    fields.push(field);
    field = '';
    quoted = false;
    afterQuote = false;
  };
  const endRecord = () => {
    const blank = fields.length === 0 && field === '' && !quoted;
    endField();
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
  };
  for (let i = 0; i < source.length; ) {
    const ch = source[i];
    const next = source[i + 1];
    if (inQuotes) {
      if (ch === '"' && next === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        inQuotes = false;
        afterQuote = true;
        i++;
      } else {
        if (ch === '\n' || (ch === '\r' && next !== '\n')) line++;
        field += ch;
        i++;
      }
      continue;
    }
    if (ch === '"') {
      if (field !== '' || afterQuote) return err({ code: 'csv.stray_quote', line, column: fields.length + 1 });
      inQuotes = true;
      quoted = true;
      quoteLine = line;
      i++;
    } else if (ch === delimiter) {
      endField();
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && next === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      if (afterQuote) return err({ code: 'csv.text_after_quote', line, column: fields.length + 1 });
      field += ch;
      i++;
    }
  }
  if (inQuotes) return err({ code: 'csv.unterminated_quote', line: quoteLine, column: fields.length + 1 });
  if (field !== '' || quoted || fields.length > 0) endRecord();
  return ok(records);
}
