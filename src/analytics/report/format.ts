/**
 * Numbers as the results print them: "65,1 %" in French, "65.1%" in English, counts without
 * grouping (they stay short and copy into a spreadsheet as numbers), and the small-cell marks
 * "< 5" and "—" from disclosure.ts.
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

export function total(value: Total, minCell: number): string {
  if (value.kind === 'shown') return String(value.count);
  return value.kind === 'small' ? `< ${minCell}` : HIDDEN;
}

/** A share alone: "65,1 %", "< 0,6 %" (bound of a small cell, rounded up), or "—". */
export function share(cell: Cell, language: Language): string {
  if (cell.kind === 'shown') return cell.percent === null ? HIDDEN : percent(cell.percent, language);
  if (cell.kind === 'small' && cell.percentBelow !== null) return `< ${percent(Math.ceil(cell.percentBelow * 10) / 10, language)}`;
  return HIDDEN;
}

/** A count with its share: "646 (65,1 %)", "< 5 (< 0,6 %)", "—". */
export function countAndShare(cell: Cell, language: Language, minCell: number): string {
  if (cell.kind === 'masked') return HIDDEN;
  const count = cell.kind === 'shown' ? String(cell.count) : `< ${minCell}`;
  const part = share(cell, language);
  return part === HIDDEN ? count : `${count} (${part})`;
}

/** The Wilson interval of a shown cell: "62,6–67,5 %". */
export function interval(cell: Cell, language: Language): string | null {
  if (cell.kind !== 'shown' || cell.ci === null) return null;
  return `${decimal(cell.ci.lower, language)}–${percent(cell.ci.upper, language)}`;
}
