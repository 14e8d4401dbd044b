/**
 * A large CSV in our export format for the import benchmark: the synthetic cohort written
 * again and again, each complete response's free-text answer numbered so that rows are
 * distinct (as a real file's would be), streamed to disk until it reaches the size asked.
 */
import { appendFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseCsv, toCsv } from '../analytics/csv.ts';
import { generateCohort } from '../analytics/demo/cohort.ts';
import { exportResponses } from '../analytics/transfer/export.ts';
import type { Definition } from '../survey/definition.ts';

/** Writes at least `bytes` bytes; returns the rows and bytes written. */
export async function writeImportFile(file: string, definition: Definition, bytes: number): Promise<{ rows: number; bytes: number }> {
  const parsed = parseCsv(exportResponses(definition, generateCohort(definition)));
  if (!parsed.ok) throw new Error('the cohort export does not parse');
  const [header, ...records] = parsed.value;
  if (!header) throw new Error('the cohort export has no header');
  const textColumn = header.fields.indexOf('q27');
  const out = createWriteStream(file);
  let written = 0;
  let rows = 0;
  const write = async (text: string) => {
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(toCsv([header.fields]));
  for (let round = 0; written < bytes; round++) {
    const chunk = records.map((record) => {
      const fields = [...record.fields];
      if (textColumn >= 0 && fields[0] === '1') fields[textColumn] = `Remarque ${round}-${rows++}`;
      else rows++;
      return fields;
    });
    await write(toCsv(chunk));
  }
  out.end();
  await once(out, 'finish');
  return { rows, bytes: written };
}

/** Appends a last row that cannot be imported (two fields): the whole file is read and written, then refused. */
export function appendBadRow(file: string): void {
  appendFileSync(file, '1,not_a_choice\n');
}

/** A header then one quoted field of `bytes` characters, never closed: refused within its first MB. */
export async function writeOneFieldFile(file: string, definition: Definition, bytes: number): Promise<number> {
  const header = exportResponses(definition, []).split(/\r?\n/)[0] ?? '';
  const out = createWriteStream(file);
  let written = 0;
  const write = async (text: string) => {
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`${header}\n1,"`);
  const block = 'y'.repeat(1 << 16);
  while (written < bytes) await write(block);
  out.end();
  await once(out, 'finish');
  return written;
}
