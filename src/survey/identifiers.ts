/**
 * Spots obvious identifiers in free text (design.md, anonymity rule 6) so the respondent can
 * rephrase before anything is stored. It aims at the obvious: e-mail addresses, phone
 * numbers, French social security numbers (NIR) and dates of birth; it is no anonymiser.
 */
import type { IdentifierKind } from './errors.ts';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/u;
// French numbers (0X XX XX XX XX, +33 X XX…) and other international numbers in + form.
const PHONE = /(?:(?:\+|00)33[\s.-]?(?:\(0\))?[\s.-]?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b|\+\d{1,3}(?:[\s.-]?\d){8,12}\b/;
// NIR: sex, year, month (or 20–99 for special cases), department (2A/2B for Corsica),
// commune, order number, optional two-digit key; spaces allowed between the groups.
const NIR = /\b[1-478]\s?\d{2}\s?(?:0[1-9]|1[0-2]|[2-9]\d)\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}(?:\s?\d{2})?\b/i;
const MONTHS =
  'janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|' +
  'january|february|march|april|may|june|july|august|september|october|november|december';
const FULL_DATE = new RegExp(
  `\\b(?:\\d{1,2}[/.-]\\d{1,2}[/.-](\\d{4})|(\\d{4})-\\d{2}-\\d{2}|\\d{1,2}(?:er)?\\s+(?:${MONTHS})\\s+(\\d{4}))\\b`,
  'iu',
);
const BIRTH_WORDS = /\b(?:née?s?|naissance|ddn|born|birth|dob)\b/iu;
// A full date that old is much more likely someone's birth date than the date of a guideline.
const OLDEST_PLAUSIBLE_DOCUMENT_YEAR = 2000;

/**
 * Fewest ASCII digits (all that `\d` matches) a text needs for any pattern but the e-mail
 * address: a day and a four-digit year ("1 mars 1980"). A phone number needs 9, a NIR 12.
 * Most free text has fewer, and counting them is much cheaper than the patterns (a 1.2 M-row
 * import spent 1.5 s here).
 */
const FEWEST_DIGITS = 5;

function hasDigits(text: string, wanted: number): boolean {
  let found = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39 && ++found >= wanted) return true;
  }
  return false;
}

export function findIdentifier(text: string): IdentifierKind | null {
  if (text.includes('@') && EMAIL.test(text)) return 'email';
  if (!hasDigits(text, FEWEST_DIGITS)) return null;
  if (NIR.test(text.replace(/[.-]/g, ' '))) return 'social_security_number';
  if (PHONE.test(text)) return 'phone';
  const date = FULL_DATE.exec(text);
  if (date) {
    const year = Number(date[1] ?? date[2] ?? date[3]);
    if (BIRTH_WORDS.test(text) || year < OLDEST_PLAUSIBLE_DOCUMENT_YEAR) return 'birth_date';
  }
  return null;
}
