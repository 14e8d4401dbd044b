/**
 * The export back to REDCap: a data dictionary for any definition (so a team can create the
 * REDCap project of a questionnaire run in the chat, the study's included) and the records as
 * REDCap's Data Import Tool reads them: `record_id` first (a fresh random id per response, never
 * a participant key), raw choice codes, a checkbox as `field___code` columns of 0/1, numbers as
 * numbers, dates in the order of the field's validation, and `<instrument>_complete` (2 when the
 * response is complete, 0 otherwise).
 */
import { randomBytes } from 'node:crypto';
import type { Language } from '../../shared/language.ts';
import type { AnswerValue } from '../../survey/answers.ts';
import type { Definition, Item } from '../../survey/definition.ts';
import type { Expression } from '../../survey/expression.ts';
import { declaredGroupings } from '../../survey/forms/xlsform-writer.ts';
import { toCsv } from '../csv.ts';
import { isParticipant } from '../summaries.ts';

export const REDCAP_DICTIONARY_COLUMNS = [
  'Variable / Field Name', 'Form Name', 'Section Header', 'Field Type', 'Field Label',
  'Choices, Calculations, OR Slider Labels', 'Field Note', 'Text Validation Type OR Show Slider Number',
  'Text Validation Min', 'Text Validation Max', 'Identifier?', 'Branching Logic (Show field only if...)',
  'Required Field?', 'Custom Alignment', 'Question Number (surveys only)', 'Matrix Group Name', 'Matrix Ranking?',
  'Field Annotation',
] as const;

/** How an item is written in REDCap: its field type and text validation. */
export interface RedcapField {
  readonly name: string;
  readonly form: string;
  readonly type: 'radio' | 'dropdown' | 'checkbox' | 'yesno' | 'truefalse' | 'text' | 'notes' | 'slider';
  readonly validation: string;
}

const REDCAP_TYPES = new Set(['radio', 'dropdown', 'checkbox', 'yesno', 'truefalse', 'text', 'notes', 'slider']);

/** REDCap form names are lowercase letters, digits and _. */
export function redcapFormName(definition: Definition): string {
  return definition.id.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'form';
}

export function redcapField(definition: Definition, item: Item): RedcapField {
  const form = item.origin?.form ?? redcapFormName(definition);
  const name = definition.origin?.format === 'redcap' && item.origin ? item.origin.name : item.code;
  if (definition.origin?.format === 'redcap' && item.origin && REDCAP_TYPES.has(item.origin.type)) {
    return { name, form, type: item.origin.type as RedcapField['type'], validation: item.origin.validation ?? '' };
  }
  switch (item.type) {
    case 'single':
      return { name, form, type: 'radio', validation: '' };
    case 'multi':
      return { name, form, type: 'checkbox', validation: '' };
    case 'scale':
      return { name, form, type: 'slider', validation: '' };
    case 'text':
      if (item.format === 'integer') return { name, form, type: 'text', validation: 'integer' };
      if (item.format === 'decimal') return { name, form, type: 'text', validation: 'number' };
      if (item.format === 'date') return { name, form, type: 'text', validation: 'date_ymd' };
      return { name, form, type: (item.maxLength ?? 2000) > 255 ? 'notes' : 'text', validation: '' };
  }
}

/** REDCap's column of one checkbox choice: `field___code`, the code lowercased, other signs as _. */
export function checkboxColumn(field: string, code: string): string {
  return `${field}___${code.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}

/** The data columns of an item in a REDCap import file. */
export function redcapColumns(definition: Definition, item: Item): string[] {
  const field = redcapField(definition, item);
  return field.type === 'checkbox' ? item.choices.map((c) => checkboxColumn(field.name, c.code)) : [field.name];
}

function recordIdField(definition: Definition): string {
  return definition.origin?.recordIdField ?? 'record_id';
}

function forms(definition: Definition): string[] {
  return [...new Set(definition.items.map((item) => redcapField(definition, item).form))];
}

/** A date stored YYYY-MM-DD, written in the order of the field's validation. */
function redcapDate(value: string, validation: string): string {
  const [year, month, day] = value.split('-');
  if (validation === 'date_dmy') return `${day}/${month}/${year}`;
  if (validation === 'date_mdy') return `${month}/${day}/${year}`;
  return value;
}

function cells(definition: Definition, item: Item, value: AnswerValue | undefined): string[] {
  const field = redcapField(definition, item);
  if (field.type === 'checkbox') {
    const chosen = Array.isArray(value) ? value : null;
    return item.choices.map((c) => (chosen === null ? '' : chosen.includes(c.code) ? '1' : '0'));
  }
  if (value === undefined) return [''];
  if (typeof value === 'string' && item.format === 'date') return [redcapDate(value, field.validation)];
  return [Array.isArray(value) ? value.join(',') : String(value)];
}

/** A record id that says nothing: 16 random hex digits, drawn afresh for every export. */
export function randomRecordId(): string {
  return randomBytes(8).toString('hex');
}

/** The records of a survey as REDCap's Data Import Tool reads them (one row per participant). */
export function exportRedcapRecords(
  definition: Definition,
  rows: readonly { readonly status: string; readonly answers: Readonly<Record<string, AnswerValue>> }[],
  newId: () => string = randomRecordId,
): string {
  const formNames = forms(definition);
  const header = [recordIdField(definition), ...definition.items.flatMap((item) => redcapColumns(definition, item)), ...formNames.map((f) => `${f}_complete`)];
  const lines = rows
    .filter(isParticipant)
    .map((row) => [
      newId(),
      ...definition.items.flatMap((item) => cells(definition, item, row.answers[item.code])),
      ...formNames.map(() => (row.status === 'complete' ? '2' : '0')),
    ]);
  return toCsv([header, ...lines]);
}

/** What could not be written into the dictionary, by code (a recode has no REDCap form). */
export interface RedcapDictionary {
  readonly csv: string;
  readonly leftOut: readonly string[];
}

/** A REDCap data dictionary of the definition, in one language (a dictionary has one). */
export function exportRedcapDictionary(definition: Definition, language: Language): RedcapDictionary {
  const rows: string[][] = [];
  const row = (values: Partial<Record<(typeof REDCAP_DICTIONARY_COLUMNS)[number], string>>) =>
    rows.push(REDCAP_DICTIONARY_COLUMNS.map((column) => values[column] ?? ''));
  const [firstForm = redcapFormName(definition)] = forms(definition);
  row({ 'Variable / Field Name': recordIdField(definition), 'Form Name': firstForm, 'Field Type': 'text', 'Field Label': 'Record ID' });
  const groupings = declaredGroupings(definition);
  const leftOut: string[] = [];
  for (const item of definition.items) {
    const field = redcapField(definition, item);
    const fieldOf = (code: string) => {
      const target = definition.items.find((i) => i.code === code);
      return target ? redcapField(definition, target) : undefined;
    };
    for (const [index, note] of (item.notes ?? []).entries()) {
      row({
        'Variable / Field Name': `${field.name}_note${index + 1}`,
        'Form Name': field.form,
        'Field Type': 'descriptive',
        'Field Label': note.text[language],
        'Branching Logic (Show field only if...)': note.relevant ? redcapCondition(note.relevant.expression, definition, fieldOf) : '',
      });
    }
    const annotations: string[] = [];
    const exclusive = item.choices.filter((c) => c.exclusive).map((c) => c.code);
    if (exclusive.length > 0) annotations.push(`@NONEOFTHEABOVE='${exclusive.join(',')}'`);
    if (groupings.has(item.code)) annotations.push('@CONFRERES-GROUPING');
    row({
      'Variable / Field Name': field.name,
      'Form Name': field.form,
      'Field Type': field.type,
      'Field Label': item.label[language],
      'Choices, Calculations, OR Slider Labels': choicesCell(item, field, language),
      'Field Note': item.hint?.[language] ?? '',
      'Text Validation Type OR Show Slider Number': field.type === 'slider' ? 'number' : field.validation,
      'Text Validation Min': item.scale ? String(item.scale.min) : item.min !== undefined ? String(item.min) : '',
      'Text Validation Max': item.scale ? String(item.scale.max) : item.max !== undefined ? String(item.max) : '',
      'Branching Logic (Show field only if...)': item.relevant ? redcapCondition(item.relevant.expression, definition, fieldOf) : '',
      'Required Field?': item.required ? 'y' : '',
      'Field Annotation': annotations.join(' '),
    });
  }
  const lastForm = forms(definition).at(-1) ?? firstForm;
  for (const variable of definition.derived) {
    if (variable.type !== 'boolean') {
      leftOut.push(variable.code);
      continue;
    }
    const fieldOf = (code: string) => {
      const target = definition.items.find((i) => i.code === code);
      return target ? redcapField(definition, target) : undefined;
    };
    row({
      'Variable / Field Name': variable.code,
      'Form Name': lastForm,
      'Field Type': 'calc',
      'Field Label': variable.label[language],
      'Choices, Calculations, OR Slider Labels': `if(${redcapCondition(variable.parsed, definition, fieldOf)}, 1, 0)`,
      'Field Annotation': groupings.has(variable.code) ? '@CONFRERES-GROUPING' : '',
    });
  }
  return { csv: toCsv([[...REDCAP_DICTIONARY_COLUMNS], ...rows]), leftOut };
}

function choicesCell(item: Item, field: RedcapField, language: Language): string {
  if (field.type === 'yesno' || field.type === 'truefalse') return '';
  if (item.scale) return `${item.scale.minLabel[language]} | | ${item.scale.maxLabel[language]}`;
  return item.choices.map((c) => `${c.code}, ${c.label[language]}`).join(' | ');
}

/** Our expression in REDCap's branching syntax; `not` is pushed down, REDCap has none. */
export function redcapCondition(expression: Expression, definition: Definition, fieldOf: (code: string) => RedcapField | undefined, negate = false): string {
  const name = (code: string) => fieldOf(code)?.name ?? code;
  switch (expression.type) {
    case 'not':
      return redcapCondition(expression.operand, definition, fieldOf, !negate);
    case 'logical': {
      const op = (expression.op === 'and') !== negate ? 'and' : 'or';
      return `(${redcapCondition(expression.left, definition, fieldOf, negate)} ${op} ${redcapCondition(expression.right, definition, fieldOf, negate)})`;
    }
    case 'compare': {
      const op = negate ? NEGATED[expression.op] : expression.op;
      const side = (e: Expression) => operand(e, definition, fieldOf);
      return `${side(expression.left)} ${op === '==' ? '=' : op === '!=' ? '<>' : op} ${side(expression.right)}`;
    }
    case 'call': {
      const [target, choice] = expression.args;
      const code = target?.type === 'ref' ? target.code : '';
      if (expression.name === 'selected' && choice?.type === 'literal') {
        const field = fieldOf(code);
        if (field?.type === 'checkbox') return `[${name(code)}(${String(choice.value)})] = '${negate ? 0 : 1}'`;
        return `[${name(code)}] ${negate ? '<>' : '='} '${String(choice.value)}'`;
      }
      if (expression.name === 'answered') return `[${name(code)}] ${negate ? '=' : '<>'} ''`;
      throw new Error(`${expression.name}() has no REDCap equivalent`);
    }
    case 'literal':
    case 'ref':
      throw new Error('a bare value is not a REDCap condition');
  }
}

const NEGATED = { '==': '!=', '!=': '==', '<': '>=', '<=': '>', '>': '<=', '>=': '<' } as const;

function operand(expression: Expression, definition: Definition, fieldOf: (code: string) => RedcapField | undefined): string {
  const name = (code: string) => fieldOf(code)?.name ?? code;
  if (expression.type === 'ref') return `[${name(expression.code)}]`;
  if (expression.type === 'literal') return typeof expression.value === 'string' ? `'${expression.value}'` : String(expression.value);
  if (expression.type === 'call' && expression.name === 'count' && expression.args[0]?.type === 'ref') {
    // REDCap counts ticked boxes by adding their 0/1 values.
    const code = expression.args[0].code;
    const field = fieldOf(code);
    const item = definition.items.find((i) => i.code === code);
    if (field?.type === 'checkbox' && item) return `sum(${item.choices.map((c) => `[${field.name}(${c.code})]`).join(', ')})`;
    return `if([${name(code)}] <> '', 1, 0)`;
  }
  throw new Error(`${expression.type} has no REDCap equivalent as an operand`);
}
