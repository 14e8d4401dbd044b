import { CsvError, Parser } from 'csv-parse';
import { describe, expect, it } from 'vitest';
import { CsvRecords, type Delimiter } from '../../src/analytics/transfer/csv-records.ts';

interface Outcome {
  records: string[][];
  error: { code: string; lines: unknown; index: unknown } | null;
}

function describeError(error: Error | null | undefined): Outcome['error'] {
  if (!error) return null;
  if (!(error instanceof CsvError)) throw error;
  return { code: error.code, lines: error.lines, index: error.index };
}

/** What csv-parse gives for the whole text, with the options of the import. */
function reference(text: string, delimiter: Delimiter, maxRecordChars: number): Outcome {
  const records: string[][] = [];
  const parser = new Parser({ delimiter, relax_column_count: true, max_record_size: maxRecordChars });
  parser.on('data', (fields: string[]) => records.push(fields));
  parser.on('error', () => undefined);
  parser.write(text);
  if (!parser.errored) parser.end();
  return { records, error: describeError(parser.errored) };
}

/** CsvRecords given the text in the chunks asked, stopping at the first error as the import does. */
function chunked(chunks: readonly (string | Uint8Array)[], delimiter: Delimiter, maxRecordChars: number): Outcome {
  const records: string[][] = [];
  const reader = new CsvRecords(delimiter, maxRecordChars, (fields, lineBreaks) => {
    records.push(fields);
    // The line breaks said to be in the record's fields are those there are.
    if (lineBreaks !== null) expect(lineBreaks).toBe(fields.join('').split('\n').length - 1);
  });
  for (const chunk of chunks) {
    reader.write(chunk);
    if (reader.errored) break;
  }
  if (!reader.errored) reader.end();
  return { records, error: describeError(reader.errored) };
}

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Mostly well-formed CSV (quoted fields with delimiters, quotes and line breaks), now and then a flaw. */
function generate(next: () => number, delimiter: Delimiter, lineBreak: string): string {
  const pick = <T,>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const plain = ['', 'a', 'é', 'x y', '12', ' ', 'Remarque 3-4', 'l’avis', '日本'];
  const quoted = ['"a,b"', '"say ""hi"""', '"two\nlines"', '"two\r\nlines"', '""', `"${delimiter}"`, '"é"', '"l’a ""x"" é"'];
  const flaws = ['x"y', '"a"b', '"open', 'a\rb', 'a\nb', '\r', '"a" '];
  const rows: string[] = [];
  const count = 1 + Math.floor(next() * 12);
  for (let r = 0; r < count; r++) {
    const width = 1 + Math.floor(next() * 5);
    const fields: string[] = [];
    for (let f = 0; f < width; f++) {
      const roll = next();
      fields.push(roll < 0.6 ? pick(plain) : roll < 0.95 ? pick(quoted) : pick(flaws));
    }
    rows.push(next() < 0.05 ? '' : fields.join(delimiter));
  }
  return rows.join(lineBreak) + (next() < 0.8 ? lineBreak : '');
}

function split(text: string, next: () => number): string[] {
  const chunks: string[] = [];
  for (let at = 0; at < text.length; ) {
    const size = 1 + Math.floor(next() * 8);
    chunks.push(text.slice(at, at + size));
    at += size;
  }
  return chunks;
}

describe('CSV records (csv-parse, faster on well-formed records)', () => {
  it('gives what csv-parse gives, records and refusals, however the text is cut', () => {
    let compared = 0;
    let refused = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const next = random(seed);
      const delimiter = ([',', ';', '\t'] as const)[seed % 3] as Delimiter;
      const text = generate(next, delimiter, next() < 0.5 ? '\n' : '\r\n');
      const expected = reference(text, delimiter, 1 << 20);
      const whole = chunked([text], delimiter, 1 << 20);
      const cut = chunked(split(text, next), delimiter, 1 << 20);
      // UTF-8 as the import gives it, cut anywhere, inside a character too.
      const bytes = Buffer.from(text);
      const cutBytes = chunked(split(bytes.toString('latin1'), next).map((piece) => Buffer.from(piece, 'latin1')), delimiter, 1 << 20);
      // csv-parse counts a \r\n inside a quoted field as two lines; the import counts one.
      const lines = (outcome: Outcome) => (text.includes('\r') && outcome.error ? { ...outcome, error: { ...outcome.error, lines: 'not compared' } } : outcome);
      expect({ seed, ...lines(whole) }).toEqual({ seed, ...lines(expected) });
      expect({ seed, ...lines(cut) }).toEqual({ seed, ...lines(expected) });
      expect({ seed, ...lines(cutBytes) }).toEqual({ seed, ...lines(expected) });
      compared++;
      if (expected.error) refused++;
    }
    // Both kinds of file were compared, not only one.
    expect(refused).toBeGreaterThan(100);
    expect(compared - refused).toBeGreaterThan(100);
  });

  it('numbers the line of a flaw after many records read without csv-parse', () => {
    const text = `a,b\n${'1,"x\ny"\n'.repeat(50)}1,x"y\n`;
    const outcome = chunked([text], ',', 1 << 20);
    expect(outcome.records).toHaveLength(51);
    expect(outcome.error).toEqual(reference(text, ',', 1 << 20).error);
    expect(outcome.error?.lines).toBe(102);
    // With \r\n line breaks, the line of the file (csv-parse would say 152).
    expect(chunked([text.replaceAll('\n', '\r\n')], ',', 1 << 20).error).toEqual({ code: 'INVALID_OPENING_QUOTE', lines: 102, index: 1 });
  });

  it('leaves a record longer than the limit to csv-parse, which refuses it', () => {
    const text = `a,b\n1,"${'y'.repeat(200_000)}`;
    const outcome = chunked(split(text, random(7)).reduce<string[]>((joined, chunk, k) => (k % 500 === 0 ? [...joined, chunk] : [...joined.slice(0, -1), `${joined.at(-1) ?? ''}${chunk}`]), []), ',', 100_000);
    expect(outcome.error?.code).toBe('CSV_MAX_RECORD_SIZE');
    expect(outcome.error).toEqual(reference(text, ',', 100_000).error);
  });
});
