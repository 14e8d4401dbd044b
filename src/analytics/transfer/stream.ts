/**
 * Imports a CSV file of any size in bounded memory: the bytes are read twice, never held.
 *
 * 1. First pass: the encoding (encoding.ts) and the file's SHA-256, before any row is read,
 *    so a bad byte at the end refuses the file up front and the store can refuse a file it
 *    already imported before anything is written.
 * 2. Second pass: the bytes (UTF-8) or decoded text into CsvRecords (csv-parse's records at a
 *    fraction of its cost; delimiter `,`, `;` or tab, found on the header line), one record at
 *    a time through the same row reader as `parseImport`, responses handed to the importer in
 *    batches inside its single transaction.
 *
 * All or nothing still holds: on the first problem no further batch is handed over; the rest
 * of the file is still checked (up to MAX_PROBLEMS problems, then reading stops) and the batch
 * iterator then throws, which rolls the importer's transaction back.
 */
import { createHash } from 'node:crypto';
import { CsvError } from 'csv-parse';
import type { Definition } from '../../survey/definition.ts';
import type { ImportedResponse, ImportRefusal, ResponseImporter } from '../ports.ts';
import type { CsvRecord } from '../csv.ts';
import { CsvRecords, type Delimiter } from './csv-records.ts';
import { createDecoder, EncodingSniffer, encodingName, type DetectedEncoding } from './encoding.ts';
import { RowFingerprints } from './fingerprints.ts';
import { createRowReader, type ImportFormat, type RowReader } from './import.ts';
import { MAX_PROBLEMS, type ImportNotice, type ImportProblem } from './problems.ts';

/** A record longer than this (in characters) is refused: no row of a questionnaire is 1 MB. */
export const MAX_RECORD_CHARS = 1 << 20;
/**
 * Responses handed to the importer at a time: small enough that a batch's objects die young
 * (2,000 a batch were promoted to the old generation and the heap grew to 150 MB).
 */
export const BATCH_SIZE = 500;
/** Duplicate rows listed by line in the notice; the rest are counted. */
const LISTED_DUPLICATES = 5;

export interface ImportSource {
  /** The file's bytes from the start; called twice. */
  open(): AsyncIterable<Uint8Array>;
  /** Its size in bytes, for progress (time left). */
  readonly size: number;
}

export interface ImportProgress {
  readonly rows: number;
  readonly bytes: number;
  readonly totalBytes: number;
}

export interface StreamImportOptions {
  readonly surveyId: string;
  /** YYYY-MM-DD for rows of our own export, which carry no date. */
  readonly today: string;
  readonly allowDuplicates?: boolean;
  readonly onProgress?: (progress: ImportProgress) => void;
}

export type StreamImportOutcome =
  | { readonly ok: true; readonly format: ImportFormat; readonly imported: number; readonly notices: readonly ImportNotice[] }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] }
  | { readonly ok: false; readonly refusal: ImportRefusal };

/** Thrown by the batch iterator to roll the importer's transaction back; never escapes. */
class ImportAborted extends Error {
  constructor() {
    super('import aborted: the file has problems');
    this.name = 'ImportAborted';
  }
}

export async function importCsv(
  definition: Definition,
  source: ImportSource,
  importer: ResponseImporter,
  options: StreamImportOptions,
): Promise<StreamImportOutcome> {
  const sniffer = new EncodingSniffer();
  const hash = createHash('sha256');
  for await (const chunk of source.open()) {
    sniffer.push(chunk);
    hash.update(chunk);
  }
  const detected = sniffer.finish();
  if (!detected.ok) return { ok: false, problems: [detected.error] };
  const fileFingerprint = hash.digest('hex');

  const run = new RowRun(definition, source, detected.value, options);
  try {
    const imported = await importer.importResponses(options.surveyId, run.batches(), {
      fileFingerprint,
      allowDuplicates: options.allowDuplicates ?? false,
    });
    if (!imported.ok) return { ok: false, refusal: imported.error };
    if (!run.format) throw new Error('import finished without a header');
    return { ok: true, format: run.format, imported: imported.value, notices: run.notices() };
  } catch (error) {
    if (error instanceof ImportAborted) return { ok: false, problems: run.problems };
    throw error;
  }
}

/** The second pass: its state (problems, duplicates, format) outlives the batch iterator. */
class RowRun {
  readonly problems: ImportProblem[] = [];
  format: ImportFormat | null = null;
  private delimiter: Delimiter = ',';
  private readonly duplicates: { line: number; repeats: number }[] = [];
  private duplicateCount = 0;

  constructor(
    private readonly definition: Definition,
    private readonly source: ImportSource,
    private readonly encoding: DetectedEncoding,
    private readonly options: StreamImportOptions,
  ) {}

  notices(): ImportNotice[] {
    const notices: ImportNotice[] = [];
    if (this.encoding.converted) notices.push({ code: 'notice.converted', encoding: encodingName(this.encoding.encoding) });
    if (this.delimiter !== ',') notices.push({ code: 'notice.delimiter', delimiter: this.delimiter });
    if (this.duplicateCount > 0) notices.push({ code: 'notice.duplicate_rows', count: this.duplicateCount, examples: this.duplicates });
    return notices;
  }

  async *batches(): AsyncGenerator<ImportedResponse[]> {
    const input = new ParserInput(this.source, this.encoding);
    // The header line decides the delimiter before the parser is made.
    const head = await input.headLine();
    if (head.trim() === '' && input.done) {
      this.problems.push({ code: 'file.empty' });
      throw new ImportAborted();
    }
    this.delimiter = detectDelimiter(head);
    // Lines are counted here (one a record plus the line breaks inside its quoted fields).
    // Records come out synchronously as each chunk is written (no stream between the parser
    // and this loop: an await a record cost more than the parsing).
    let records: { fields: string[]; lineBreaks: number | null; plainUtf8: string | undefined }[] = [];
    const parser = new CsvRecords(this.delimiter, MAX_RECORD_CHARS, (fields, lineBreaks, plainUtf8) => records.push({ fields, lineBreaks, plainUtf8 }));
    const fingerprints = new RowFingerprints(this.delimiter);
    let reader: RowReader | null = null;
    let batch: ImportedResponse[] = [];
    let rows = 0;
    let nextLine = 1;
    let stopped = false;
    try {
      for (let chunk: Uint8Array | string | typeof END | null = input.first(); chunk !== null && !stopped; chunk = await input.next()) {
        if (chunk === END) parser.end();
        else parser.write(chunk);
        const taken = records;
        records = [];
        for (const { fields, lineBreaks: breaks, plainUtf8 } of taken) {
          const line = nextLine;
          nextLine += 1 + (breaks ?? lineBreaks(fields));
          // A blank line is no record (and lines of spaces before the header are nothing).
          if (fields.length === 1 && (fields[0] === '' || (!reader && fields[0]?.trim() === ''))) continue;
          const record: CsvRecord = { line, fields };
          if (!reader) {
            const made = createRowReader(this.definition, record, this.options.today);
            if (!made.ok) {
              this.problems.push(...made.error.slice(0, MAX_PROBLEMS));
              stopped = true;
              break;
            }
            reader = made.value;
            this.format = reader.format;
            continue;
          }
          const row = reader.read(record, this.problems);
          if (this.problems.length >= MAX_PROBLEMS) {
            this.problems.push({ code: 'file.too_many_problems', line });
            stopped = true;
            break;
          }
          if (!row || this.problems.length > 0) continue;
          rows++;
          const { fingerprint, repeatsLine } = fingerprints.add(fields, line, plainUtf8);
          if (repeatsLine !== null) {
            this.duplicateCount++;
            if (this.duplicates.length < LISTED_DUPLICATES) this.duplicates.push({ line, repeats: repeatsLine });
          }
          const { status, cursor, answers, answersJson, startedDay, completedDay } = row.response;
          batch.push({ status, cursor, answers, answersJson, startedDay, completedDay, fingerprint });
          if (batch.length >= BATCH_SIZE) {
            yield batch;
            batch = [];
            this.options.onProgress?.({ rows, bytes: input.bytes, totalBytes: this.source.size });
          }
        }
        if (!stopped && parser.errored) {
          const problem = csvProblem(parser.errored, nextLine);
          if (!problem) throw parser.errored;
          // The parser fails at the end of the file; where the quote opened takes one more read.
          if (problem.code === 'csv.unterminated_quote') this.problems.push({ ...problem, line: await this.openQuoteLine() });
          else this.problems.push(problem);
          stopped = true;
        }
      }
    } finally {
      await input.close();
      parser.destroy();
    }
    if (this.problems.length > 0) throw new ImportAborted();
    if (!reader) {
      this.problems.push({ code: 'file.empty' });
      throw new ImportAborted();
    }
    if (rows === 0) {
      this.problems.push({ code: 'file.no_rows' });
      throw new ImportAborted();
    }
    if (batch.length > 0) yield batch;
    this.options.onProgress?.({ rows, bytes: input.bytes, totalBytes: this.source.size });
  }

  /** The line where a quote opened that is never closed (a rare refusal: one more read is fine). */
  private async openQuoteLine(): Promise<number> {
    const decode = createDecoder(this.encoding);
    let line = 1;
    let inQuotes = false;
    let openedAt = 1;
    let previous = '';
    let fieldStart = true;
    const visit = (text: string) => {
      for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        if (inQuotes) {
          if (ch === '"') inQuotes = false; // a doubled quote reopens at once, below
          previous = ch ?? '';
          continue;
        }
        if (ch === '"' && (fieldStart || previous === '"')) {
          inQuotes = true;
          if (fieldStart) openedAt = line;
        }
        fieldStart = ch === this.delimiter || ch === '\n' || ch === '\r';
        previous = ch ?? '';
      }
    };
    for await (const chunk of this.source.open()) visit(decode(chunk));
    visit(decode(null));
    return openedAt;
  }
}

/** Marks the end of the file in ParserInput's sequence. */
const END = Symbol('end of file');

/**
 * The file as the parser takes it: UTF-8 as its own bytes (the byte-order mark cut), which
 * CsvRecords scans without decoding them all; other encodings decoded to text. Reads ahead
 * only as far as the header line, to choose the delimiter first.
 */
class ParserInput {
  bytes = 0;
  done = false;
  private readonly chunks: AsyncIterator<Uint8Array>;
  private readonly decode: (chunk: Uint8Array | null) => string;
  private readonly raw: boolean;
  private bomLeft: number;
  /** What was read to find the header line, handed to the parser first. */
  private readahead: (Uint8Array | string)[] = [];

  constructor(source: ImportSource, encoding: DetectedEncoding) {
    this.chunks = source.open()[Symbol.asyncIterator]();
    this.decode = createDecoder(encoding);
    this.raw = encoding.encoding === 'utf-8';
    this.bomLeft = this.raw ? encoding.bomLength : 0;
  }

  /**
   * Reads until the decoded text holds a line break, the file ends or MAX_RECORD_CHARS are
   * read (a file of one endless line is the parser's to refuse); returns that text.
   */
  async headLine(): Promise<string> {
    let head = '';
    while (!this.done && head.length <= MAX_RECORD_CHARS) {
      const next = await this.chunks.next();
      if (next.done) {
        this.done = true;
        const rest = this.decode(null);
        head += rest;
        if (!this.raw && rest) this.readahead.push(rest);
        break;
      }
      this.bytes += next.value.length;
      const text = this.decode(next.value);
      head += text;
      this.readahead.push(this.raw ? this.cutBom(next.value) : text);
      if (/[\r\n]/.test(text)) break;
    }
    return head;
  }

  /** The read-ahead as one piece, then `next()` until END and null. */
  first(): Uint8Array | string | typeof END {
    const parts = this.readahead;
    this.readahead = [];
    if (parts.length === 0) {
      this.ended = this.done;
      return this.done ? END : '';
    }
    if (this.raw) return Buffer.concat(parts as Uint8Array[]);
    return (parts as string[]).join('');
  }

  private ended = false;

  async next(): Promise<Uint8Array | string | typeof END | null> {
    if (this.ended) return null;
    if (this.done) {
      this.ended = true;
      return END;
    }
    const next = await this.chunks.next();
    if (next.done) {
      this.done = true;
      // The decoder's last characters first; END on the next call.
      const rest = this.raw ? '' : this.decode(null);
      if (rest) return rest;
      this.ended = true;
      return END;
    }
    this.bytes += next.value.length;
    return this.raw ? this.cutBom(next.value) : this.decode(next.value);
  }

  async close(): Promise<void> {
    await this.chunks.return?.();
  }

  private cutBom(chunk: Uint8Array): Uint8Array {
    if (this.bomLeft === 0) return chunk;
    const cut = Math.min(this.bomLeft, chunk.length);
    this.bomLeft -= cut;
    return chunk.subarray(cut);
  }
}

/** The delimiter used most on the header line outside quotes: `,` (default), `;` (French Excel) or tab. */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

/** Line breaks inside a record's quoted fields. */
function lineBreaks(fields: readonly string[]): number {
  let breaks = 0;
  for (const field of fields) {
    for (let at = field.indexOf('\n'); at >= 0; at = field.indexOf('\n', at + 1)) breaks++;
  }
  return breaks;
}

/** `recordLine`: where the record being parsed started (an unclosed quote opened there). */
function csvProblem(error: unknown, recordLine: number): ImportProblem | null {
  if (!(error instanceof CsvError)) return null;
  const line = typeof error.lines === 'number' ? error.lines : recordLine;
  const column = (typeof error.index === 'number' ? error.index : 0) + 1;
  switch (error.code) {
    case 'INVALID_OPENING_QUOTE':
      return { code: 'csv.stray_quote', line, column };
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return { code: 'csv.text_after_quote', line, column };
    case 'CSV_QUOTE_NOT_CLOSED':
      return { code: 'csv.unterminated_quote', line: recordLine, column };
    case 'CSV_MAX_RECORD_SIZE':
      return { code: 'csv.record_too_large', line, limit: MAX_RECORD_CHARS };
    default:
      return null;
  }
}
