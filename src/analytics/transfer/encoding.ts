/**
 * Which text encoding a CSV file is in, decided from all of its bytes before a single row is
 * read, so that a file is never half imported before a bad byte shows up:
 *
 * - a byte-order mark decides: UTF-8 (Excel's "CSV UTF-8"), UTF-16 little or big endian
 *   (Excel's "Unicode text"); UTF-32 is refused;
 * - without one, valid UTF-8 is UTF-8;
 * - otherwise, a file whose bytes are all text in Windows-1252 (what Excel writes as "CSV" on
 *   a Western-European Windows; Latin-1 is its subset) is converted, and the import says so;
 * - anything else (a NUL byte, control bytes, bytes that Windows-1252 leaves undefined) is
 *   refused, naming the encoding as the problem, rather than imported with U+FFFD in place
 *   of letters.
 */
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { err, ok, type Result } from '../../shared/result.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DetectedEncoding {
  readonly encoding: TextEncoding;
  /** Bytes of the byte-order mark to skip (0 when there is none). */
  readonly bomLength: number;
  /** Converted from a legacy 8-bit encoding: the import reports it. */
  readonly converted: boolean;
}

export type EncodingProblem =
  | { readonly code: 'encoding.utf32' }
  | { readonly code: 'encoding.invalid_utf8'; readonly offset: number }
  | { readonly code: 'encoding.invalid_utf16'; readonly offset: number }
  | { readonly code: 'encoding.binary'; readonly offset: number; readonly byte: number }
  | { readonly code: 'encoding.unknown'; readonly offset: number; readonly byte: number };

/** Bytes 0x80–0x9F that Windows-1252 leaves undefined: a file holding them is not Windows-1252. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * Fed the file chunk by chunk (any chunking), then asked for its verdict. Keeps a few bytes
 * and a streaming decoder, never the file.
 */
export class EncodingSniffer {
  private head = Buffer.alloc(0);
  private offset = 0;
  private bom: { encoding: TextEncoding; length: number } | null | undefined;
  /** Still possibly UTF-8, and the bytes of a character cut at the end of the last chunk. */
  private utf8: Utf8Check | null = new Utf8Check();
  private utf16: TextDecoder | null = null;
  private firstInvalidUtf8 = -1;
  /** The first byte that no text encoding we accept would hold (NUL, control, undefined). */
  private firstBinary: { offset: number; byte: number; nul: boolean } | null = null;
  private firstUndefined: { offset: number; byte: number } | null = null;
  private utf16Invalid = -1;
  private utf32 = false;

  push(chunk: Uint8Array): void {
    if (this.bom === undefined) {
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length < 4) return;
      this.decideBom(this.head);
      const head = this.head;
      this.head = Buffer.alloc(0);
      this.scan(head);
      return;
    }
    this.scan(chunk);
  }

  finish(): Result<DetectedEncoding, EncodingProblem> {
    if (this.bom === undefined) {
      this.decideBom(this.head);
      this.scan(this.head);
    }
    if (this.utf32) return err({ code: 'encoding.utf32' });
    if (this.bom && this.bom.encoding !== 'utf-8') {
      try {
        this.utf16?.decode();
      } catch {
        if (this.utf16Invalid < 0) this.utf16Invalid = this.offset;
      }
      if (this.utf16Invalid >= 0) return err({ code: 'encoding.invalid_utf16', offset: this.utf16Invalid });
      return ok({ encoding: this.bom.encoding, bomLength: this.bom.length, converted: false });
    }
    if (this.utf8 && !this.utf8.finish() && this.firstInvalidUtf8 < 0) this.firstInvalidUtf8 = this.offset;
    if (this.firstBinary) {
      return err({ code: 'encoding.binary', offset: this.firstBinary.offset, byte: this.firstBinary.byte });
    }
    if (this.firstInvalidUtf8 < 0) return ok({ encoding: 'utf-8', bomLength: this.bom?.length ?? 0, converted: false });
    // A byte-order mark promised UTF-8: no guessing then.
    if (this.bom) return err({ code: 'encoding.invalid_utf8', offset: this.firstInvalidUtf8 });
    if (this.firstUndefined) return err({ code: 'encoding.unknown', offset: this.firstUndefined.offset, byte: this.firstUndefined.byte });
    return ok({ encoding: 'windows-1252', bomLength: 0, converted: true });
  }

  private decideBom(head: Buffer): void {
    if (head[0] === 0xff && head[1] === 0xfe && head[2] === 0 && head[3] === 0) {
      this.utf32 = true;
      this.bom = null;
    } else if (head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff) {
      this.utf32 = true;
      this.bom = null;
    } else if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      this.bom = { encoding: 'utf-8', length: 3 };
    } else if (head[0] === 0xff && head[1] === 0xfe) {
      this.bom = { encoding: 'utf-16le', length: 2 };
    } else if (head[0] === 0xfe && head[1] === 0xff) {
      this.bom = { encoding: 'utf-16be', length: 2 };
    } else {
      this.bom = null;
    }
    if (this.bom && this.bom.encoding !== 'utf-8') {
      this.utf8 = null;
      this.utf16 = new TextDecoder(this.bom.encoding, { fatal: true });
    }
  }

  private scan(chunk: Uint8Array): void {
    if (chunk.length === 0 || this.utf32) return;
    if (this.utf16) {
      if (this.utf16Invalid < 0) {
        try {
          this.utf16.decode(chunk, { stream: true });
        } catch {
          this.utf16Invalid = this.offset;
        }
      }
      this.offset += chunk.length;
      return;
    }
    if (this.utf8 && this.firstInvalidUtf8 < 0 && !this.utf8.push(chunk)) {
      this.firstInvalidUtf8 = this.offset;
      this.utf8 = null;
    }
    if (!this.firstBinary || !this.firstUndefined) this.findUnusualBytes(chunk);
    this.offset += chunk.length;
  }

  /**
   * The first control byte (binary) and the first byte Windows-1252 leaves undefined. Printable
   * ASCII is skipped four bytes at a time: a byte-by-byte loop cost 0.3 s on 200 MB.
   */
  private findUnusualBytes(chunk: Uint8Array): void {
    const aligned = (4 - (chunk.byteOffset & 3)) & 3;
    if (chunk.length < aligned + 4) {
      for (let i = 0; i < chunk.length; i++) if (this.unusual(chunk, i)) return;
      return;
    }
    for (let i = 0; i < aligned; i++) if (this.unusual(chunk, i)) return;
    const words = new Uint32Array(chunk.buffer, chunk.byteOffset + aligned, (chunk.length - aligned) >> 2);
    for (let w = 0; w < words.length; w++) {
      const word = words[w] as number;
      // A high bit is set in some byte unless every byte is 0x20–0x7E: below 0x20 borrows, 0x7F carries, 0x80 up has it.
      if ((((word - 0x20202020) | word | (word + 0x01010101)) & 0x80808080) === 0) continue;
      const at = aligned + w * 4;
      for (let i = at; i < at + 4; i++) if (this.unusual(chunk, i)) return;
    }
    for (let i = aligned + words.length * 4; i < chunk.length; i++) if (this.unusual(chunk, i)) return;
  }

  /** Notes byte i if unusual; true once a control byte is found (nothing later matters then). */
  private unusual(chunk: Uint8Array, i: number): boolean {
    const byte = chunk[i] as number;
    if (byte >= 0x20 && byte < 0x7f) return false;
    if (byte === 0x09 || byte === 0x0a || byte === 0x0d) return false;
    if (byte < 0x20 || byte === 0x7f) {
      this.firstBinary ??= { offset: this.offset + i, byte, nul: byte === 0 };
      return true;
    }
    if (CP1252_UNDEFINED.has(byte)) this.firstUndefined ??= { offset: this.offset + i, byte };
    return false;
  }
}

/**
 * Whether a stream of chunks is UTF-8, judged as a fatal TextDecoder judges it (failing on the
 * same chunk) without decoding it: the decoder made 200 MB of strings only to drop them, and
 * isUtf8 checks bytes natively. A character cut by the end of a chunk is kept for the next one,
 * unless its first bytes already cannot start a character (the decoder fails on those at once).
 */
class Utf8Check {
  private carry: Uint8Array | null = null;

  /** False once the bytes so far cannot be UTF-8. */
  push(chunk: Uint8Array): boolean {
    const bytes = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = bytes.length - incompleteTail(bytes);
    this.carry = cut < bytes.length ? Uint8Array.prototype.slice.call(bytes, cut) : null;
    return isUtf8(bytes.subarray(0, cut)) && (this.carry === null || validStart(this.carry));
  }

  /** False if the file ends inside a character. */
  finish(): boolean {
    return this.carry === null;
  }
}

/** Bytes at the end that start a character without completing it (0 to 3). */
function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back] as number;
    if (byte >= 0x80 && byte < 0xc0) continue; // a continuation byte: look further back
    const length = byte >= 0xc2 && byte < 0xe0 ? 2 : byte >= 0xe0 && byte < 0xf0 ? 3 : byte >= 0xf0 && byte < 0xf5 ? 4 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

/** A cut character's first bytes as the decoder checks them: the second byte's range after E0, ED, F0, F4. */
function validStart(start: Uint8Array): boolean {
  const lead = start[0] as number;
  const second = start[1];
  if (second === undefined) return true;
  if (lead === 0xe0) return second >= 0xa0;
  if (lead === 0xed) return second < 0xa0;
  if (lead === 0xf0) return second >= 0x90;
  if (lead === 0xf4) return second < 0x90;
  return true;
}

/** Decodes a file chunk by chunk in the encoding found, the byte-order mark left out. */
export function createDecoder(detected: DetectedEncoding): (chunk: Uint8Array | null) => string {
  const decoder = new TextDecoder(detected.encoding, { fatal: false, ignoreBOM: false });
  return (chunk) => (chunk === null ? decoder.decode() : decoder.decode(chunk, { stream: true }));
}

/** How the CLI names an encoding. */
export function encodingName(encoding: TextEncoding): string {
  return { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16 LE', 'utf-16be': 'UTF-16 BE', 'windows-1252': 'Windows-1252 (Latin-1)' }[encoding];
}
