/**
 * Shared look and layout helpers: palette, type sizes, word wrapping, the header that carries
 * title and n, the legend, number formatting. Layout is computed here in pixels rather than
 * left to echarts, so heights can follow the content (a 25-bar panel, a four-line statement)
 * and nothing is clipped.
 */
import type { LegendComponentOption, TitleComponentOption } from 'echarts';
import { textWidth } from './fontMetrics.ts';

export const FONT_FAMILY = 'DejaVu Sans';

/**
 * Okabe & Ito's colour-blind-safe palette (Color Universal Design), darkest-first so a single
 * series gets the blue, which keeps enough contrast for white or black text.
 */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const;

/**
 * Low / middle / high buckets of a 0–10 scale: orange and blue are told apart by every common
 * colour-vision deficiency; the neutral middle is grey, so "mixed" does not read as a side.
 */
export const STACK_COLORS = ['#E69F00', '#C8C8C8', '#0072B2'] as const;
/** Text drawn on each stack colour, picked for contrast (≥ 4.5:1). */
export const STACK_TEXT = ['#1a1a1a', '#1a1a1a', '#ffffff'] as const;

export const COLORS = {
  text: '#1a1a1a',
  muted: '#4d4d4d',
  axis: '#8c8c8c',
  grid: '#e6e6e6',
  background: '#ffffff',
} as const;

export const PAD = 24;
export const DEFAULT_WIDTH = 1000;

export const TYPE = {
  title: { size: 20, line: 26 },
  subtitle: { size: 14, line: 20 },
  label: { size: 13, line: 17 },
  small: { size: 12, line: 15 },
} as const;

/** A regular space can break; no-break spaces (French "87,5 %", "« oui »") cannot. */
const BREAKABLE = /[ \t\r\n]+/;
/** Closing punctuation that must not start a line (French puts a space before ? ! : ;). */
const CLOSING = /^[?!:;»%)\]…]+$/;

function fitWithEllipsis(line: string, maxWidth: number, size: number, bold: boolean): string {
  let s = line;
  while (s.length > 0 && textWidth(`${s}…`, size, bold) > maxWidth) s = s.slice(0, -1);
  return `${s.trimEnd()}…`;
}

/** Splits a word wider than the line: after its hyphens if that suffices, else by letters. */
function splitLongWord(word: string, maxWidth: number, size: number, bold: boolean): string[] {
  const parts: string[] = [];
  let current = '';
  for (const piece of word.split(/(?<=-)/)) {
    if (textWidth(current + piece, size, bold) <= maxWidth) {
      current += piece;
      continue;
    }
    if (current !== '') parts.push(current);
    current = '';
    for (const ch of piece) {
      if (current !== '' && textWidth(current + ch, size, bold) > maxWidth) {
        parts.push(current);
        current = '';
      }
      current += ch;
    }
  }
  if (current !== '') parts.push(current);
  return parts;
}

/**
 * Greedy word wrap to `maxWidth` px. Beyond `maxLines`, the last kept line ends with "…" so
 * the label stays readable and honest about being cut.
 */
export function wrap(text: string, maxWidth: number, size: number, opts: { bold?: boolean; maxLines?: number } = {}): string[] {
  const bold = opts.bold ?? false;
  const words: string[] = [];
  for (const w of text.trim().split(BREAKABLE)) {
    const last = words.length - 1;
    if (last >= 0 && CLOSING.test(w)) words[last] = `${words[last] ?? ''} ${w}`;
    else words.push(w);
  }
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (textWidth(candidate, size, bold) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    if (textWidth(word, size, bold) <= maxWidth) {
      line = word;
    } else {
      const parts = splitLongWord(word, maxWidth, size, bold);
      line = parts.pop() ?? '';
      lines.push(...parts);
    }
  }
  if (line !== '') lines.push(line);

  const max = opts.maxLines ?? Infinity;
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  kept[max - 1] = fitWithEllipsis(kept[max - 1] ?? '', maxWidth, size, bold);
  return kept;
}

export function widest(lines: string[], size: number, bold = false): number {
  return Math.max(0, ...lines.map((l) => textWidth(l, size, bold)));
}

/**
 * Formats the numbers the renderer prints itself. Values are in the spec's unit: percentages
 * arrive as 0–100, so they are divided by 100 for Intl's percent style, which places the
 * locale's own sign and spacing ("87,5 %" vs "87.5%").
 */
export function numberFormat(locale: string, unit: 'count' | 'percent', fractionDigits: number): (v: number) => string {
  // A fixed number of decimals: "38,0 %" beside "38,2 %", never "38 %" (values as the text prints them).
  const fmt =
    unit === 'percent'
      ? new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits })
      : // Counts are whole, without grouping, as the text prints them ("1204"; "n = 1451").
        new Intl.NumberFormat(locale, { maximumFractionDigits: 0, useGrouping: false });
  return unit === 'percent' ? (v) => fmt.format(v / 100) : (v) => fmt.format(v);
}

export const DEFAULT_LOCALE = 'fr-FR';

/**
 * Title, optional subtitle and the n statement, stacked at the top left. Returns the y where
 * the plot may start. n gets its own component so it is never dropped or merged away.
 */
export function header(
  spec: { title: string; subtitle?: string; nLabel: string },
  width: number,
): { title: TitleComponentOption[]; bottom: number } {
  const maxWidth = width - 2 * PAD;
  const blocks: { lines: string[]; size: number; line: number; bold: boolean; color: string }[] = [
    { lines: wrap(spec.title, maxWidth, TYPE.title.size, { bold: true, maxLines: 3 }), ...TYPE.title, bold: true, color: COLORS.text },
  ];
  if (spec.subtitle !== undefined) {
    blocks.push({ lines: wrap(spec.subtitle, maxWidth, TYPE.subtitle.size, { maxLines: 3 }), ...TYPE.subtitle, bold: false, color: COLORS.muted });
  }
  blocks.push({ lines: wrap(spec.nLabel, maxWidth, TYPE.subtitle.size, { bold: true, maxLines: 2 }), ...TYPE.subtitle, bold: true, color: COLORS.muted });

  const title: TitleComponentOption[] = [];
  let y = PAD - 6;
  for (const b of blocks) {
    title.push({
      text: b.lines.join('\n'),
      left: PAD,
      top: y,
      padding: 0,
      textStyle: { fontFamily: FONT_FAMILY, fontSize: b.size, lineHeight: b.line, fontWeight: b.bold ? 'bold' : 'normal', color: b.color },
    });
    y += b.lines.length * b.line + 4;
  }
  return { title, bottom: y + 8 };
}

const LEGEND_ICON = 14;
const LEGEND_GAP = 20;
/** Space echarts leaves between a legend icon and its text. */
const LEGEND_ICON_TEXT_GAP = 5;

/** A one-or-more-row legend at `top`, with the height it takes (rows are packed greedily). */
export function legend(names: string[], top: number, width: number): { legend: LegendComponentOption; height: number } {
  const maxWidth = width - 2 * PAD;
  let rows = 1;
  let x = 0;
  for (const name of names) {
    const w = LEGEND_ICON + LEGEND_ICON_TEXT_GAP + textWidth(name, TYPE.label.size);
    if (x > 0 && x + w > maxWidth) {
      rows++;
      x = 0;
    }
    x += w + LEGEND_GAP;
  }
  return {
    legend: {
      data: names,
      left: PAD,
      top,
      width: maxWidth,
      padding: 0,
      itemWidth: LEGEND_ICON,
      itemHeight: LEGEND_ICON,
      itemGap: LEGEND_GAP,
      icon: 'rect',
      textStyle: { fontFamily: FONT_FAMILY, fontSize: TYPE.label.size, color: COLORS.text },
    },
    // echarts separates wrapped legend rows by itemGap too.
    height: rows * TYPE.label.line + (rows - 1) * LEGEND_GAP,
  };
}

/** Options every chart starts from: no animation (nothing to animate in a PNG), white ground. */
export const BASE_OPTION = {
  animation: false,
  backgroundColor: COLORS.background,
  textStyle: { fontFamily: FONT_FAMILY, color: COLORS.text },
} as const;
