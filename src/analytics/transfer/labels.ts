/**
 * Matching texts typed or exported by other tools against the questionnaire's wording:
 * Google Forms titles and choice labels may differ from ours by case, apostrophes (’ or '),
 * spaces (non-breaking ones included) or a trailing colon.
 */
export function normalizeLabel(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u2018\u2019\u02BC]/g, "'")
    .replace(/[\u00A0\u202F\s]+/g, ' ')
    .trim()
    .replace(/\s*[:?]$/, '')
    .trim()
    .toLocaleLowerCase('fr');
}
