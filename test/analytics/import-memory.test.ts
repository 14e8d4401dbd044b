/**
 * Import memory stays bounded on a generated 200 MB file that cannot be imported: one endless
 * field, quoted or not (the issue measured 3.85 GB on a 200 MB malformed file and 2.1 GB on a
 * 48 MB field, echoed whole). The file is made in memory chunk by chunk, never held; memory
 * is sampled as each chunk is handed over. A valid 200 MB file goes through in bounded
 * memory too: that takes a minute, so it is in the bench (`npm run bench -- --only import`).
 */
import { describe, expect, it } from 'vitest';
import type { ResponseImporter } from '../../src/analytics/ports.ts';
import { importProblemText } from '../../src/analytics/report/index.ts';
import { exportResponses } from '../../src/analytics/transfer/export.ts';
import { importCsv, MAX_RECORD_CHARS, type ImportSource } from '../../src/analytics/transfer/stream.ts';
import { ok } from '../../src/shared/result.ts';
import { NINE, tiny } from './fixture.ts';

const SIZE = 200e6;
const CHUNK = 1 << 16;

/** `head`, then 'y' up to SIZE bytes; counts what each pass reads and samples memory. */
function endless(head: string) {
  const start = Buffer.from(head);
  const filler = Buffer.alloc(CHUNK, 'y');
  const reads: number[] = [];
  let peak = 0;
  const source: ImportSource = {
    size: SIZE,
    async *open() {
      const pass = reads.push(0) - 1;
      for (let at = 0; at < SIZE; at += CHUNK) {
        const chunk = at === 0 ? Buffer.concat([start, filler.subarray(start.length)]) : filler.subarray(0, Math.min(CHUNK, SIZE - at));
        reads[pass] = (reads[pass] ?? 0) + chunk.length;
        peak = Math.max(peak, process.memoryUsage.rss());
        yield chunk;
      }
    },
  };
  return { source, reads, peak: () => peak };
}

const neverCalled: ResponseImporter = {
  async importResponses(_surveyId, batches) {
    let rows = 0;
    for await (const batch of Symbol.asyncIterator in batches ? batches : [batches]) rows += batch.length;
    return ok(rows);
  },
};

describe('import memory on a 200 MB malformed file', () => {
  const [header] = exportResponses(tiny, NINE).split('\r\n');
  for (const [name, head, line] of [
    ['a quoted field never closed', `${header}\n1,gp,no,no,,1,0,0,"`, 2],
    ['one line with no line break', '', 1],
  ] as const) {
    it(`refuses ${name} after its first megabyte, without holding it, with a short message`, async () => {
      const file = endless(head);
      const before = process.memoryUsage.rss();
      const outcome = await importCsv(tiny, file.source, neverCalled, { surveyId: 's', today: '2026-03-01' });
      expect(outcome).toEqual({ ok: false, problems: [{ code: 'csv.record_too_large', line, limit: MAX_RECORD_CHARS }] });
      // The first pass reads it all (encoding, SHA-256); the parse stops within a few MB.
      expect(file.reads[0]).toBe(SIZE);
      expect(file.reads[1]).toBeLessThan(4 * MAX_RECORD_CHARS);
      expect(file.peak() - before).toBeLessThan(100e6);
      if (!('problems' in outcome)) throw new Error('not refused');
      expect(importProblemText('en', outcome.problems[0] as never).length).toBeLessThan(200);
    }, 60_000);
  }
});
