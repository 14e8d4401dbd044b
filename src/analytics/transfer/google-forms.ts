/**
 * Google Forms' CSV export: "Horodateur" (French forms) or "Timestamp" (English) first, then
 * one column per question titled with its wording; a single choice holds its label, a
 * multiple choice its labels joined with ", ", a linear scale its number.
 */
import type { RawAnswer } from '../../survey/answers.ts';
import type { Definition, Item } from '../../survey/definition.ts';
import { normalizeLabel } from './labels.ts';

export const GOOGLE_FORMS_TIMESTAMP = /^(horodateur|horodatage|timestamp|date)$/i;

/** The item a column title names: its French or English wording, short label, or code. */
export function mapGoogleFormsHeader(definition: Definition, title: string): Item | null {
  const wanted = normalizeLabel(title);
  return (
    definition.items.find((item) =>
      [item.label.fr, item.label.en, item.shortLabel?.fr, item.shortLabel?.en, item.code].some(
        (text) => text !== undefined && normalizeLabel(text) === wanted,
      ),
    ) ?? null
  );
}

function choiceByLabel(item: Item, text: string): string | null {
  const wanted = normalizeLabel(text);
  return item.choices.find((c) => [c.label.fr, c.label.en, c.code].some((t) => normalizeLabel(t) === wanted))?.code ?? null;
}

/**
 * A cell as a raw answer (checked afterwards by validateAnswer), or null when a label does
 * not match. Multiple choices are split by matching whole labels, longest first, because a
 * label may itself contain ", ".
 */
export function readGoogleFormsCell(item: Item, text: string): RawAnswer | null {
  const value = text.trim();
  if (item.type === 'single') return choiceByLabel(item, value);
  if (item.type === 'multi') return splitChoices(item, value);
  return value;
}

function splitChoices(item: Item, value: string): string[] | null {
  const labels = item.choices
    .flatMap((c) => [c.label.fr, c.label.en, c.code].map((label) => ({ code: c.code, label: normalizeLabel(label) })))
    .sort((a, b) => b.label.length - a.label.length);
  const text = normalizeLabel(value);
  const codes: string[] = [];
  let at = 0;
  while (at < text.length) {
    const match = labels.find((l) => text.startsWith(l.label, at) && (at + l.label.length === text.length || text.startsWith(', ', at + l.label.length) || text.startsWith(',', at + l.label.length)));
    if (!match) return null;
    codes.push(match.code);
    at += match.label.length;
    if (text.startsWith(', ', at)) at += 2;
    else if (text.startsWith(',', at)) at += 1;
  }
  return codes;
}

/**
 * The day (YYYY-MM-DD) of a Google Forms timestamp; the time is dropped (anonymity rule 4).
 * ISO and year-first dates read as such; "a/b/yyyy" reads day first for a French form
 * ("Horodateur") and month first for an English one ("Timestamp"), as Google writes them.
 */
export function timestampDay(text: string, dayFirst: boolean): string | null {
  const value = text.trim();
  let year: number;
  let month: number;
  let day: number;
  const yearFirst = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$/.exec(value);
  const yearLast = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T,].*)?$/.exec(value);
  if (yearFirst) {
    [year, month, day] = [Number(yearFirst[1]), Number(yearFirst[2]), Number(yearFirst[3])];
  } else if (yearLast) {
    const a = Number(yearLast[1]);
    const b = Number(yearLast[2]);
    year = Number(yearLast[3]);
    [day, month] = dayFirst ? [a, b] : [b, a];
  } else {
    return null;
  }
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}
