/** How p-values are printed in results, in French or English. */
import type { Language } from '../../shared/language.ts';
import { StatsInputError } from './table.ts';
/**
 * "p < 0.001" below 0.001, otherwise three decimals below 0.01 ("p = 0.004") and two from
 * 0.01 on ("p = 0.02"). French writes a decimal comma ("p = 0,02").
 */
export function formatPValue(p: number, lang: Language = 'en'): string {
  if (!(p >= 0 && p <= 1)) {
    throw new StatsInputError('p.invalid', `formatPValue: ${String(p)} is not a p-value`);
  }
  const text = p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(p < 0.01 ? 3 : 2)}`;
  return lang === 'fr' ? text.replace('.', ',') : text;
}
