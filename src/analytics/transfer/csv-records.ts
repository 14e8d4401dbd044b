/**
 * CSV records from decoded text, exactly as csv-parse gives them with the options the import
 * uses, at a fraction of its cost: csv-parse looks at every byte in JavaScript (8.8 µs a row
 * of the 200 MB benchmark file, a third of the parsing thread), while a plain record here is
 * one `split` and a quoted field one `indexOf` a quote.
 *
 * Only what is plainly well formed is read here: unquoted fields without a quote or a carriage
 * return, quoted fields closed before a delimiter or the end of the record, records ending
 * with `\n` or `\r\n`. At the first record that is anything else (a stray quote, text after a
 * closing quote, a lone `\r`, a record longer than FAST_RECORD_CHARS, the file's last record
 * when it has no line break) csv-parse takes over from that record's first character to the
 * end of the file, so that every refusal (its code and column) is csv-parse's own; its line is
 * counted as the import counts lines (csv-parse counts a \r\n inside a quoted field twice).
 *
 * UTF-8 is taken as bytes and scanned as Latin-1 text (one character a byte, so that quotes,
 * delimiters and line breaks sit where they are in the bytes); only a record or field holding
 * other than ASCII is decoded again from its bytes. Decoding a whole chunk gave every field of
 * it two bytes a character as soon as one character of the chunk did (’ is common in French),
 * which made hashing, pattern checks and the copy to the writer dearer than the parse saved.
 */
import { CsvError, Parser } from 'csv-parse';

export type Delimiter = ',' | ';' | '\t';

/** A record still unfinished after this many characters is left to csv-parse (bounded memory). */
const FAST_RECORD_CHARS = 1 << 16;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
/** In text read as Latin-1, a byte of a UTF-8 sequence (every other character is ASCII). */
const NOT_ASCII = /[\u0080-\u00ff]/;

/** Why a record is not read here: not finished in the text so far, or not plainly well formed. */
const INCOMPLETE = -1;
const HANDED_OVER = -2;

export class CsvRecords {
  /** The record delimiter as csv-parse would discover it (the first line break outside quotes). */
  private recordEnd: '\n' | '\r\n' | null = null;
  /** The start of a record not yet complete in what was received (bytes for UTF-8). */
  private carry: string | Buffer = '';
  /** The UTF-8 bytes `text` stands for, one Latin-1 character a byte; null when text was given. */
  private bytes: Buffer | null = null;
  /** Line breaks read before csv-parse took over: its line numbers count from there. */
  private linesRead = 0;
  private slow: Parser | null = null;
  private shifted = false;
  private readonly code: number;

  constructor(
    private readonly delimiter: Delimiter,
    private readonly maxRecordChars: number,
    /**
     * Receives each record in order, synchronously, during `write` and `end`, with the line
     * breaks inside its quoted fields when read here (null from csv-parse: count them), and
     * for a record read from UTF-8 without quotes its bytes, as Latin-1 text (one character a byte).
     */
    private readonly onRecord: (fields: string[], lineBreaks: number | null, plainUtf8?: string) => void,
  ) {
    this.code = delimiter.charCodeAt(0);
  }

  /** csv-parse's error once it has taken over and failed (its line counted from the file's start). */
  get errored(): Error | null {
    const error = this.slow?.errored ?? null;
    if (error instanceof CsvError && typeof error.lines === 'number' && !this.shifted) {
      error.lines += this.linesRead;
      this.shifted = true;
    }
    return error;
  }

  /** UTF-8 as bytes (a byte-order mark already cut), any other encoding as decoded text. */
  write(chunk: Uint8Array | string): void {
    if (this.slow) {
      this.slow.write(chunk);
      return;
    }
    let text: string;
    if (typeof chunk === 'string') {
      text = typeof this.carry === 'string' && this.carry !== '' ? this.carry + chunk : chunk;
      this.bytes = null;
    } else {
      const received = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      this.bytes = this.carry.length > 0 && typeof this.carry !== 'string' ? Buffer.concat([this.carry, received]) : received;
      text = this.bytes.toString('latin1');
    }
    const at = this.readRecords(text);
    if (at === HANDED_OVER) return;
    // A copy: a view would keep the whole chunk.
    this.carry = this.bytes ? Buffer.from(this.bytes.subarray(at)) : text.slice(at);
    if (this.carry.length > FAST_RECORD_CHARS) this.handOver(at, text);
  }

  end(): void {
    if (!this.slow && this.carry.length > 0) {
      this.bytes = typeof this.carry === 'string' ? null : this.carry;
      this.handOver(0, typeof this.carry === 'string' ? this.carry : undefined);
    }
    this.carry = '';
    this.slow?.end();
  }

  destroy(): void {
    this.slow?.destroy();
  }

  /** Reads every complete record of `text`; returns where the unfinished one starts. */
  private readRecords(text: string): number {
    let at = 0;
    for (;;) {
      const next = this.recordEnd === null ? this.readQuoted(text, at) : this.readPlain(text, at);
      if (next === INCOMPLETE) return at;
      if (next === HANDED_OVER) {
        this.handOver(at, text);
        return HANDED_OVER;
      }
      at = next;
      if (at === text.length) return at;
    }
  }

  /** A record without quotes is split at once; any other goes field by field. */
  private readPlain(text: string, start: number): number {
    const lineEnd = text.indexOf('\n', start);
    if (lineEnd < 0) return INCOMPLETE;
    const crlf = this.recordEnd === '\r\n';
    const bodyEnd = crlf ? lineEnd - 1 : lineEnd;
    if (crlf && (bodyEnd < start || text.charCodeAt(bodyEnd) !== CR)) return HANDED_OVER;
    const body = text.slice(start, bodyEnd);
    if (body.includes('"')) return this.readQuoted(text, start);
    if (body.includes('\r')) return HANDED_OVER;
    this.linesRead++;
    this.onRecord(this.decoded(body, start, bodyEnd).split(this.delimiter), 0, this.bytes ? body : undefined);
    return lineEnd + 1;
  }

  /** One record field by field, quoted fields included; the first one also finds the record delimiter. */
  private readQuoted(text: string, start: number): number {
    const fields: string[] = [];
    let breaks = 0;
    let at = start;
    for (;;) {
      let value: string;
      if (text.charCodeAt(at) === QUOTE) {
        value = '';
        let from = at + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          // The character after a quote says whether it closes the field or is doubled.
          if (quote < 0 || quote + 1 >= text.length) return INCOMPLETE;
          if (text.charCodeAt(quote + 1) === QUOTE) {
            value += this.decoded(text.slice(from, quote + 1), from, quote + 1);
            from = quote + 2;
            continue;
          }
          value += this.decoded(text.slice(from, quote), from, quote);
          at = quote + 1;
          break;
        }
        for (let lf = value.indexOf('\n'); lf >= 0; lf = value.indexOf('\n', lf + 1)) breaks++;
      } else {
        const from = at;
        for (let c = text.charCodeAt(at); c === c && c !== this.code && c !== LF && c !== CR; c = text.charCodeAt(at)) {
          if (c === QUOTE) return HANDED_OVER;
          at++;
        }
        value = this.decoded(text.slice(from, at), from, at);
      }
      fields.push(value);
      if (at >= text.length) return INCOMPLETE;
      const c = text.charCodeAt(at);
      if (c === this.code) {
        at++;
        continue;
      }
      const ended = this.lineBreakAt(text, at);
      if (ended === INCOMPLETE || ended === HANDED_OVER) return ended;
      this.linesRead += 1 + breaks;
      this.onRecord(fields, breaks);
      return ended;
    }
  }

  /** Where the record ends after the line break at `at`, deciding the record delimiter on the first. */
  private lineBreakAt(text: string, at: number): number {
    const c = text.charCodeAt(at);
    if (c === CR) {
      if (at + 1 >= text.length) return INCOMPLETE;
      if (text.charCodeAt(at + 1) !== LF) return HANDED_OVER; // a lone \r: a line break for csv-parse only
      if (this.recordEnd === null) this.recordEnd = '\r\n';
      return this.recordEnd === '\r\n' ? at + 2 : HANDED_OVER;
    }
    if (c !== LF) return HANDED_OVER;
    if (this.recordEnd === null) this.recordEnd = '\n';
    return this.recordEnd === '\n' ? at + 1 : HANDED_OVER;
  }

  /** A piece of the text at [from, to) as the file's characters: decoded again from UTF-8 if not ASCII. */
  private decoded(piece: string, from: number, to: number): string {
    return this.bytes && NOT_ASCII.test(piece) ? this.bytes.toString('utf8', from, to) : piece;
  }

  /** csv-parse from `at` (in the bytes last received, or in `text`) to the end of the file. */
  private handOver(at: number, text?: string): void {
    const parser = new Parser({
      delimiter: this.delimiter,
      relax_column_count: true,
      max_record_size: this.maxRecordChars,
      ...(this.recordEnd ? { record_delimiter: this.recordEnd } : {}),
    });
    parser.on('data', (fields: string[]) => this.onRecord(fields, null));
    parser.on('error', () => undefined); // read from `errored`, in order with the records
    this.slow = parser;
    const rest = this.bytes ? this.bytes.subarray(at) : (text ?? '').slice(at);
    this.carry = '';
    this.bytes = null;
    parser.write(rest);
  }
}
