/**
 * What the REDCap and XLSForm readers share: cleaning labels, naming the definition, and the
 * last check (the definition loader), whose problems are mapped back to the form's rows so the
 * admin is told "row 12", never "item q12".
 */
import type { Localized } from '../../shared/language.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { parseDefinition, type Definition, type DefinitionInput } from '../definition.ts';
import { problemAt, say, type FormLocation, type FormProblem } from './problems.ts';

export type FormFormat = 'redcap' | 'xlsform';

/** A form read and checked: what is stored (`input`, JSON) and what the engine runs. */
export interface ReadForm {
  readonly format: FormFormat;
  readonly input: DefinitionInput;
  readonly definition: Definition;
  /** What was read but left out or changed (a calculation out of reach, metadata): said, not hidden. */
  readonly warnings: readonly FormProblem[];
  /** REDCap: the instruments of the dictionary, in order (whether or not one was picked). */
  readonly instruments: readonly string[];
}

export type FormResult = Result<ReadForm, FormProblem[]>;

/** How the admin asked to read the file. */
export interface ReadOptions {
  /** The file's name, for the form's id and title when the file does not give them. */
  readonly fileName: string;
  /** The language of single-language labels (a REDCap dictionary has one). */
  readonly language: 'fr' | 'en';
  /** REDCap: one instrument of the dictionary; all of them, in order, when absent. */
  readonly instrument?: string | undefined;
}

/** Plain text of a label: HTML tags dropped (line breaks kept), entities decoded, spaces tidied. */
export function cleanLabel(text: string): string {
  return text
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A definition id from a name: lowercase letters, digits, - and _. */
export function slug(name: string): string {
  const base = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\.(csv|xlsx)$/i, '')
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 60);
  return base.length > 0 ? base : 'form';
}

/** "burnout_survey" → "Burnout survey". */
export function humanize(name: string): string {
  const text = name.replace(/\.(csv|xlsx)$/i, '').replace(/[_-]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const same = (text: string): Localized => ({ fr: text, en: text });

/**
 * Runs the definition loader on what a reader built. Its problems name an item or a variable;
 * `rows` says where each came from in the file, so every problem points at a row.
 */
export function finishForm(
  format: FormFormat,
  input: DefinitionInput,
  rows: ReadonlyMap<string, FormLocation>,
  warnings: readonly FormProblem[],
  instruments: readonly string[],
): FormResult {
  const parsed = parseDefinition(input);
  if (!parsed.ok) {
    return err(
      parsed.error.map((problem) => {
        const code = /^(?:item|derived|grouping) ([^\s(]+)/.exec(problem.where)?.[1];
        const at = (code !== undefined ? rows.get(code) : undefined) ?? {};
        return problemAt(at, problem.reason, problem.reason);
      }),
    );
  }
  return ok({ format, input, definition: parsed.value, warnings, instruments });
}

export const YES_NO = {
  yes: say('Oui', 'Yes'),
  no: say('Non', 'No'),
  true: say('Vrai', 'True'),
  false: say('Faux', 'False'),
  other: say('Autre', 'Other'),
  specify: say('Précisez :', 'Please specify:'),
};
