/**
 * What is wrong with a loaded form, located the way its author sees the file: "row 12 (column
 * Branching Logic)" in a REDCap dictionary, "survey row 8 (column relevant)" in an XLSForm.
 * Each problem carries its sentence in both languages, so the admin reads it in theirs.
 */
import type { Language, Localized } from '../../shared/language.ts';

export interface FormLocation {
  /** The XLSForm sheet (`survey`, `choices`, `settings`); absent for a REDCap CSV. */
  readonly sheet?: string;
  /** The row as a spreadsheet numbers it: the header is row 1. */
  readonly row?: number;
  readonly column?: string;
}

export interface FormProblem extends FormLocation {
  readonly message: Localized;
}

/** A problem in the admin's two languages. */
export const say = (fr: string, en: string): Localized => ({ fr, en });

export function problemAt(at: FormLocation, fr: string, en: string): FormProblem {
  return { ...at, message: say(fr, en) };
}

/** "survey row 12 (column relevant): …" / "feuille survey, ligne 12 (colonne relevant) : …". */
export function formatProblem(problem: FormProblem, language: Language): string {
  const parts: string[] = [];
  if (language === 'fr') {
    if (problem.sheet) parts.push(`feuille ${problem.sheet}`);
    if (problem.row !== undefined) parts.push(`ligne ${problem.row}`);
    const place = parts.join(', ');
    const column = problem.column ? ` (colonne ${problem.column})` : '';
    return place || column ? `${place}${column} : ${problem.message.fr}`.trimStart() : problem.message.fr;
  }
  if (problem.sheet) parts.push(`${problem.sheet} sheet`);
  if (problem.row !== undefined) parts.push(`row ${problem.row}`);
  const place = parts.join(', ');
  const column = problem.column ? ` (column ${problem.column})` : '';
  return place || column ? `${place}${column}: ${problem.message.en}`.trimStart() : problem.message.en;
}
