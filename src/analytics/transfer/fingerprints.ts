/**
 * Fingerprints that let the store refuse an import it already holds, without keeping any
 * personal data: SHA-256 of the file's bytes, and SHA-256 of each row's canonical content:
 * its fields as parsed and trimmed (so the same rows separated by `;` instead of `,`, in
 * another encoding or with other quoting match), which for a Google Forms row includes the
 * timestamp it carried. The row fingerprint also numbers repeats of the same content inside
 * one file (the k-th identical row hashes with k), because two respondents who stopped after
 * the same first answer are two responses: importing the same file again matches every row,
 * while another file matches only as many identical rows as it repeats.
 *
 * Inside one file, identical rows are reported (line and the line it repeats), not refused:
 * short in-progress responses coincide legitimately.
 */
import { hash } from 'node:crypto';

/** Bumped if the canonical form changes, so old fingerprints never match new ones by accident. */
const ROW_DOMAIN = 'confreres.import.row.v1\n';

/** Fields as parsed, trimmed, joined with a separator no CSV field of ours holds (U+001F). */
export function canonicalRow(fields: readonly string[]): string {
  // join builds one flat string; concatenation built a rope that hashing had to flatten.
  const trimmed: string[] = new Array(fields.length);
  for (let i = 0; i < fields.length; i++) trimmed[i] = (fields[i] ?? '').trim();
  return trimmed.join('\u001f');
}

const DOMAIN_BYTES = Buffer.from(ROW_DOMAIN);
const UNIT_SEPARATOR = 0x1f;
/** Reused for every row: the domain, then the record's bytes with its delimiters made U+001F. */
let scratch = Buffer.allocUnsafe(4096);

/**
 * A byte next to a field's edge that `trim` might remove: ASCII whitespace, or the start of a
 * character beyond ASCII (a no-break space is C2 A0). Other control bytes are never trimmed.
 */
function mayTrim(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d) || byte >= 0x80;
}

/**
 * The SHA-256 (hex) of the row domain and canonicalRow, taken from the UTF-8 bytes of a
 * record read without quotes, given as Latin-1 text (one character a byte) as the CSV reader
 * holds it: the bytes with each delimiter made U+001F are the canonical form's UTF-8 (no
 * byte of a multi-byte character is ASCII), as long as no field has anything to trim; null
 * when one might. 1.2 M rows: 1.2 s less than trimming and joining the fields and encoding
 * the result again.
 */
export function plainRecordHash(utf8AsLatin1: string, delimiter: number): string | null {
  const start = DOMAIN_BYTES.length;
  const end = start + utf8AsLatin1.length;
  if (scratch.length < end) scratch = Buffer.allocUnsafe(Math.max(end, scratch.length * 2));
  const bytes = scratch;
  DOMAIN_BYTES.copy(bytes, 0);
  bytes.write(utf8AsLatin1, start, 'latin1');
  let fieldStart = start;
  for (let i = start; i <= end; i++) {
    if (i < end && bytes[i] !== delimiter) continue;
    // A field [fieldStart, i): its first and last bytes must be kept by trim.
    if (i > fieldStart && (mayTrim(bytes[fieldStart] as number) || mayTrim(bytes[i - 1] as number))) return null;
    if (i < end) bytes[i] = UNIT_SEPARATOR;
    fieldStart = i + 1;
  }
  return hash('sha256', bytes.subarray(0, end));
}

export function sha256Hex(text: string): string {
  return hash('sha256', text);
}

export interface RowFingerprint {
  /** Stored with the response: SHA-256 of the content and of its repeat number. */
  readonly fingerprint: string;
  /** The line of the first identical row of this file, or null. */
  readonly repeatsLine: number | null;
}

/**
 * Counts identical rows in one file with 64-bit prefixes of their content hashes in an
 * open-addressing table of typed arrays filled to at most three quarters: 16 bytes a slot,
 * 21–43 bytes a distinct row (a million rows: 32 MB, 48 MB while it grows), instead of a Set
 * of hex strings several times larger. This is the one thing an import keeps a row: the
 * repeat number of a row depends on every earlier row of the file. A 64-bit collision among
 * a million rows has a probability near 3·10⁻⁸.
 */
export class RowFingerprints {
  // A 64-bit prefix as two 32-bit halves: BigInt arithmetic costs several µs a row.
  private high = new Uint32Array(1 << 12);
  private low = new Uint32Array(1 << 12);
  private counts = new Uint32Array(1 << 12);
  private firstLines = new Uint32Array(1 << 12);
  private size = 0;
  private readonly delimiter: number;

  /** `delimiter`: the file's, for the records given as their bytes (plainRecordHash). */
  constructor(delimiter = ',') {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** `plainUtf8`: for a record read without quotes from UTF-8, its bytes as Latin-1 text. */
  add(fields: readonly string[], line: number, plainUtf8?: string): RowFingerprint {
    // One-shot hashing: a Hash object a row cost five times as much.
    const content = (plainUtf8 === undefined ? null : plainRecordHash(plainUtf8, this.delimiter)) ?? hash('sha256', ROW_DOMAIN + canonicalRow(fields));
    const high = parseInt(content.slice(0, 8), 16);
    const low = parseInt(content.slice(8, 16), 16);
    const slot = this.slot(high, low);
    const seen = this.counts[slot] ?? 0;
    if (seen === 0) {
      this.high[slot] = high;
      this.low[slot] = low;
      this.firstLines[slot] = line;
      this.size++;
    }
    this.counts[slot] = seen + 1;
    // A repeat: SHA-256 of the content's digest (bytes) and of its number.
    const fingerprint = seen === 0 ? content : hash('sha256', Buffer.concat([Buffer.from(content, 'hex'), Buffer.from(`#${seen}`)]));
    const repeatsLine = seen === 0 ? null : (this.firstLines[slot] ?? null);
    if (this.size * 4 > this.counts.length * 3) this.grow();
    return { fingerprint, repeatsLine };
  }

  private slot(high: number, low: number): number {
    const mask = this.counts.length - 1;
    let slot = low & mask;
    while (this.counts[slot] !== 0 && (this.high[slot] !== high || this.low[slot] !== low)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { high, low, counts, firstLines } = this;
    const capacity = counts.length * 2;
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
    this.counts = new Uint32Array(capacity);
    this.firstLines = new Uint32Array(capacity);
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] === 0) continue;
      const slot = this.slot(high[i] as number, low[i] as number);
      this.high[slot] = high[i] as number;
      this.low[slot] = low[i] as number;
      this.counts[slot] = counts[i] as number;
      this.firstLines[slot] = firstLines[i] as number;
    }
  }
}
