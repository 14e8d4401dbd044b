/**
 * Reads an XLSForm (the `.xlsx` workbook of ODK, KoboToolbox and SurveyCTO: sheets `survey`,
 * `choices`, `settings`) into our definition format: select_one, select_multiple (with
 * `or_other`), integer, decimal, range, text, note, calculate and date; `relevant` translated
 * (logic.ts); `required`; simple numeric `constraint`s; groups flattened (their `relevant`
 * applies to every question inside, their label shown before the first one); labels and hints
 * per language (`label::Français (fr)`, `label::English (en)`). Our own columns:
 * `confreres_grouping` (survey: a Table 1 grouping), `confreres_exclusive` (choices: "none of
 * these"), `confreres_short_label`, `confreres_min_label`, `confreres_max_label` (a range's ends).
 * Repeats, media, choice filters and other unsupported features are refused by name.
 */
// exceljs is loaded when a workbook is read or written: compiling it cost every CLI ~0.3 s at start.
import type ExcelJS from 'exceljs';
import type { Language, Localized } from '../../shared/language.ts';
import { err } from '../../shared/result.ts';
import { cleanLabel, humanize, same, slug, YES_NO, type FormResult, type ReadOptions } from './build.ts';
import { FormCollector, type ItemInput } from './collector.ts';
import { identityByName, identityByXlsformType } from './identity.ts';
import { constraintBounds, translateCondition } from './logic.ts';
import { problemAt, say, type FormLocation } from './problems.ts';


interface Sheet {
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: readonly SheetRow[];
}

interface SheetRow {
  readonly number: number;
  readonly cells: ReadonlyMap<string, string>;
}

/** Columns whose presence changes what is asked in a way the bot cannot honour. */
const REFUSED_COLUMNS: Readonly<Record<string, Localized>> = {
  choice_filter: say('les filtres de choix (choice_filter) ne sont pas pris en charge', 'choice filters (choice_filter) are not supported'),
  repeat_count: say('les répétitions (repeat_count) ne sont pas prises en charge', 'repeats (repeat_count) are not supported'),
  trigger: say('les déclencheurs (trigger) ne sont pas pris en charge', 'triggers (trigger) are not supported'),
};
const MEDIA_COLUMN = /^(media::)?(image|big-image|audio|video)(::.*)?$/;
const IGNORED_METADATA = new Set(['start', 'end', 'today']);
const UNSUPPORTED_TYPES = new Set(['time', 'datetime', 'acknowledge', 'rank', 'hidden', 'xml-external', 'csv-external', 'trigger', 'select_one_from_file', 'select_multiple_from_file', 'begin repeat', 'begin_repeat', 'end repeat', 'end_repeat', 'geopoint', 'start-geopoint']);
const MAX_BUTTON_SCALE_POINTS = 11;

export async function readXlsForm(bytes: Uint8Array, options: ReadOptions): Promise<FormResult> {
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (error) {
    return err([problemAt({}, `classeur .xlsx illisible : ${(error as Error).message}`, `unreadable .xlsx workbook: ${(error as Error).message}`)]);
  }
  const sheets = new Map<string, Sheet>();
  workbook.eachSheet((worksheet) => {
    const name = worksheet.name.trim().toLowerCase();
    sheets.set(name, readSheet(worksheet, name));
  });
  const survey = sheets.get('survey');
  if (!survey) return err([problemAt({}, 'pas de feuille « survey » : ce n’est pas un XLSForm', 'no "survey" sheet: this is not an XLSForm')]);
  return new XlsFormReader(survey, sheets.get('choices'), sheets.get('settings'), options).read();
}

function readSheet(worksheet: ExcelJS.Worksheet, name: string): Sheet {
  const header: string[] = [];
  worksheet.getRow(1).eachCell({ includeEmpty: true }, (cell, column) => {
    header[column] = cellText(cell.value).trim();
  });
  const columns = header.map((h) => h ?? '');
  const rows: SheetRow[] = [];
  worksheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells = new Map<string, string>();
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const key = (columns[column] ?? '').toLowerCase();
      const text = cellText(cell.value).trim();
      if (key && text) cells.set(key, text);
    });
    if (cells.size > 0) rows.push({ number, cells });
  });
  return { name, columns: columns.filter(Boolean), rows };
}

/** The text of a cell whatever exceljs made of it (rich text, formula result, hyperlink, date). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  return '';
}

/** The language of a `label::…` column: "(fr)", "Français", "English (en)", "en". */
function languageOf(suffix: string): Language | null {
  const code = /\(([a-z]{2})(?:[-_][a-z]+)?\)\s*$/i.exec(suffix)?.[1]?.toLowerCase() ?? suffix.trim().toLowerCase();
  if (code === 'fr' || /^fran[cç]ais|^french/.test(code)) return 'fr';
  if (code === 'en' || /^english|^anglais/.test(code)) return 'en';
  return null;
}

function isYes(value: string | undefined): boolean {
  return value !== undefined && /^(yes|true|true\(\)|1|y|oui)$/i.test(value.trim());
}

class XlsFormReader extends FormCollector {
  private readonly lists = new Map<string, { code: string; label: Localized; exclusive?: boolean }[]>();
  private readonly calculations: { row: SheetRow; code: string; source: string; label: Localized; grouping: boolean }[] = [];
  private readonly groups: { relevant: string; row: number }[] = [];

  constructor(
    private readonly survey: Sheet,
    private readonly choices: Sheet | undefined,
    private readonly settings: Sheet | undefined,
    private readonly options: ReadOptions,
  ) {
    super();
  }

  read(): FormResult {
    this.checkColumns(this.survey);
    if (this.choices) this.checkColumns(this.choices);
    this.readChoices();
    for (const row of this.survey.rows) this.row(row);
    for (const group of this.groups) {
      this.problems.push(problemAt({ sheet: 'survey', row: group.row, column: 'type' }, 'groupe ouvert (begin group) jamais fermé (end group)', 'group opened (begin group) and never closed (end group)'));
    }
    for (const calculation of this.calculations) this.calculation(calculation);
    const setting = this.settings?.rows[0]?.cells;
    const formId = setting?.get('form_id') ?? this.options.fileName;
    return this.finish(
      'xlsform',
      {
        id: slug(formId),
        title: same(setting?.get('form_title') ?? humanize(formId)),
        defaultLanguage: languageOf(setting?.get('default_language') ?? '') ?? this.options.language,
        origin: { format: 'xlsform', file: this.options.fileName },
      },
      { sheet: 'survey' },
      { fr: 'une note placée après la dernière question n’est pas affichée', en: 'a note after the last question is not shown' },
      [],
    );
  }

  private at(row: SheetRow, column?: string, sheet = 'survey'): FormLocation {
    return { sheet, row: row.number, ...(column ? { column } : {}) };
  }

  private problem(row: SheetRow, column: string | undefined, fr: string, en: string, sheet = 'survey'): void {
    this.problems.push(problemAt(this.at(row, column, sheet), fr, en));
  }

  private checkColumns(sheet: Sheet): void {
    for (const column of sheet.columns) {
      const key = column.toLowerCase();
      const refused = REFUSED_COLUMNS[key] ?? (MEDIA_COLUMN.test(key) ? say(`les médias (colonne ${column}) ne sont pas pris en charge`, `media (column ${column}) are not supported`) : undefined);
      if (!refused) continue;
      const used = sheet.rows.find((row) => row.cells.has(key));
      if (used) this.problems.push({ ...this.at(used, column, sheet.name), message: refused });
    }
  }

  /** A text in both languages from `base`, `base::Français (fr)`, `base::English (en)`; null when absent. */
  private localized(row: SheetRow, base: string): Localized | null {
    const found: Partial<Record<Language, string>> = {};
    let plain: string | undefined;
    for (const [key, value] of row.cells) {
      if (key === base) plain = value;
      else if (key.startsWith(`${base}::`)) {
        const language = languageOf(key.slice(base.length + 2));
        if (language) found[language] = value;
      }
    }
    const fr = found.fr ?? plain ?? found.en;
    const en = found.en ?? plain ?? found.fr;
    if (fr === undefined || en === undefined) return null;
    return { fr: cleanLabel(fr), en: cleanLabel(en) };
  }

  private readChoices(): void {
    for (const row of this.choices?.rows ?? []) {
      const list = row.cells.get('list_name') ?? row.cells.get('list name');
      const code = row.cells.get('name');
      if (!list || code === undefined) {
        this.problem(row, list ? 'name' : 'list_name', 'choix sans list_name ou sans name', 'choice without list_name or name', 'choices');
        continue;
      }
      if (!/^-?[A-Za-z0-9][A-Za-z0-9_.]*$/.test(code)) {
        this.problem(row, 'name', `« ${code} » n’est pas un code de choix (lettres, chiffres, _ et .)`, `"${code}" is not a choice code (letters, digits, _ and .)`, 'choices');
        continue;
      }
      const label = this.localized(row, 'label') ?? same(code);
      const choices = this.lists.get(list) ?? [];
      if (choices.some((c) => c.code === code)) this.problem(row, 'name', `le code « ${code} » apparaît deux fois dans la liste ${list}`, `the code "${code}" appears twice in the list ${list}`, 'choices');
      choices.push({ code, label, ...(isYes(row.cells.get('confreres_exclusive')) ? { exclusive: true } : {}) });
      this.lists.set(list, choices);
    }
  }

  private row(row: SheetRow): void {
    const rawType = (row.cells.get('type') ?? '').replace(/\s+/g, ' ').trim();
    const type = rawType.toLowerCase();
    if (!type) {
      if (row.cells.get('name')) this.problem(row, 'type', 'ligne sans type', 'row without a type');
      return;
    }
    if (type === 'begin group' || type === 'begin_group') return this.beginGroup(row);
    if (type === 'end group' || type === 'end_group') {
      if (!this.groups.pop()) this.problem(row, 'type', 'end group sans begin group', 'end group without begin group');
      return;
    }
    const name = row.cells.get('name') ?? '';
    const identity = identityByXlsformType(type) ?? (type === 'note' || type === 'calculate' ? null : name ? identityByName(name) : null);
    if (identity) {
      this.problems.push({ ...this.at(row, identityByXlsformType(type) ? 'type' : 'name'), message: identity });
      if (name) this.fields.set(name, { refused: identity });
      return;
    }
    if (IGNORED_METADATA.has(type)) {
      this.warnings.push(problemAt(this.at(row, 'type'), `« ${type} » ignoré : le bot ne garde les dates qu’au jour près`, `"${type}" ignored: the bot keeps dates to the day only`));
      return;
    }
    if (UNSUPPORTED_TYPES.has(type) || UNSUPPORTED_TYPES.has(type.split(' ')[0] ?? '')) {
      this.problem(row, 'type', `le type « ${rawType} » n’est pas pris en charge`, `the type "${rawType}" is not supported`);
      return;
    }
    const code = name.toLowerCase().replace(/[-.]/g, '_');
    if (!/^[a-z][a-z0-9_]*$/.test(code) || code.length > 40) {
      this.problem(row, 'name', `« ${name} » n’est pas un nom utilisable (lettres, chiffres, _, 40 caractères au plus)`, `"${name}" is not a usable name (letters, digits, _, at most 40 characters)`);
      return;
    }
    if (this.rowOf.has(code)) {
      this.problem(row, 'name', `le nom « ${name} » est déjà utilisé`, `the name "${name}" is already used`);
      return;
    }
    this.rowOf.set(code, this.at(row));
    if (type === 'calculate') {
      const source = row.cells.get('calculation') ?? '';
      const label = this.localized(row, 'label') ?? same(humanize(name));
      this.calculations.push({ row, code, source, label, grouping: isYes(row.cells.get('confreres_grouping')) });
      this.fields.set(name, { refused: say(`« ${name} » est un calcul : une condition ne peut pas le lire`, `"${name}" is a calculation: a condition cannot read it`) });
      return;
    }
    const relevant = this.relevant(row);
    if (relevant === null) return;
    if (type === 'note') {
      const text = this.localized(row, 'label');
      if (text) this.pendingNotes.push({ text, ...(relevant ? { relevant } : {}) });
      return;
    }
    const item = this.question(row, name, code, type);
    if (!item) return;
    const label = this.localized(row, 'label');
    if (!label) {
      this.problem(row, 'label', 'question sans libellé', 'question without a label');
      return;
    }
    const hint = this.localized(row, 'hint');
    const shortLabel = this.localized(row, 'confreres_short_label');
    const notes = this.pendingNotes;
    this.pendingNotes = [];
    this.items.push({
      ...item.item,
      code,
      label,
      ...(hint && !item.item.hint ? { hint } : {}),
      ...(shortLabel ? { shortLabel } : {}),
      required: isYes(row.cells.get('required')),
      ...(relevant ? { relevant } : {}),
      ...(notes.length > 0 ? { notes } : {}),
      origin: { name, type: rawType },
    } as ItemInput);
    if (isYes(row.cells.get('confreres_grouping'))) this.groupings.push(code);
    if (item.other) this.orOther(row, code, item.item.type === 'multi', label, relevant);
  }

  private beginGroup(row: SheetRow): void {
    const relevant = this.relevant(row, false);
    this.groups.push({ relevant: relevant ?? '', row: row.number });
    // The group's label reads as a section header before its first question.
    const label = this.localized(row, 'label');
    if (label) this.pendingNotes.push({ text: label, ...(relevant ? { relevant } : {}) });
  }

  /** The row's relevant (and its groups'), translated; '' when none, null when refused. */
  private relevant(row: SheetRow, withGroups = true): string | null {
    const own = row.cells.get('relevant');
    const parts = withGroups ? this.groups.map((g) => g.relevant).filter(Boolean) : [];
    if (own) {
      const translated = translateCondition(own, 'xlsform', (name) => this.fields.get(name));
      if (!translated.ok) {
        this.problems.push({ ...this.at(row, 'relevant'), message: translated.error });
        return null;
      }
      parts.push(translated.value);
    }
    if (parts.length <= 1) return parts[0] ?? '';
    return parts.map((p) => `(${p})`).join(' and ');
  }

  private question(row: SheetRow, name: string, code: string, type: string): { item: Partial<ItemInput>; other: boolean } | null {
    const [base = '', list, extra] = type.split(' ');
    switch (base) {
      case 'select_one':
      case 'select_multiple': {
        const other = extra === 'or_other';
        if (!list || (extra !== undefined && !other)) {
          this.problem(row, 'type', `« ${type} » : écrivez select_one liste (ou select_one liste or_other)`, `"${type}": write select_one list (or select_one list or_other)`);
          return null;
        }
        const found = this.lists.get(list);
        if (!found) {
          this.problem(row, 'type', `la liste de choix « ${list} » n’existe pas dans la feuille choices`, `the choice list "${list}" is not in the choices sheet`);
          return null;
        }
        const choices = [...found];
        if (other) {
          if (choices.some((c) => c.code === 'other')) {
            this.problem(row, 'type', `or_other ajoute le code « other », déjà présent dans la liste ${list}`, `or_other adds the code "other", already in the list ${list}`);
            return null;
          }
          choices.push({ code: 'other', label: YES_NO.other });
        }
        const multi = base === 'select_multiple';
        const exclusive = choices.filter((c) => c.exclusive);
        if (!multi && exclusive.length > 0) choices.splice(0, choices.length, ...choices.map(({ exclusive: _e, ...c }) => c));
        this.fields.set(name, { code, kind: multi ? 'checkbox' : 'choice', choices: choices.map((c) => c.code) });
        return { item: { type: multi ? 'multi' : 'single', choices }, other };
      }
      case 'text':
        this.fields.set(name, { code, kind: 'text' });
        return { item: { type: 'text' }, other: false };
      case 'date':
        this.fields.set(name, { code, kind: 'date' });
        return { item: { type: 'text', format: 'date' }, other: false };
      case 'integer':
      case 'decimal': {
        const integer = base === 'integer';
        const constraint = row.cells.get('constraint');
        let bounds: { min?: number; max?: number } = {};
        if (constraint) {
          const read = constraintBounds(constraint, integer);
          if (!read.ok) {
            this.problems.push({ ...this.at(row, 'constraint'), message: read.error });
            return null;
          }
          bounds = read.value;
        }
        this.fields.set(name, { code, kind: 'number' });
        return { item: { type: 'text', format: integer ? 'integer' : 'decimal', ...bounds }, other: false };
      }
      case 'range':
        return this.range(row, name, code);
      default:
        this.problem(row, 'type', `le type « ${type} » n’est pas pris en charge`, `the type "${type}" is not supported`);
        return null;
    }
  }

  private range(row: SheetRow, name: string, code: string): { item: Partial<ItemInput>; other: boolean } | null {
    const parameters = new Map(
      [...(row.cells.get('parameters') ?? '').matchAll(/([a-z]+)\s*=\s*(-?\d+(?:\.\d+)?)/gi)].map((m) => [m[1]?.toLowerCase() ?? '', Number(m[2])]),
    );
    const start = parameters.get('start') ?? 1;
    const end = parameters.get('end') ?? 10;
    const step = parameters.get('step') ?? 1;
    if (end <= start || step <= 0) {
      this.problem(row, 'parameters', 'range : end doit dépasser start, et step être positif', 'range: end must be above start, and step positive');
      return null;
    }
    this.fields.set(name, { code, kind: 'number' });
    const minLabel = this.localized(row, 'confreres_min_label') ?? same(String(start));
    const maxLabel = this.localized(row, 'confreres_max_label') ?? same(String(end));
    if (step === 1 && Number.isInteger(start) && Number.isInteger(end) && end - start + 1 <= MAX_BUTTON_SCALE_POINTS) {
      return { item: { type: 'scale', scale: { min: start, max: end, minLabel, maxLabel } }, other: false };
    }
    if (step !== 1 || !Number.isInteger(start)) {
      this.warnings.push(problemAt(this.at(row, 'parameters'), `le pas ${step} n’est pas imposé : toute valeur entre ${start} et ${end} est acceptée`, `the step ${step} is not enforced: any value from ${start} to ${end} is accepted`));
    }
    const integer = Number.isInteger(step) && Number.isInteger(start);
    return {
      item: { type: 'text', format: integer ? 'integer' : 'decimal', min: start, max: end, hint: { fr: `${start} = ${minLabel.fr}, ${end} = ${maxLabel.fr}`, en: `${start} = ${minLabel.en}, ${end} = ${maxLabel.en}` } },
      other: false,
    };
  }

  /** `or_other`: an "Other" choice and, when it is chosen, a free text to say which. */
  private orOther(row: SheetRow, code: string, multi: boolean, label: Localized, relevant: string): void {
    const otherCode = `${code}_other`;
    if (this.rowOf.has(otherCode)) {
      this.problem(row, 'type', `or_other ajoute la question « ${otherCode} », dont le nom est déjà pris`, `or_other adds the question "${otherCode}", whose name is taken`);
      return;
    }
    this.rowOf.set(otherCode, this.at(row));
    const chosen = multi ? `selected(${code}, 'other')` : `${code} == 'other'`;
    this.items.push({
      code: otherCode,
      type: 'text',
      label: { fr: `${YES_NO.specify.fr} ${label.fr}`, en: `${YES_NO.specify.en} ${label.en}` },
      required: false,
      maxLength: 200,
      relevant: relevant ? `(${relevant}) and ${chosen}` : chosen,
      origin: { name: otherCode, type: 'text' },
    });
  }

  private calculation(calculation: { row: SheetRow; code: string; source: string; label: Localized; grouping: boolean }): void {
    const { row, code, source, label, grouping } = calculation;
    const translated = translateCondition(source, 'xlsform', (name) => {
      const field = this.fields.get(name);
      return field && 'refused' in field && this.calculations.some((c) => c.code === name) ? undefined : field;
    });
    if (!translated.ok) {
      const message = say(`calcul « ${code} » laissé de côté : ${translated.error.fr}`, `calculation "${code}" left out: ${translated.error.en}`);
      if (grouping) this.problems.push({ ...this.at(row, 'calculation'), message });
      else this.warnings.push({ ...this.at(row, 'calculation'), message });
      return;
    }
    this.derived.push({ code, type: 'boolean', label, expression: translated.value, trueLabel: YES_NO.yes, falseLabel: YES_NO.no });
    if (grouping) this.groupings.push(code);
  }
}
