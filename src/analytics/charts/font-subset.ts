/**
 * A chart's fonts cut down to the glyphs it can draw, for resvg.
 *
 * Why: resvg-js 2.6 (its font database) reads the whole font file again for every glyph it
 * lays out: 760 KB of DejaVu Sans per letter, 3,300 file reads for Fig. 1, most of its
 * rendering time (measured with strace). The same file with every glyph the chart cannot
 * need left empty, its kerning pairs and its names cut to match, is a sixth of that size
 * (the read time is proportional: 5–6 ms per 100 KB for Fig. 1) and draws the same pixels:
 * glyph ids, metrics and substitution tables stay as they are. Kept: the glyphs of the
 * characters in the chart's text (composed and decomposed) and of Latin-1, every glyph a
 * substitution lookup can reach from those (ligatures, contextual and localised forms), and
 * the components of composite glyphs.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

interface Font {
  readonly data: Buffer;
  readonly tables: ReadonlyMap<string, { readonly offset: number; readonly length: number }>;
  readonly numGlyphs: number;
  /** The glyph the cmap maps a character to (0: none). */
  readonly glyphOf: (codePoint: number) => number;
  readonly substitutions: Substitutions;
}

interface Ligature {
  /** The components after the first. */
  readonly rest: readonly number[];
  readonly glyph: number;
}

interface Substitutions {
  readonly outputs: Map<number, number[]>;
  readonly ligatures: Map<number, Ligature[]>;
}

const fonts = new Map<string, Font | null>();
const written = new Map<string, string>();
/** The subset file per font and set of characters beyond Latin-1. */
const byCharacters = new Map<string, string>();

/**
 * The path of `file` cut down to what `text` needs (written once per distinct subset and
 * process, in a temporary folder), or `file` itself when it cannot be read as a TrueType font.
 */
export function subsetFontFile(file: string, text: string): string {
  const font = fontAt(file);
  if (!font) return file;
  // Charts in French or English use Latin-1 alone (always kept): the same file every time.
  const extra = [...new Set(text.replace(/[\x20-\xff\n\r\t]+/g, ''))].sort().join('');
  const entities = /&#/.test(text);
  const known = entities ? undefined : byCharacters.get(`${file}\0${extra}`);
  if (known && existsSync(known)) return known;
  const target = writeSubset(file, font, text);
  if (!entities) byCharacters.set(`${file}\0${extra}`, target);
  return target;
}

function writeSubset(file: string, font: Font, text: string): string {
  const keep = new Set([0]);
  // Printable ASCII and Latin-1 whatever the text (entities such as &lt; in the SVG included).
  for (let cp = 0x20; cp <= 0xff; cp++) keep.add(font.glyphOf(cp));
  // Shaping may compose or decompose characters (e + U+0301 → é) before looking them up.
  for (const ch of new Set(text + text.normalize('NFD') + text.normalize('NFC'))) keep.add(font.glyphOf(ch.codePointAt(0) ?? 0));
  for (const [, hex, dec] of text.matchAll(/&#(?:x([0-9a-f]+)|(\d+));/gi)) {
    const character = String.fromCodePoint(hex ? Number.parseInt(hex, 16) : Number(dec));
    for (const ch of character + character.normalize('NFD')) keep.add(font.glyphOf(ch.codePointAt(0) ?? 0));
  }
  addSubstitutions(font, keep);
  addComponents(font, keep);
  const ids = [...keep].sort((a, b) => a - b);
  const key = createHash('sha256').update(file).update(Uint16Array.from(ids)).digest('hex').slice(0, 24);
  let target = written.get(key);
  if (!target || !existsSync(target)) {
    target = path.join(folder(), `${path.basename(file, '.ttf')}-${key}.ttf`);
    writeFileSync(target, subsetFont(font, keep), { mode: 0o600 });
    written.set(key, target);
  }
  return target;
}

let created: string | undefined;

/** This process's own folder (700, a fresh name: no other user can plant a font there), removed at exit. */
function folder(): string {
  if (created === undefined || !existsSync(created)) {
    const made = mkdtempSync(path.join(tmpdir(), 'confreres-fonts-'));
    created = made;
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  return created;
}

function fontAt(file: string): Font | null {
  if (!fonts.has(file)) {
    try {
      fonts.set(file, parseFont(readFileSync(file)));
    } catch {
      fonts.set(file, null);
    }
  }
  return fonts.get(file) ?? null;
}

function parseFont(data: Buffer): Font {
  const tables = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < data.readUInt16BE(4); i++) {
    const record = 12 + i * 16;
    tables.set(data.toString('latin1', record, record + 4), { offset: data.readUInt32BE(record + 8), length: data.readUInt32BE(record + 12) });
  }
  for (const required of ['head', 'maxp', 'loca', 'glyf', 'cmap']) if (!tables.has(required)) throw new Error(`no ${required} table`);
  const numGlyphs = data.readUInt16BE((tables.get('maxp')?.offset ?? 0) + 4);
  const glyphOf = readCmap(data, tables.get('cmap')?.offset ?? 0);
  const gsub = tables.get('GSUB');
  const substitutions = gsub ? readSubstitutions(data, gsub.offset) : { outputs: new Map(), ligatures: new Map() };
  return { data, tables, numGlyphs, glyphOf, substitutions };
}

/** The format 4 (BMP) and format 12 (full) subtables of the cmap, as one lookup. */
function readCmap(data: Buffer, cmap: number): (codePoint: number) => number {
  const map = new Map<number, number>();
  for (let i = 0; i < data.readUInt16BE(cmap + 2); i++) {
    const at = cmap + data.readUInt32BE(cmap + 4 + i * 8 + 4);
    const format = data.readUInt16BE(at);
    if (format === 4) {
      const segX2 = data.readUInt16BE(at + 6);
      const ends = at + 14;
      const starts = ends + segX2 + 2;
      const deltas = starts + segX2;
      const ranges = deltas + segX2;
      for (let s = 0; s < segX2; s += 2) {
        const start = data.readUInt16BE(starts + s);
        const end = data.readUInt16BE(ends + s);
        const delta = data.readUInt16BE(deltas + s);
        const range = data.readUInt16BE(ranges + s);
        for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
          const g = range === 0 ? (cp + delta) & 0xffff : data.readUInt16BE(ranges + s + range + 2 * (cp - start));
          const glyph = range !== 0 && g !== 0 ? (g + delta) & 0xffff : g;
          if (glyph !== 0) map.set(cp, glyph);
        }
      }
    } else if (format === 12) {
      for (let n = 0; n < data.readUInt32BE(at + 12); n++) {
        const group = at + 16 + n * 12;
        const start = data.readUInt32BE(group);
        const first = data.readUInt32BE(group + 8);
        for (let cp = start; cp <= data.readUInt32BE(group + 4); cp++) map.set(cp, first + cp - start);
      }
    }
  }
  return (cp) => map.get(cp) ?? 0;
}

/**
 * What each substitution lookup can turn a glyph into, whatever its context: one glyph into
 * others (single, multiple, alternate), or a run of glyphs into a ligature (keyed by its first).
 * Contextual lookups only call these, so reading every lookup gives a closure that can be too
 * large, never too small.
 */
function readSubstitutions(data: Buffer, gsub: number): Substitutions {
  const outputs = new Map<number, number[]>();
  const ligatures = new Map<number, Ligature[]>();
  const lookups = gsub + data.readUInt16BE(gsub + 8);
  for (let l = 0; l < data.readUInt16BE(lookups); l++) {
    const lookup = lookups + data.readUInt16BE(lookups + 2 + l * 2);
    const lookupType = data.readUInt16BE(lookup);
    for (let s = 0; s < data.readUInt16BE(lookup + 4); s++) {
      let sub = lookup + data.readUInt16BE(lookup + 6 + s * 2);
      let type = lookupType;
      if (type === 7) {
        type = data.readUInt16BE(sub + 2);
        sub += data.readUInt32BE(sub + 4);
      }
      substitutionSubtable(data, type, sub, { outputs, ligatures });
    }
  }
  return { outputs, ligatures };
}

function substitutionSubtable(data: Buffer, type: number, sub: number, into: Substitutions): void {
  const u16 = (at: number) => data.readUInt16BE(at);
  const glyphsAt = (at: number) => Array.from({ length: u16(at) }, (_, i) => u16(at + 2 + i * 2));
  const add = (from: number, to: readonly number[]) => pushTo(into.outputs, from, ...to);
  if (type < 1 || type > 4) return;
  const covered = coverage(data, sub + u16(sub + 2));
  if (type === 1 && u16(sub) === 1) {
    const delta = data.readInt16BE(sub + 4);
    for (const g of covered) add(g, [(g + delta) & 0xffff]);
  } else if (type === 1) {
    covered.forEach((g, i) => add(g, [u16(sub + 6 + i * 2)]));
  } else if (type === 2 || type === 3) {
    // Sequences (multiple) or alternate sets: one array of glyphs per covered glyph.
    covered.forEach((g, i) => add(g, glyphsAt(sub + u16(sub + 6 + i * 2))));
  } else {
    covered.forEach((first, i) => {
      const set = sub + u16(sub + 6 + i * 2);
      for (let j = 0; j < u16(set); j++) {
        const ligature = set + u16(set + 2 + j * 2);
        const count = u16(ligature + 2);
        const rest = Array.from({ length: count - 1 }, (_, k) => u16(ligature + 4 + k * 2));
        pushTo(into.ligatures, first, { rest, glyph: u16(ligature) });
      }
    });
  }
}

function pushTo<T>(map: Map<number, T[]>, key: number, ...values: T[]): void {
  const known = map.get(key);
  if (known) known.push(...values);
  else map.set(key, values);
}

/** Adds every glyph a substitution can reach from the kept ones. */
function addSubstitutions(font: Font, keep: Set<number>): void {
  const { outputs, ligatures } = font.substitutions;
  for (let changed = true; changed; ) {
    changed = false;
    for (const glyph of [...keep]) {
      const reached = [...(outputs.get(glyph) ?? [])];
      for (const { rest, glyph: ligature } of ligatures.get(glyph) ?? []) if (rest.every((g) => keep.has(g))) reached.push(ligature);
      for (const out of reached) {
        if (keep.has(out)) continue;
        keep.add(out);
        changed = true;
      }
    }
  }
}

function coverage(data: Buffer, at: number): number[] {
  const glyphs: number[] = [];
  const count = data.readUInt16BE(at + 2);
  if (data.readUInt16BE(at) === 1) for (let i = 0; i < count; i++) glyphs.push(data.readUInt16BE(at + 4 + i * 2));
  else {
    for (let i = 0; i < count; i++) {
      const range = at + 4 + i * 6;
      for (let g = data.readUInt16BE(range); g <= data.readUInt16BE(range + 2); g++) glyphs.push(g);
    }
  }
  return glyphs;
}

function glyphRange(font: Font, glyph: number): [number, number] {
  const { data, tables } = font;
  const loca = tables.get('loca')?.offset ?? 0;
  const long = data.readInt16BE((tables.get('head')?.offset ?? 0) + 50) === 1;
  const at = (g: number) => (long ? data.readUInt32BE(loca + g * 4) : data.readUInt16BE(loca + g * 2) * 2);
  return [at(glyph), at(glyph + 1)];
}

/** Adds the components of every kept composite glyph, and theirs. */
function addComponents(font: Font, keep: Set<number>): void {
  const glyf = font.tables.get('glyf')?.offset ?? 0;
  const pending = [...keep];
  while (pending.length > 0) {
    const glyph = pending.pop() as number;
    if (glyph >= font.numGlyphs) continue;
    const [start, end] = glyphRange(font, glyph);
    if (end <= start || font.data.readInt16BE(glyf + start) >= 0) continue;
    let at = glyf + start + 10;
    for (;;) {
      const flags = font.data.readUInt16BE(at);
      const component = font.data.readUInt16BE(at + 2);
      if (!keep.has(component)) {
        keep.add(component);
        pending.push(component);
      }
      if ((flags & 0x20) === 0) break; // MORE_COMPONENTS
      at += 4 + (flags & 0x1 ? 4 : 2) + (flags & 0x8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
    }
  }
}

/** The font with the glyphs outside `keep` emptied: new glyf and (long) loca, head to match. */
function subsetFont(font: Font, keep: ReadonlySet<number>): Buffer {
  const { data, tables, numGlyphs } = font;
  const glyf = tables.get('glyf')?.offset ?? 0;
  const parts: Buffer[] = [];
  const offsets = new Uint32Array(numGlyphs + 1);
  let size = 0;
  for (let g = 0; g < numGlyphs; g++) {
    offsets[g] = size;
    if (!keep.has(g)) continue;
    const [start, end] = glyphRange(font, g);
    const length = end - start;
    if (length <= 0) continue;
    const padded = (length + 3) & ~3;
    const part = Buffer.alloc(padded);
    data.copy(part, 0, glyf + start, glyf + end);
    parts.push(part);
    size += padded;
  }
  offsets[numGlyphs] = size;
  // Short offsets (half the size) when the glyphs left fit in them, as they do for a chart.
  const short = size < 0x20000;
  const loca = Buffer.alloc((numGlyphs + 1) * (short ? 2 : 4));
  offsets.forEach((at, g) => (short ? loca.writeUInt16BE(at / 2, g * 2) : loca.writeUInt32BE(at, g * 4)));
  const table = (tag: string) => {
    const found = tables.get(tag);
    return Buffer.from(data.subarray(found?.offset ?? 0, (found?.offset ?? 0) + (found?.length ?? 0)));
  };
  const head = table('head');
  head.writeUInt32BE(0, 8); // checkSumAdjustment: not checked by readers, and stale once tables change
  head.writeInt16BE(short ? 0 : 1, 50); // indexToLocFormat
  const replaced = new Map<string, Buffer>([
    ['glyf', Buffer.concat(parts)],
    ['loca', loca],
    ['head', head],
  ]);
  // resvg reads the whole file again for each glyph, so what it does not draw with goes too:
  // kerning pairs of glyphs left empty, and the licence text and other names no reader matches on.
  if (tables.has('kern')) replaced.set('kern', kerningOf(table('kern'), keep));
  if (tables.has('name')) replaced.set('name', namesOf(table('name')));
  // Glyph names (a tenth of DejaVu Sans) are read by no renderer: version 3 keeps the header alone.
  const post = tables.has('post') ? table('post').subarray(0, 32) : null;
  if (post) {
    post.writeUInt32BE(0x00030000, 0);
    replaced.set('post', post);
  }
  const tags = [...tables.keys()].sort();
  const directory = 12 + tags.length * 16;
  const bodies = tags.map((tag) => {
    const table = tables.get(tag);
    return replaced.get(tag) ?? data.subarray(table?.offset ?? 0, (table?.offset ?? 0) + (table?.length ?? 0));
  });
  const header = Buffer.alloc(directory);
  data.copy(header, 0, 0, 12);
  let offset = directory;
  const chunks: Buffer[] = [header];
  tags.forEach((tag, i) => {
    const body = bodies[i] as Buffer;
    const record = 12 + i * 16;
    header.write(tag, record, 'latin1');
    header.writeUInt32BE(checksum(body), record + 4);
    header.writeUInt32BE(offset, record + 8);
    header.writeUInt32BE(body.length, record + 12);
    const padded = (body.length + 3) & ~3;
    chunks.push(body, Buffer.alloc(padded - body.length));
    offset += padded;
  });
  return Buffer.concat(chunks);
}

/**
 * The kern table with the pairs of kept glyphs only. Format 0 subtables (sorted pairs) are
 * filtered, their search fields recomputed; a table of another version or format stays whole.
 */
function kerningOf(kern: Buffer, keep: ReadonlySet<number>): Buffer {
  if (kern.length < 4 || kern.readUInt16BE(0) !== 0) return kern;
  const subtables: Buffer[] = [];
  let at = 4;
  for (let t = 0; t < kern.readUInt16BE(2); t++) {
    const length = kern.readUInt16BE(at + 2);
    const coverage = kern.readUInt16BE(at + 4);
    if (coverage >> 8 !== 0) return kern;
    const pairs: Buffer[] = [];
    for (let p = 0; p < kern.readUInt16BE(at + 6); p++) {
      const pair = at + 14 + p * 6;
      if (keep.has(kern.readUInt16BE(pair)) && keep.has(kern.readUInt16BE(pair + 2))) pairs.push(kern.subarray(pair, pair + 6));
    }
    const header = Buffer.alloc(14);
    const entrySelector = pairs.length > 0 ? Math.floor(Math.log2(pairs.length)) : 0;
    const searchRange = pairs.length > 0 ? 6 * 2 ** entrySelector : 0;
    header.writeUInt16BE(0, 0);
    header.writeUInt16BE(14 + pairs.length * 6, 2);
    header.writeUInt16BE(coverage, 4);
    header.writeUInt16BE(pairs.length, 6);
    header.writeUInt16BE(searchRange, 8);
    header.writeUInt16BE(entrySelector, 10);
    header.writeUInt16BE(pairs.length * 6 - searchRange, 12);
    subtables.push(header, ...pairs);
    at += length;
  }
  return Buffer.concat([kern.subarray(0, 4), ...subtables]);
}

/** Names a font database matches on: family, style, full and PostScript names, version. */
const NAMES_KEPT = new Set([1, 2, 3, 4, 5, 6, 16, 17]);

/** The name table (format 0) with the records in NAMES_KEPT alone. */
function namesOf(name: Buffer): Buffer {
  if (name.length < 6 || name.readUInt16BE(0) !== 0) return name;
  const storage = name.readUInt16BE(4);
  const records: Buffer[] = [];
  const strings: Buffer[] = [];
  let offset = 0;
  for (let r = 0; r < name.readUInt16BE(2); r++) {
    const record = 6 + r * 12;
    if (!NAMES_KEPT.has(name.readUInt16BE(record + 6))) continue;
    const length = name.readUInt16BE(record + 8);
    const start = storage + name.readUInt16BE(record + 10);
    const kept = Buffer.from(name.subarray(record, record + 12));
    kept.writeUInt16BE(offset, 10);
    records.push(kept);
    strings.push(name.subarray(start, start + length));
    offset += length;
  }
  const header = Buffer.alloc(6);
  header.writeUInt16BE(records.length, 2);
  header.writeUInt16BE(6 + records.length * 12, 4);
  return Buffer.concat([header, ...records, ...strings]);
}

function checksum(table: Buffer): number {
  let sum = 0;
  for (let i = 0; i < table.length; i += 4) {
    const word = (table[i] ?? 0) * 0x1000000 + ((table[i + 1] ?? 0) << 16) + ((table[i + 2] ?? 0) << 8) + (table[i + 3] ?? 0);
    sum = (sum + word) >>> 0;
  }
  return sum;
}
