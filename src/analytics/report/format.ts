/**
 * Numbers as the results print them: "65,1 %" in French, "65.1%" in English, counts without
 * grouping (they stay short and copy into a spreadsheet as numbers), and the small-cell marks
 * "—" of a hidden count (disclosure.ts).
 */
import type { Language } from '../../shared/language.ts';
import type { Cell, Total } from '../disclosure.ts';

export function decimal(value: number, language: Language, digits = 1): string {
  const text = value.toFixed(digits);
  return language === 'fr' ? text.replace('.', ',') : text;
}

export function percent(value: number, language: Language, digits = 1): string {
  return language === 'fr' ? `${decimal(value, language, digits)} %` : `${decimal(value, language, digits)}%`;
}

export const HIDDEN = '—';

/** French sets a space before a colon. */
export function colon(language: Language): string {
  return language === 'fr' ? ' : ' : ': ';
}

export function total(value: Total, _minCell: number): string {
  return value.kind === 'shown' ? String(value.count) : HIDDEN;
}

/** A share alone: "65,1 %", or "—" when hidden (disclosure.ts: every hidden count prints alike). */
export function share(cell: Cell, language: Language): string {
  if (cell.kind === 'shown') return cell.percent === null ? HIDDEN : percent(cell.percent, language);
  return HIDDEN;
}

/** A count with its share: "646 (65,1 %)", or "—". */
export function countAndShare(cell: Cell, language: Language, _minCell: number): string {
  if (cell.kind !== 'shown') return HIDDEN;
  const part = share(cell, language);
  return part === HIDDEN ? String(cell.count) : `${cell.count} (${part})`;
}

/** Whether a cell or total prints as "—" (the reply then explains it once). */
export function isHidden(value: Cell | Total): boolean {
  return value.kind !== 'shown';
}

/** The Wilson interval of a shown cell: "62,6–67,5 %". */
export function interval(cell: Cell, language: Language): string | null {
  if (cell.kind !== 'shown' || cell.ci === null) return null;
  return `${decimal(cell.ci.lower, language)}–${percent(cell.ci.upper, language)}`;
}
