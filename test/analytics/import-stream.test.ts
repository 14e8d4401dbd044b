/**
 * The streamed import: encodings, delimiters, fingerprints for the store's duplicate refusal,
 * duplicate rows inside one file, the cap on problems and on echoed text. The importer here is
 * a hand-written fake with the store's contract (batches inside one all-or-nothing run, refusal
 * of a known file or known rows unless allowed).
 */
import { describe, expect, it } from 'vitest';
import type { ImportedBatches, ImportedResponse, ImportOptions, ImportRefusal, ResponseImporter } from '../../src/analytics/ports.ts';
import { importNoticeText, importProblemText } from '../../src/analytics/report/index.ts';
import { exportResponses } from '../../src/analytics/transfer/export.ts';
import { EncodingSniffer } from '../../src/analytics/transfer/encoding.ts';
import { clip } from '../../src/analytics/transfer/problems.ts';
import { BATCH_SIZE, detectDelimiter, importCsv, type ImportSource } from '../../src/analytics/transfer/stream.ts';
import { err, ok, type Result } from '../../src/shared/result.ts';
import { NINE, tiny } from './fixture.ts';

/** Keeps what a store would: rows of committed imports, and the fingerprints of files and rows. */
class FakeImporter implements ResponseImporter {
  readonly rows: ImportedResponse[] = [];
  readonly files = new Set<string>();
  readonly fingerprints = new Set<string>();
  batchSizes: number[] = [];

  async importResponses(_surveyId: string, batches: ImportedBatches, options: ImportOptions = {}): Promise<Result<number, ImportRefusal>> {
    if (!options.allowDuplicates && options.fileFingerprint && this.files.has(options.fileFingerprint)) {
      return err({ code: 'import.file_already_imported' });
    }
    const pending: ImportedResponse[] = [];
    this.batchSizes = [];
    for await (const batch of Symbol.asyncIterator in batches ? batches : [batches]) {
      this.batchSizes.push(batch.length);
      pending.push(...batch);
    }
    const known = pending.filter((r) => r.fingerprint && this.fingerprints.has(r.fingerprint)).length;
    if (!options.allowDuplicates && known > 0) return err({ code: 'import.rows_already_present', count: known });
    this.rows.push(...pending);
    for (const r of pending) if (r.fingerprint) this.fingerprints.add(r.fingerprint);
    if (options.fileFingerprint) this.files.add(options.fileFingerprint);
    return ok(pending.length);
  }
}

/** A file in memory, handed over in small chunks so that characters and records straddle them. */
function source(bytes: Uint8Array, chunk = 7): ImportSource {
  return {
    size: bytes.length,
    async *open() {
      for (let at = 0; at < bytes.length; at += chunk) yield bytes.subarray(at, at + chunk);
    },
  };
}

const EXPORT = exportResponses(tiny, NINE);
const OPTIONS = { surveyId: 's', today: '2026-03-01' };

async function run(bytes: Uint8Array, importer = new FakeImporter(), allowDuplicates = false) {
  const outcome = await importCsv(tiny, source(bytes), importer, { ...OPTIONS, allowDuplicates });
  return { outcome, importer };
}

function utf16le(text: string, bom = true): Uint8Array {
  const body = Buffer.from(text, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
}

function utf16be(text: string): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1] as number;
    be[i + 1] = le[i] as number;
  }
  return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
}

describe('streamed import: encodings', () => {
  it('reads UTF-8 with and without a byte-order mark, and UTF-16 with one, to the same answers', async () => {
    const expected = (await run(Buffer.from(EXPORT))).importer.rows.map((r) => r.answers);
    expect(expected.some((a) => a.comment === 'Très utile')).toBe(true);
    for (const bytes of [Buffer.from(`\uFEFF${EXPORT}`), utf16le(EXPORT), utf16be(EXPORT)]) {
      const { outcome, importer } = await run(bytes);
      expect(outcome).toMatchObject({ ok: true, imported: expected.length, notices: [] });
      expect(importer.rows.map((r) => r.answers)).toEqual(expected);
    }
  });

  it('converts Windows-1252 and says so, instead of importing U+FFFD', async () => {
    const { outcome, importer } = await run(Buffer.from(EXPORT, 'latin1'));
    expect(outcome).toMatchObject({ ok: true, notices: [{ code: 'notice.converted', encoding: 'Windows-1252 (Latin-1)' }] });
    expect(importer.rows.some((r) => r.answers.comment === 'Très utile')).toBe(true);
    expect(JSON.stringify(importer.rows)).not.toContain('\uFFFD');
    if (!outcome.ok) throw new Error('refused');
    expect(importNoticeText('en', outcome.notices[0] as never)).toBe('File read as Windows-1252 (Latin-1) (not UTF-8) and converted.');
  });

  it('refuses a NUL byte, UTF-16 without a mark, UTF-32, bad UTF-8 after a UTF-8 mark, naming the encoding', async () => {
    const nul = Buffer.from(EXPORT.replace('Très', 'Tr\0s'));
    const cases: [Uint8Array, string][] = [
      [nul, 'encoding.binary'],
      [utf16le(EXPORT, false), 'encoding.binary'],
      [Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('a')]), 'encoding.utf32'],
      [Buffer.concat([Buffer.from('\uFEFF' + EXPORT), Buffer.from([0xe9, 0x0a])]), 'encoding.invalid_utf8'],
      // 0x81 is undefined in Windows-1252 and 0xC3 0x28 is not UTF-8.
      [Buffer.concat([Buffer.from(EXPORT), Buffer.from([0xc3, 0x28, 0x81])]), 'encoding.unknown'],
    ];
    for (const [bytes, code] of cases) {
      const { outcome, importer } = await run(bytes);
      expect(outcome).toMatchObject({ ok: false, problems: [{ code }] });
      expect(importer.rows).toHaveLength(0);
      if (!outcome.ok && 'problems' in outcome) {
        expect(importProblemText('en', outcome.problems[0] as never)).toMatch(/encoding/i);
        expect(importProblemText('fr', outcome.problems[0] as never)).toMatch(/encodage/i);
      }
    }
  });

  it('finds the encoding whatever the chunking (a character split across chunks)', () => {
    const bytes = Buffer.from('é'.repeat(10));
    for (const size of [1, 2, 3]) {
      const sniffer = new EncodingSniffer();
      for (let at = 0; at < bytes.length; at += size) sniffer.push(bytes.subarray(at, at + size));
      expect(sniffer.finish()).toMatchObject({ ok: true, value: { encoding: 'utf-8', converted: false } });
    }
  });
});

describe('encoding: UTF-8 judged as a fatal TextDecoder judges it', () => {
  /**
   * Where a streaming fatal decoder fails (the start of the chunk it fails on, or the length
   * when it fails at the end; -1 if valid), fed as the sniffer is fed: the chunks that make up
   * its first 4 bytes (read for a byte-order mark) as one, then each chunk.
   */
  function decoderVerdict(bytes: Uint8Array, size: number): number {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const first = Math.min(bytes.length, Math.ceil(4 / size) * size);
    let at = 0;
    try {
      decoder.decode(bytes.subarray(0, first), { stream: true });
      for (at = first; at < bytes.length; at += size) decoder.decode(bytes.subarray(at, at + size), { stream: true });
      at = bytes.length;
      decoder.decode();
    } catch {
      return at;
    }
    return -1;
  }

  it('fails on the same chunk for cut, overlong, surrogate and out-of-range sequences, whatever the chunking', () => {
    const tails = [
      [0xe2, 0x82, 0xac], [0xe2, 0x82], [0xe0, 0x80, 0x80], [0xe0, 0xa0, 0x80], [0xed, 0xa0, 0x80], [0xed, 0x9f, 0xbf],
      [0xf0, 0x8f, 0xbf, 0xbf], [0xf0, 0x90, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf4, 0x8f, 0xbf, 0xbf], [0xf5, 0x80],
      [0xc0, 0xaf], [0xc3], [0xff], [0x80], [0xf0, 0x9f, 0x98], [0xc3, 0xa9, 0x80],
    ];
    for (const tail of tails) {
      for (const after of [[], [0x41], [0x80, 0x41]]) {
        const bytes = Buffer.from([0x61, 0x62, ...tail, ...after, 0x0a]);
        for (const size of [1, 2, 3, 4, 5, 64]) {
          const sniffer = new EncodingSniffer();
          for (let at = 0; at < bytes.length; at += size) sniffer.push(bytes.subarray(at, at + size));
          const verdict = sniffer.finish();
          const failedAt = decoderVerdict(bytes, size);
          if (failedAt < 0) expect(verdict, `${tail.join(' ')} + ${after.join(' ')} by ${size}`).toMatchObject({ ok: true, value: { encoding: 'utf-8' } });
          else expect(verdict.ok ? verdict.value.encoding : 'refused', `${tail.join(' ')} + ${after.join(' ')} by ${size}`).not.toBe('utf-8');
          // The first invalid offset is the failing chunk's start, as the decoder's was: seen through a UTF-8 mark.
          const marked = new EncodingSniffer();
          const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
          for (let at = 0; at < withBom.length; at += size) marked.push(withBom.subarray(at, at + size));
          const markedFailedAt = decoderVerdict(withBom, size);
          if (markedFailedAt < 0) expect(marked.finish().ok).toBe(true);
          else expect(marked.finish()).toEqual({ ok: false, error: { code: 'encoding.invalid_utf8', offset: markedFailedAt } });
        }
      }
    }
  });
});

describe('encoding: control and undefined bytes', () => {
  it('finds the first one wherever it sits in a chunk and however the chunk is aligned in memory', () => {
    for (const byte of [0x00, 0x01, 0x08, 0x0b, 0x1f, 0x7f, 0x81, 0x8d, 0x9d]) {
      for (let place = 0; place < 13; place++) {
        for (let shift = 0; shift < 4; shift++) {
          const text = Buffer.from('a,b\tc\r\nd;e f~g_h'.slice(0, 13));
          text[place] = byte;
          // The same bytes at another offset of their memory (the fast path reads aligned words).
          const memory = Buffer.alloc(text.length + shift);
          text.copy(memory, shift);
          const sniffer = new EncodingSniffer();
          sniffer.push(memory.subarray(shift));
          const code = byte < 0x80 ? 'encoding.binary' : 'encoding.unknown';
          expect(sniffer.finish(), `byte ${byte} at ${place}, shift ${shift}`).toEqual({ ok: false, error: { code, offset: place, byte } });
        }
      }
    }
  });
});

describe('streamed import: delimiters', () => {
  it('reads semicolon- and tab-separated files (French Excel) as the comma-separated one', async () => {
    const expected = (await run(Buffer.from(EXPORT))).importer.rows.map((r) => r.answers);
    const semicolon = EXPORT.replaceAll(',', ';');
    const tab = EXPORT.replaceAll(',', '\t');
    for (const [text, delimiter] of [[semicolon, ';'], [tab, '\t']] as const) {
      const { outcome, importer } = await run(Buffer.from(text));
      expect(outcome).toMatchObject({ ok: true, notices: [{ code: 'notice.delimiter', delimiter }] });
      expect(importer.rows.map((r) => r.answers)).toEqual(expected);
    }
  });

  it('decides on the header line, outside quotes', () => {
    expect(detectDelimiter('a;b;c\n1,5;2;3')).toBe(';');
    expect(detectDelimiter('"a;b",c\n')).toBe(',');
    expect(detectDelimiter('a\tb\n')).toBe('\t');
    expect(detectDelimiter('single\n')).toBe(',');
  });
});

describe('streamed import: duplicates', () => {
  it('gives the store a file fingerprint and one per row: the same file again is refused, unless allowed', async () => {
    const importer = new FakeImporter();
    const first = await run(Buffer.from(EXPORT), importer);
    expect(first.outcome).toMatchObject({ ok: true, imported: 8 });
    expect(importer.rows.every((r) => /^[0-9a-f]{64}$/.test(r.fingerprint ?? ''))).toBe(true);
    expect((await run(Buffer.from(EXPORT), importer)).outcome).toEqual({ ok: false, refusal: { code: 'import.file_already_imported' } });
    // The same rows in another file (semicolons): the row fingerprints catch them.
    expect((await run(Buffer.from(EXPORT.replaceAll(',', ';')), importer)).outcome).toEqual({
      ok: false,
      refusal: { code: 'import.rows_already_present', count: 8 },
    });
    expect(importer.rows).toHaveLength(8);
    expect((await run(Buffer.from(EXPORT), importer, true)).outcome).toMatchObject({ ok: true, imported: 8 });
    expect(importer.rows).toHaveLength(16);
  });

  it('reports identical rows inside one file by line, imports them, and fingerprints each repeat apart', async () => {
    const [header, first, ...rest] = EXPORT.trimEnd().split('\r\n');
    const text = [header, first, ...rest, first, first].join('\r\n');
    const { outcome, importer } = await run(Buffer.from(text));
    expect(outcome).toMatchObject({
      ok: true,
      imported: 10,
      notices: [{ code: 'notice.duplicate_rows', count: 2, examples: [{ line: 10, repeats: 2 }, { line: 11, repeats: 2 }] }],
    });
    expect(new Set(importer.rows.map((r) => r.fingerprint)).size).toBe(10);
    if (!outcome.ok) throw new Error('refused');
    expect(importNoticeText('en', outcome.notices[0] as never)).toBe(
      '2 row(s) identical to an earlier row of the file, imported all the same: line 10 (= line 2), line 11 (= line 2).',
    );
  });
});

describe('streamed import: problems', () => {
  it('hands rows over in batches and writes nothing when a late row is bad', async () => {
    const [header, ...rows] = EXPORT.trimEnd().split('\r\n');
    const many = [header, ...Array.from({ length: 600 }, () => rows).flat()];
    const good = await run(Buffer.from(many.join('\n')));
    expect(good.outcome).toMatchObject({ ok: true, imported: 4800 });
    expect(BATCH_SIZE).toBeLessThan(4800);
    const full = Math.floor(4800 / BATCH_SIZE);
    expect(good.importer.batchSizes).toEqual([...Array<number>(full).fill(BATCH_SIZE), 4800 - full * BATCH_SIZE].filter((n) => n > 0));
    const bad = await run(Buffer.from([...many, '1,dentist,no,no,,1,0,0,'].join('\n')));
    expect(bad.outcome).toMatchObject({ ok: false, problems: [{ code: 'value.invalid', line: 4802, column: 2 }] });
    expect(bad.importer.rows).toHaveLength(0);
  });

  it('stops at the first 100 problems and never echoes more than 80 characters of a field', async () => {
    const [header] = EXPORT.split('\r\n');
    const long = 'x'.repeat(10_000);
    const rows = Array.from({ length: 500 }, () => `3,gp,no,no,,1,0,0,${long}`);
    const { outcome } = await run(Buffer.from([header, ...rows].join('\n')));
    if (outcome.ok || !('problems' in outcome)) throw new Error('accepted');
    expect(outcome.problems).toHaveLength(101);
    // Two problems a row (the flag "3" and the over-long text): reading stops at line 51.
    expect(outcome.problems.at(-1)).toEqual({ code: 'file.too_many_problems', line: 51 });
    expect(outcome.problems[1]).toMatchObject({ code: 'value.invalid', line: 2, column: 9 });
    const worded = outcome.problems.map((p) => importProblemText('en', p));
    expect(Math.max(...worded.map((w) => w.length))).toBeLessThan(200);
    expect(clip(long)).toBe(`${'x'.repeat(80)}… (10000)`);
    expect(clip('a\u001b[2Jb')).toBe('a [2Jb');
  });

  it('reports CSV syntax with line and column, a huge record without reading it all, and an empty file', async () => {
    const [header] = EXPORT.split('\r\n');
    expect((await run(Buffer.from(`${header}\n1,gp,x"y,no,,1,0,0,\n`))).outcome).toMatchObject({
      ok: false,
      problems: [{ code: 'csv.stray_quote', line: 2, column: 3 }],
    });
    expect((await run(Buffer.from(`${header}\n1,gp,no,no,,1,0,0,"open\n`))).outcome).toMatchObject({
      ok: false,
      problems: [{ code: 'csv.unterminated_quote', line: 2 }],
    });
    const [, good] = EXPORT.split('\r\n');
    const quoted = `${header}\n${good}\n"x\n""y""",${good}\n${good}\n1,gp,no,no,,1,0,0,"open\n2,3\n`;
    const unclosed = (await run(Buffer.from(quoted))).outcome;
    // The quote opened on line 6, after a quoted field over two lines (3–4).
    expect(!unclosed.ok && 'problems' in unclosed && unclosed.problems.at(-1)).toEqual({ code: 'csv.unterminated_quote', line: 6, column: 9 });
    const huge = `${header}\n1,gp,no,no,,1,0,0,"${'y'.repeat(3 << 20)}"\n`;
    expect((await run(Buffer.from(huge), undefined)).outcome).toMatchObject({ ok: false, problems: [{ code: 'csv.record_too_large', line: 2 }] });
    expect((await run(Buffer.from('\uFEFF  \n'))).outcome).toEqual({ ok: false, problems: [{ code: 'file.empty' }] });
    expect((await run(Buffer.from(`${header}\n`))).outcome).toEqual({ ok: false, problems: [{ code: 'file.no_rows' }] });
  });
});
