/**
 * Reads a stored answers document without building it as an object: the members' keys and
 * values as positions in the text and hashes of their characters, in reusable typed arrays.
 * At 100k respondents JSON.parse and the objects it builds were half the results' time.
 *
 * Only the shape the store writes (JSON.stringify of item code → choice code, integer, text
 * or list of choice codes) is read here: no whitespace, no escape, integers of at most 15
 * digits. `scan` answers false for anything else, and the caller parses that document with
 * JSON.parse, which also refuses what is not JSON.
 */

/**
 * Whether a stored answers document holds an answer. The store writes them with
 * JSON.stringify: "{}" when empty, opening with a key otherwise; only another shape is parsed.
 */
export function hasAnswers(answersJson: string): boolean {
  if (answersJson === '{}') return false;
  if (answersJson.startsWith('{"') && answersJson.endsWith('}')) return true;
  const answers: unknown = JSON.parse(answersJson);
  return answers !== null && typeof answers === 'object' && Object.keys(answers).length > 0;
}

export const STRING = 1;
export const NUMBER = 2;
export const LIST = 3;

/** The hash the scanner gives a string's characters; a table of codes is keyed by it. */
export function hashOf(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h & SMALL;
}

/** Hashes are cut to 30 bits: small integers, which V8 keeps unboxed. */
const SMALL = 0x3fffffff;

/**
 * Codes found by the hash the scanner gives a span of text: an open-addressed table in typed
 * arrays (a Map lookup per member was a fifth of reading a document). `unique` is false when
 * two codes share a hash; the caller then leaves the scanner aside.
 */
export class CodeIndex {
  readonly unique: boolean;
  /** Per slot: the code's index + 1, 0 when empty. */
  private readonly slots: Int32Array;
  private readonly hashes: Int32Array;
  private readonly mask: number;

  constructor(readonly codes: readonly string[]) {
    let size = 8;
    while (size < codes.length * 4) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
    let unique = true;
    codes.forEach((code, i) => {
      const h = hashOf(code);
      let at = h & this.mask;
      while (this.slots[at] !== 0) {
        if (this.hashes[at] === h) unique = false;
        at = (at + 1) & this.mask;
      }
      this.slots[at] = i + 1;
      this.hashes[at] = h;
    });
    this.unique = unique;
  }

  /** The index of the code of hash `h` (the first one, should two share it), or -1. */
  find(h: number): number {
    const mask = this.mask;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const slot = this.slots[at] as number;
      if (slot === 0) return -1;
      if (this.hashes[at] === h) return slot - 1;
    }
  }
}
const QUOTE = 34;
const BACKSLASH = 92;

export class AnswersScanner {
  /** Members of the last document scanned. */
  members = 0;
  keyHash = new Int32Array(64);
  keyStart = new Int32Array(64);
  keyEnd = new Int32Array(64);
  kind = new Uint8Array(64);
  /** STRING: the text's hash and span; NUMBER: `number`; LIST: elements [listFrom, listTo). */
  valueHash = new Int32Array(64);
  valueStart = new Int32Array(64);
  valueEnd = new Int32Array(64);
  number = new Float64Array(64);
  listFrom = new Int32Array(64);
  listTo = new Int32Array(64);
  elements = 0;
  elementHash = new Int32Array(256);
  elementStart = new Int32Array(256);
  elementEnd = new Int32Array(256);

  private text = '';
  private at = 0;
  private hash = 0;

  /** Scans one document; false when it is not of the shape the store writes. */
  scan(text: string): boolean {
    this.text = text;
    this.members = 0;
    this.elements = 0;
    if (text.charCodeAt(0) !== 123) return false; // {
    this.at = 1;
    if (text.charCodeAt(1) === 125) return text.length === 2; // {}
    for (;;) {
      const m = this.members;
      if (m === this.kind.length) this.growMembers();
      if (!this.string()) return false;
      this.keyHash[m] = this.hash;
      this.keyStart[m] = this.start;
      this.keyEnd[m] = this.at - 1;
      if (text.charCodeAt(this.at++) !== 58) return false; // :
      if (!this.value(m)) return false;
      this.members = m + 1;
      const next = text.charCodeAt(this.at++);
      if (next === 125) return this.at === text.length; // }
      if (next !== 44) return false; // ,
    }
  }

  private start = 0;

  /** A string at `at` with no escape: its hash, `start` and the position after its quote. */
  private string(): boolean {
    const text = this.text;
    if (text.charCodeAt(this.at) !== QUOTE) return false;
    const start = this.at + 1;
    let h = 0;
    let i = start;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) break;
      if (c === BACKSLASH || c < 32 || Number.isNaN(c)) return false;
      h = (Math.imul(h, 31) + c) | 0;
      i++;
    }
    this.start = start;
    this.hash = h & SMALL;
    this.at = i + 1;
    return true;
  }

  private value(m: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(this.at);
    if (c === QUOTE) {
      if (!this.string()) return false;
      this.kind[m] = STRING;
      this.valueHash[m] = this.hash;
      this.valueStart[m] = this.start;
      this.valueEnd[m] = this.at - 1;
      return true;
    }
    if (c === 91) return this.list(m); // [
    return this.integer(m);
  }

  private list(m: number): boolean {
    const text = this.text;
    this.kind[m] = LIST;
    this.listFrom[m] = this.elements;
    this.at++;
    if (text.charCodeAt(this.at) === 93) {
      this.at++;
      this.listTo[m] = this.elements;
      return true;
    }
    for (;;) {
      if (!this.string()) return false;
      const e = this.elements++;
      if (e === this.elementHash.length) this.growElements();
      this.elementHash[e] = this.hash;
      this.elementStart[e] = this.start;
      this.elementEnd[e] = this.at - 1;
      const next = text.charCodeAt(this.at++);
      if (next === 93) break; // ]
      if (next !== 44) return false;
    }
    this.listTo[m] = this.elements;
    return true;
  }

  /** -?(0|[1-9][0-9]*), at most 15 digits: exact as JSON.parse reads it. */
  private integer(m: number): boolean {
    const text = this.text;
    let i = this.at;
    const negative = text.charCodeAt(i) === 45;
    if (negative) i++;
    const first = i;
    let value = 0;
    for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) value = value * 10 + (c - 48);
    const digits = i - first;
    if (digits === 0 || digits > 15 || (digits > 1 && text.charCodeAt(first) === 48)) return false;
    const after = text.charCodeAt(i);
    if (after !== 44 && after !== 125) return false; // a fraction or an exponent: JSON.parse reads those
    this.kind[m] = NUMBER;
    this.number[m] = negative ? -value : value;
    this.at = i;
    return true;
  }

  /** Whether the span [start, end) of the last document is exactly `code` (short codes: a loop beats startsWith). */
  is(code: string, start: number, end: number): boolean {
    if (end - start !== code.length) return false;
    const text = this.text;
    for (let i = 0; i < code.length; i++) if (text.charCodeAt(start + i) !== code.charCodeAt(i)) return false;
    return true;
  }

  /** The index in `index` of the code the span [start, end) of hash `h` is exactly, or -1. */
  lookup(index: CodeIndex, h: number, start: number, end: number): number {
    const at = index.find(h);
    return at >= 0 && this.is(index.codes[at] as string, start, end) ? at : -1;
  }

  slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }

  private growMembers(): void {
    const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
      const next = new (a.constructor as new (n: number) => T)(a.length * 2);
      next.set(a as never);
      return next;
    };
    this.keyHash = grow(this.keyHash);
    this.keyStart = grow(this.keyStart);
    this.keyEnd = grow(this.keyEnd);
    this.kind = grow(this.kind);
    this.valueHash = grow(this.valueHash);
    this.valueStart = grow(this.valueStart);
    this.valueEnd = grow(this.valueEnd);
    this.number = grow(this.number);
    this.listFrom = grow(this.listFrom);
    this.listTo = grow(this.listTo);
  }

  private growElements(): void {
    const grow = (a: Int32Array) => {
      const next = new Int32Array(a.length * 2);
      next.set(a);
      return next;
    };
    this.elementHash = grow(this.elementHash);
    this.elementStart = grow(this.elementStart);
    this.elementEnd = grow(this.elementEnd);
  }
}
