/**
 * Text measurement with the real advance widths of DejaVu Sans.
 *
 * Why: in Node there is no canvas, so echarts falls back to a built-in width table tuned for
 * a narrow browser sans-serif and counts every non-ASCII letter (é, à, ç...) as a full em.
 * DejaVu Sans, the font resvg actually draws with, is about 10–15 % wider than that table, so
 * labels wrapped or legends laid out with the estimate overflow or collide. Reading the
 * `cmap` and `hmtx` tables of the font file gives exact widths for a few kilobytes of parsing,
 * with no native dependency. Kerning is ignored (a pixel or two per line at most).
 */
import { existsSync, readFileSync } from 'node:fs';

/** Debian/Ubuntu (fonts-dejavu-core) first, then other common layouts. */
const FONT_DIRS = [
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu',
  '/usr/share/fonts/TTF',
  '/usr/local/share/fonts',
];

function findFontFile(fileName: string): string | undefined {
  for (const dir of FONT_DIRS) {
    const path = `${dir}/${fileName}`;
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** Font files handed to resvg; empty when the fonts are not where we expect them. */
export const FONT_FILES: readonly string[] = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']
  .map(findFontFile)
  .filter((p): p is string => p !== undefined);

/** Widths in em (advance / unitsPerEm) per code point, read lazily. */
interface FontWidths {
  widthOf(codePoint: number): number | undefined;
}

function parseFont(buf: Buffer): FontWidths {
  const numTables = buf.readUInt16BE(4);
  const tables = new Map<string, number>();
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    tables.set(buf.toString('latin1', rec, rec + 4), buf.readUInt32BE(rec + 8));
  }
  const head = tables.get('head');
  const hhea = tables.get('hhea');
  const hmtx = tables.get('hmtx');
  const cmap = tables.get('cmap');
  if (head === undefined || hhea === undefined || hmtx === undefined || cmap === undefined) {
    throw new Error('font lacks head/hhea/hmtx/cmap tables');
  }
  const unitsPerEm = buf.readUInt16BE(head + 18);
  const numHMetrics = buf.readUInt16BE(hhea + 34);

  // Prefer the Windows Unicode BMP subtable (format 4): it covers every Latin letter we need.
  let sub: number | undefined;
  const nSub = buf.readUInt16BE(cmap + 2);
  for (let i = 0; i < nSub; i++) {
    const rec = cmap + 4 + i * 8;
    const platform = buf.readUInt16BE(rec);
    const encoding = buf.readUInt16BE(rec + 2);
    const offset = cmap + buf.readUInt32BE(rec + 4);
    if (buf.readUInt16BE(offset) !== 4) continue;
    if ((platform === 3 && encoding === 1) || (platform === 0 && sub === undefined)) sub = offset;
  }
  if (sub === undefined) throw new Error('font has no format 4 cmap');
  const segX2 = buf.readUInt16BE(sub + 6);
  const endAt = sub + 14;
  const startAt = endAt + segX2 + 2;
  const deltaAt = startAt + segX2;
  const rangeAt = deltaAt + segX2;

  const glyphOf = (cp: number): number => {
    if (cp > 0xffff) return 0;
    for (let s = 0; s < segX2; s += 2) {
      if (buf.readUInt16BE(endAt + s) < cp) continue;
      const start = buf.readUInt16BE(startAt + s);
      if (start > cp) return 0;
      const delta = buf.readUInt16BE(deltaAt + s);
      const range = buf.readUInt16BE(rangeAt + s);
      if (range === 0) return (cp + delta) & 0xffff;
      const g = buf.readUInt16BE(rangeAt + s + range + 2 * (cp - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };

  const cache = new Map<number, number | undefined>();
  return {
    widthOf(cp) {
      if (cache.has(cp)) return cache.get(cp);
      const g = glyphOf(cp);
      let w: number | undefined;
      if (g !== 0) {
        const idx = Math.min(g, numHMetrics - 1);
        w = buf.readUInt16BE(hmtx + idx * 4) / unitsPerEm;
      }
      cache.set(cp, w);
      return w;
    },
  };
}

function loadWidths(fileName: string): FontWidths | undefined {
  const path = findFontFile(fileName);
  if (path === undefined) return undefined;
  try {
    return parseFont(readFileSync(path));
  } catch {
    return undefined; // an unreadable font only costs precision: fall back to the estimate
  }
}

let regular: FontWidths | undefined | null = null;
let bold: FontWidths | undefined | null = null;

/**
 * Width in px of one line of `text` at `fontSize`, bold or not. Characters the font lacks
 * count as one em, like echarts does, which also makes the CJK probe it uses for the line
 * height ('国') come out as the font size.
 */
export function textWidth(text: string, fontSize: number, isBold = false): number {
  if (isBold) bold ??= loadWidths('DejaVuSans-Bold.ttf');
  else regular ??= loadWidths('DejaVuSans.ttf');
  const font = isBold ? bold : regular;
  let em = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    // Without the font file, 0.62 em is DejaVu Sans's mean width over French text.
    em += font?.widthOf(cp) ?? (font ? 1 : 0.62);
  }
  return em * fontSize;
}

/** Measures a CSS font shorthand as echarts builds it ("bold 20px DejaVu Sans"). */
export function measureCss(text: string, css: string | undefined): { width: number } {
  const font = css ?? '12px sans-serif';
  const size = /(\d+(?:\.\d+)?)px/.exec(font);
  const isBold = /\bbold(er)?\b|\b[6-9]00\b/.test(font);
  return { width: textWidth(text, size ? Number(size[1]) : 12, isBold) };
}
