/**
 * Fingerprints that let the store refuse an import it already holds, without keeping any
 * personal data: SHA-256 of the file's bytes, and SHA-256 of each row's canonical content
 * (its answers in the definition's order, its status, and for a Google Forms row the
 * timestamp it carried). The row fingerprint also numbers repeats of the same content inside
 * one file (the k-th identical row hashes with k), because two respondents who stopped after
 * the same first answer are two responses: importing the same file again matches every row,
 * while another file matches only as many identical rows as it repeats.
 *
 * Inside one file, identical rows are reported (line and the line it repeats), not refused:
 * short in-progress responses coincide legitimately.
 */
import { createHash } from 'node:crypto';
import type { Definition } from '../../survey/definition.ts';
import type { ImportedResponse } from '../ports.ts';

/** Bumped if the canonical form changes, so old fingerprints never match new ones by accident. */
const ROW_DOMAIN = 'confreres.import.row.v1\n';

export function canonicalRow(definition: Definition, response: ImportedResponse, stamp: string): string {
  const answers: unknown[] = [];
  for (const item of definition.items) {
    const value = response.answers[item.code];
    if (value !== undefined) answers.push(item.code, value);
  }
  return JSON.stringify([response.status, stamp, answers]);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface RowFingerprint {
  /** Stored with the response: SHA-256 of the content and of its repeat number. */
  readonly fingerprint: string;
  /** The line of the first identical row of this file, or null. */
  readonly repeatsLine: number | null;
}

/**
 * Counts identical rows in one file with 64-bit prefixes of their content hashes in an
 * open-addressing table of typed arrays: 16 bytes a distinct row, so a file of a million rows
 * costs ~32 MB at most instead of a Set of hex strings several times larger. A 64-bit
 * collision among a million rows has a probability near 3·10⁻⁸.
 */
export class RowFingerprints {
  private keys = new BigUint64Array(1 << 12);
  private counts = new Uint32Array(1 << 12);
  private firstLines = new Uint32Array(1 << 12);
  private size = 0;

  constructor(private readonly definition: Definition) {}

  add(response: ImportedResponse, stamp: string, line: number): RowFingerprint {
    const content = createHash('sha256').update(ROW_DOMAIN).update(canonicalRow(this.definition, response, stamp)).digest();
    // Zero marks an empty slot: a key of zero is moved to one (no effect on equality in practice).
    const key = content.readBigUInt64BE(0) || 1n;
    const slot = this.slot(key);
    const seen = this.counts[slot] ?? 0;
    if (seen === 0) {
      this.keys[slot] = key;
      this.firstLines[slot] = line;
      this.size++;
    }
    this.counts[slot] = seen + 1;
    const fingerprint = seen === 0 ? content.toString('hex') : createHash('sha256').update(content).update(`#${seen}`).digest('hex');
    const repeatsLine = seen === 0 ? null : (this.firstLines[slot] ?? null);
    if (this.size * 2 > this.keys.length) this.grow();
    return { fingerprint, repeatsLine };
  }

  private slot(key: bigint): number {
    const mask = this.keys.length - 1;
    let slot = Number(key & BigInt(mask));
    while (this.counts[slot] !== 0 && this.keys[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { keys, counts, firstLines } = this;
    this.keys = new BigUint64Array(keys.length * 2);
    this.counts = new Uint32Array(keys.length * 2);
    this.firstLines = new Uint32Array(keys.length * 2);
    for (let i = 0; i < keys.length; i++) {
      if (counts[i] === 0) continue;
      const key = keys[i] as bigint;
      const slot = this.slot(key);
      this.keys[slot] = key;
      this.counts[slot] = counts[i] as number;
      this.firstLines[slot] = firstLines[i] as number;
    }
  }
}
