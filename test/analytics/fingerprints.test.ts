/**
 * A row's fingerprint must not depend on how it was read: hashed from the bytes of a record
 * read without quotes, it is the one its fields give (trimmed, joined with U+001F).
 */
import { describe, expect, it } from 'vitest';
import { plainRecordHash, RowFingerprints } from '../../src/analytics/transfer/fingerprints.ts';

/** The record's UTF-8 bytes as the CSV reader holds them: Latin-1 text, one character a byte. */
const asBytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

describe('row fingerprints from a record’s bytes', () => {
  it('are those of its fields, or are left to them, for any record', () => {
    // Spaces of every kind trim removes, characters beyond ASCII at the edges and inside, controls it keeps.
    const pieces = ['a', 'é', 'É', '12', ' ', '\u00a0', '\t', '\u2003', '\ufeff', '\u001f', '\u0001', '😀', 'x y', '’', ''];
    let seed = 11;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let fromBytes = 0;
    for (const delimiter of [',', ';', '\t']) {
      for (let n = 0; n < 3000; n++) {
        const fields = Array.from({ length: 1 + next(6) }, () => Array.from({ length: next(4) }, () => pieces[next(pieces.length)]).join('').replaceAll(delimiter, ''));
        const text = fields.join(delimiter);
        const plain = { bytes: asBytes(text), delimiter: delimiter.charCodeAt(0) };
        if (plainRecordHash(plain.bytes, plain.delimiter) !== null) fromBytes++;
        else {
          const beyondAscii = (f: string) => f.length > 0 && ((f.codePointAt(0) ?? 0) > 0x7f || (f.codePointAt(f.length - 1) ?? 0) > 0x7f);
          expect(fields.some((f) => f !== f.trim() || beyondAscii(f))).toBe(true);
        }
        expect(new RowFingerprints(delimiter).add(fields, 1, plain.bytes)).toEqual(new RowFingerprints(delimiter).add(fields, 1));
      }
    }
    expect(fromBytes).toBeGreaterThan(1500);
  });

  it('hash a plain row of the benchmark’s shape from its bytes, and number its repeats the same way', () => {
    const text = '1,female,30_40,gp,,,Remarque été 0-0';
    const plain = { bytes: asBytes(text), delimiter: 44 };
    expect(plainRecordHash(plain.bytes, 44)).not.toBeNull();
    const [a, b] = [new RowFingerprints(), new RowFingerprints()];
    for (let line = 1; line <= 3; line++) expect(a.add(text.split(','), line, plain.bytes)).toEqual(b.add(text.split(','), line));
    for (const edge of [' 1,female', '1,female ', '1, female', '1 ,female', '1,\u00a0female', 'é,1']) expect(plainRecordHash(asBytes(edge), 44)).toBeNull();
  });
});
