/**
 * Reads a REDCap data dictionary (the 18-column CSV REDCap exports) into our definition format.
 * Field types radio, dropdown, checkbox, yesno, truefalse, text (with integer, number and date
 * validations and their min/max), notes, slider, descriptive and calc; section headers and
 * descriptive fields become notes shown before the next question; matrix groups are flattened
 * (each row is already a field); branching logic is translated (logic.ts); the action tags
 * @NONEOFTHEABOVE, @HIDDEN and our @CONFRERES-GROUPING are read. Anything else that would
 * change what is asked is refused by name, with its row and column.
 */
import { parse } from 'csv-parse/sync';
import type { Localized } from '../../shared/language.ts';
import { err } from '../../shared/result.ts';
import { cleanLabel, humanize, same, slug, YES_NO, type FormResult, type ReadOptions } from './build.ts';
import { FormCollector, type ItemInput } from './collector.ts';
import { identityByName, identityByRedcapValidation, REDCAP_IDENTIFIER_FLAG } from './identity.ts';
import { translateCondition, type LogicField } from './logic.ts';
import { problemAt, say } from './problems.ts';


/** The dictionary's columns, found by the start of their header (REDCap's wording varies a little). */
const COLUMNS = {
  name: { starts: 'variable', label: 'Variable / Field Name' },
  form: { starts: 'form name', label: 'Form Name' },
  section: { starts: 'section header', label: 'Section Header' },
  type: { starts: 'field type', label: 'Field Type' },
  label: { starts: 'field label', label: 'Field Label' },
  choices: { starts: 'choices', label: 'Choices, Calculations, OR Slider Labels' },
  note: { starts: 'field note', label: 'Field Note' },
  validation: { starts: 'text validation type', label: 'Text Validation Type' },
  min: { starts: 'text validation min', label: 'Text Validation Min' },
  max: { starts: 'text validation max', label: 'Text Validation Max' },
  identifier: { starts: 'identifier', label: 'Identifier?' },
  branching: { starts: 'branching logic', label: 'Branching Logic' },
  required: { starts: 'required', label: 'Required Field?' },
  matrixGroup: { starts: 'matrix group', label: 'Matrix Group Name' },
  matrixRanking: { starts: 'matrix ranking', label: 'Matrix Ranking?' },
  annotation: { starts: 'field annotation', label: 'Field Annotation' },
} as const;
type Column = keyof typeof COLUMNS;
const NEEDED: readonly Column[] = ['name', 'form', 'type', 'label', 'choices'];

interface Row {
  readonly number: number;
  get(column: Column): string;
}

const INTEGER_VALIDATIONS = new Set(['integer']);
const DECIMAL_VALIDATIONS = new Set(['number', 'number_1dp', 'number_2dp', 'number_3dp', 'number_4dp', 'number_comma_decimal', 'number_1dp_comma_decimal', 'number_2dp_comma_decimal', 'number_3dp_comma_decimal', 'number_4dp_comma_decimal']);
const DATE_VALIDATIONS = new Set(['date_ymd', 'date_dmy', 'date_mdy']);
/** Slider ranges this wide are asked with buttons (0–10 like the study's); wider ones as a typed number. */
const MAX_BUTTON_SCALE_POINTS = 11;
const KNOWN_TAGS = new Set(['@NONEOFTHEABOVE', '@HIDDEN', '@HIDDEN-SURVEY', '@CONFRERES-GROUPING']);

export function readRedcapDictionary(bytes: Uint8Array, options: ReadOptions): FormResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return err([problemAt({}, 'le fichier n’est pas en UTF-8 : exportez le dictionnaire depuis REDCap sans le réenregistrer dans Excel', 'the file is not UTF-8: export the dictionary from REDCap without saving it again in Excel')]);
  }
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    return err([problemAt({}, `CSV illisible : ${(error as Error).message}`, `unreadable CSV: ${(error as Error).message}`)]);
  }
  const header = records[0] ?? [];
  const index = new Map<Column, number>();
  for (const [column, { starts }] of Object.entries(COLUMNS) as [Column, (typeof COLUMNS)[Column]][]) {
    const at = header.findIndex((h) => h.trim().toLowerCase().startsWith(starts));
    if (at >= 0) index.set(column, at);
  }
  const missing = NEEDED.filter((column) => !index.has(column));
  if (missing.length > 0) {
    const names = missing.map((c) => COLUMNS[c].label).join(', ');
    return err([problemAt({ row: 1 }, `ce n’est pas un dictionnaire de données REDCap : colonnes absentes : ${names}`, `this is not a REDCap data dictionary: missing columns: ${names}`)]);
  }
  const rows: Row[] = records.slice(1).map((cells, i) => ({
    number: i + 2,
    get: (column) => (cells[index.get(column) ?? -1] ?? '').trim(),
  }));
  return new RedcapReader(rows, options).read();
}

/** Fields in `fields` go by their REDCap name, lower-cased. */
class RedcapReader extends FormCollector {
  constructor(
    private readonly rows: readonly Row[],
    private readonly options: ReadOptions,
  ) {
    super();
  }

  read(): FormResult {
    const [recordId, ...fieldRows] = this.rows;
    if (!recordId) return err([problemAt({}, 'le dictionnaire ne contient aucun champ', 'the dictionary holds no field')]);
    const instruments = [...new Set(this.rows.map((r) => r.get('form')).filter(Boolean))];
    const picked = this.options.instrument;
    if (picked !== undefined && !instruments.includes(picked)) {
      return err([problemAt({}, `pas d’instrument « ${picked} » dans ce dictionnaire (instruments : ${instruments.join(', ')})`, `no instrument "${picked}" in this dictionary (instruments: ${instruments.join(', ')})`)]);
    }
    // REDCap's first field is the record id: REDCap assigns it, the bot never asks it.
    if (recordId.get('type') !== 'text') {
      this.problem(recordId, 'type', 'le premier champ d’un dictionnaire REDCap est l’identifiant d’enregistrement (type text)', 'the first field of a REDCap dictionary is the record id (type text)');
    }
    for (const row of fieldRows) {
      if (picked !== undefined && row.get('form') !== picked) {
        this.fields.set(row.get('name').toLowerCase(), { refused: say(`« ${row.get('name')} » appartient à un autre instrument (${row.get('form')})`, `"${row.get('name')}" belongs to another instrument (${row.get('form')})`) });
        continue;
      }
      this.field(row);
    }
    const name = picked ?? (instruments.length === 1 ? (instruments[0] ?? this.options.fileName) : this.options.fileName);
    return this.finish(
      'redcap',
      {
        id: slug(name),
        title: same(humanize(name)),
        defaultLanguage: this.options.language,
        origin: { format: 'redcap', file: this.options.fileName, recordIdField: recordId.get('name'), instruments: picked ? [picked] : instruments },
      },
      {},
      { fr: 'un texte descriptif placé après la dernière question n’est pas affiché', en: 'a descriptive text after the last question is not shown' },
      instruments,
    );
  }

  private problem(row: Row, column: Column | undefined, fr: string, en: string): void {
    this.problems.push(problemAt({ row: row.number, ...(column ? { column: COLUMNS[column].label } : {}) }, fr, en));
  }

  private refuse(row: Row, column: Column | undefined, reason: Localized): void {
    this.problems.push({ row: row.number, ...(column ? { column: COLUMNS[column].label } : {}), message: reason });
  }

  private field(row: Row): void {
    const name = row.get('name');
    const type = row.get('type').toLowerCase();
    const code = name.toLowerCase();
    const tags = actionTags(row.get('annotation'));
    if (!/^[a-z][a-z0-9_]*$/.test(code)) {
      this.problem(row, 'name', `« ${name} » n’est pas un nom de variable REDCap (lettres minuscules, chiffres et _)`, `"${name}" is not a REDCap variable name (lowercase letters, digits and _)`);
      return;
    }
    this.rowOf.set(code, { row: row.number });
    const section = row.get('section');
    if (section) this.pendingNotes.push({ text: same(cleanLabel(section)) });
    const byFlag = row.get('identifier').toLowerCase() === 'y' ? REDCAP_IDENTIFIER_FLAG : null;
    const byValidation = identityByRedcapValidation(row.get('validation'));
    const identity = byFlag ?? byValidation ?? (type === 'descriptive' ? null : identityByName(name));
    if (identity) {
      this.refuse(row, byFlag ? 'identifier' : byValidation ? 'validation' : 'name', identity);
      this.fields.set(code, { refused: identity });
      return;
    }
    for (const tag of tags.unknown) {
      this.warnings.push(problemAt({ row: row.number, column: COLUMNS.annotation.label }, `l’action tag ${tag} est ignoré`, `the action tag ${tag} is ignored`));
    }
    if (tags.hidden) {
      this.warnings.push(problemAt({ row: row.number, column: COLUMNS.annotation.label }, `« ${name} » est caché (@HIDDEN) : il n’est pas posé`, `"${name}" is hidden (@HIDDEN): it is not asked`));
      this.fields.set(code, { refused: say(`« ${name} » est caché (@HIDDEN) et n’est jamais répondu`, `"${name}" is hidden (@HIDDEN) and never answered`) });
      return;
    }
    if (row.get('matrixRanking').toLowerCase() === 'y') {
      this.warnings.push(problemAt({ row: row.number, column: COLUMNS.matrixRanking.label }, 'le classement de matrice n’est pas imposé : chaque ligne est une question', 'matrix ranking is not enforced: each row is its own question'));
    }
    const relevant = this.branching(row);
    if (relevant === null) return;
    switch (type) {
      case 'descriptive':
        this.pendingNotes.push({ text: same(cleanLabel(row.get('label'))), ...(relevant ? { relevant } : {}) });
        return;
      case 'calc':
        this.calc(row, code, tags.grouping);
        return;
      case 'file':
        this.problem(row, 'type', 'le type file recueille un fichier (souvent une pièce d’identité ou un document signé) : non pris en charge, les réponses doivent rester anonymes', 'the file type collects a file (often an ID or a signed document): not supported, answers must stay anonymous');
        return;
      case 'sql':
        this.problem(row, 'type', 'le type sql n’est pas pris en charge', 'the sql field type is not supported');
        return;
    }
    const item = this.question(row, code, type, tags.noneOfTheAbove);
    if (!item) return;
    const notes = this.pendingNotes;
    this.pendingNotes = [];
    this.items.push({
      ...item,
      code,
      label: same(cleanLabel(row.get('label')) || name),
      ...(row.get('note') ? { hint: same(cleanLabel(row.get('note'))) } : {}),
      required: row.get('required').toLowerCase() === 'y',
      ...(relevant ? { relevant } : {}),
      ...(notes.length > 0 ? { notes } : {}),
      origin: { name, type, form: row.get('form'), ...(row.get('validation') ? { validation: row.get('validation').toLowerCase() } : {}) },
    } as ItemInput);
    if (tags.grouping) this.groupings.push(code);
  }

  /** The field's branching logic in our language: '' when none, null when refused. */
  private branching(row: Row): string | null {
    const source = row.get('branching');
    if (!source) return '';
    const translated = translateCondition(source, 'redcap', (name) => this.fields.get(name.toLowerCase()));
    if (translated.ok) return translated.value;
    this.refuse(row, 'branching', translated.error);
    return null;
  }

  private question(row: Row, code: string, type: string, noneOfTheAbove: readonly string[]): Partial<ItemInput> | null {
    const validation = row.get('validation').toLowerCase();
    switch (type) {
      case 'radio':
      case 'dropdown':
      case 'checkbox': {
        const choices = this.choices(row);
        if (!choices) return null;
        const multi = type === 'checkbox';
        for (const none of noneOfTheAbove) {
          if (!multi) this.problem(row, 'annotation', '@NONEOFTHEABOVE s’applique aux cases à cocher', '@NONEOFTHEABOVE applies to checkboxes');
          else if (!choices.some((c) => c.code === none)) this.problem(row, 'annotation', `@NONEOFTHEABOVE nomme « ${none} », qui n’est pas un code du champ`, `@NONEOFTHEABOVE names "${none}", which is not a code of the field`);
        }
        this.fields.set(code, { code, kind: multi ? 'checkbox' : 'choice', choices: choices.map((c) => c.code) });
        return {
          type: multi ? 'multi' : 'single',
          choices: choices.map((c) => (multi && noneOfTheAbove.includes(c.code) ? { ...c, exclusive: true } : c)),
        };
      }
      case 'yesno':
      case 'truefalse': {
        const [one, zero] = type === 'yesno' ? [YES_NO.yes, YES_NO.no] : [YES_NO.true, YES_NO.false];
        this.fields.set(code, { code, kind: 'choice', choices: ['1', '0'] });
        return { type: 'single', choices: [{ code: '1', label: one }, { code: '0', label: zero }] };
      }
      case 'notes':
        this.fields.set(code, { code, kind: 'text' });
        return { type: 'text', maxLength: 4000 };
      case 'text':
        return this.text(row, code, validation);
      case 'slider':
        return this.slider(row, code);
      default:
        this.problem(row, 'type', `le type de champ « ${type} » n’est pas pris en charge`, `the field type "${type}" is not supported`);
        return null;
    }
  }

  private text(row: Row, code: string, validation: string): Partial<ItemInput> | null {
    if (!validation) {
      this.fields.set(code, { code, kind: 'text' });
      return { type: 'text' };
    }
    if (DATE_VALIDATIONS.has(validation)) {
      if (row.get('min') || row.get('max')) {
        this.warnings.push(problemAt({ row: row.number, column: COLUMNS.min.label }, 'les bornes d’une date ne sont pas imposées', 'date bounds are not enforced'));
      }
      this.fields.set(code, { code, kind: 'date' });
      return { type: 'text', format: 'date' };
    }
    const integer = INTEGER_VALIDATIONS.has(validation);
    if (!integer && !DECIMAL_VALIDATIONS.has(validation)) {
      this.problem(row, 'validation', `la validation « ${validation} » n’est pas prise en charge (integer, number, date_ymd, date_dmy, date_mdy le sont)`, `the validation "${validation}" is not supported (integer, number, date_ymd, date_dmy, date_mdy are)`);
      return null;
    }
    const min = this.bound(row, 'min');
    const max = this.bound(row, 'max');
    if (min === null || max === null) return null;
    this.fields.set(code, { code, kind: 'number' });
    return { type: 'text', format: integer ? 'integer' : 'decimal', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  }

  private bound(row: Row, column: 'min' | 'max'): number | undefined | null {
    const text = row.get(column).replace(',', '.');
    if (!text) return undefined;
    const value = Number(text);
    if (Number.isFinite(value)) return value;
    this.problem(row, column, `« ${row.get(column)} » n’est pas un nombre`, `"${row.get(column)}" is not a number`);
    return null;
  }

  private slider(row: Row, code: string): Partial<ItemInput> | null {
    const min = this.bound(row, 'min') ?? 0;
    const max = this.bound(row, 'max') ?? 100;
    if (min === null || max === null) return null;
    const labels = row.get('choices').split('|').map((l) => cleanLabel(l));
    const left = labels[0] || String(min);
    const right = labels[labels.length - 1] || String(max);
    this.fields.set(code, { code, kind: 'number' });
    if (Number.isInteger(min) && Number.isInteger(max) && max - min + 1 <= MAX_BUTTON_SCALE_POINTS && max > min) {
      return { type: 'scale', scale: { min, max, minLabel: same(left), maxLabel: same(labels.length > 1 ? right : String(max)) } };
    }
    // A 0–100 slider cannot be a row of buttons: asked as a whole number, its ends in the hint.
    return { type: 'text', format: 'integer', min, max, hint: same(`${min} = ${left}, ${max} = ${right}`) };
  }

  private choices(row: Row): { code: string; label: Localized }[] | null {
    const source = row.get('choices');
    const choices: { code: string; label: Localized }[] = [];
    for (const part of source.split('|')) {
      if (!part.trim()) continue;
      const comma = part.indexOf(',');
      const code = (comma < 0 ? part : part.slice(0, comma)).trim();
      const label = comma < 0 ? code : cleanLabel(part.slice(comma + 1));
      if (!/^-?[A-Za-z0-9][A-Za-z0-9_.]*$/.test(code)) {
        this.problem(row, 'choices', `« ${code} » n’est pas un code de choix (lettres, chiffres, _ et .)`, `"${code}" is not a choice code (letters, digits, _ and .)`);
        return null;
      }
      choices.push({ code, label: same(label || code) });
    }
    if (choices.length < 2) {
      this.problem(row, 'choices', 'il faut au moins deux choix, écrits « 1, Oui | 2, Non »', 'at least two choices are needed, written "1, Yes | 2, No"');
      return null;
    }
    return choices;
  }

  private calc(row: Row, code: string, grouping: boolean): void {
    const label = same(cleanLabel(row.get('label')) || row.get('name'));
    const translated = translateCondition(row.get('choices'), 'redcap', (name) => this.fieldForCalc(name));
    this.fields.set(code, { refused: say(`« ${row.get('name')} » est un calcul : une condition ne peut pas le lire`, `"${row.get('name')}" is a calculation: a condition cannot read it`) });
    if (!translated.ok) {
      const message = say(`calcul « ${row.get('name')} » laissé de côté : ${translated.error.fr}`, `calculation "${row.get('name')}" left out: ${translated.error.en}`);
      if (grouping) this.refuse(row, 'choices', message);
      else this.warnings.push({ row: row.number, column: COLUMNS.choices.label, message });
      return;
    }
    this.derived.push({ code, type: 'boolean', label, expression: translated.value, trueLabel: YES_NO.yes, falseLabel: YES_NO.no });
    if (grouping) this.groupings.push(code);
  }

  /** A calculation reads every question, later ones included. */
  private fieldForCalc(name: string): LogicField | { refused: Localized } | undefined {
    const known = this.fields.get(name.toLowerCase());
    if (known) return known;
    const row = this.rows.find((r) => r.get('name').toLowerCase() === name.toLowerCase());
    if (!row) return undefined;
    return { refused: say(`« ${name} » vient après le calcul dans le dictionnaire`, `"${name}" comes after the calculation in the dictionary`) };
  }
}

/** The action tags of a Field Annotation that change what the bot does. */
function actionTags(annotation: string): { noneOfTheAbove: string[]; hidden: boolean; grouping: boolean; unknown: string[] } {
  const noneOfTheAbove: string[] = [];
  const none = /@NONEOFTHEABOVE\s*=\s*(['"])(.*?)\1/i.exec(annotation) ?? /@NONEOFTHEABOVE\s*=\s*([^\s'"]+)/i.exec(annotation);
  if (none) noneOfTheAbove.push(...(none[2] ?? none[1] ?? '').split(',').map((c) => c.trim()).filter(Boolean));
  const tags = [...annotation.matchAll(/@[A-Z][A-Z0-9_-]*/gi)].map((m) => m[0].toUpperCase());
  return {
    noneOfTheAbove,
    hidden: tags.includes('@HIDDEN') || tags.includes('@HIDDEN-SURVEY'),
    grouping: tags.includes('@CONFRERES-GROUPING'),
    unknown: [...new Set(tags.filter((t) => !KNOWN_TAGS.has(t)))],
  };
}
