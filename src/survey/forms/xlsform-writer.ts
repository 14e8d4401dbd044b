/**
 * Writes a definition as an XLSForm workbook (sheets survey, choices, settings), in both
 * languages, with our columns for what XLSForm has no word for (groupings, exclusive choices,
 * short labels, a scale's end labels). The study's instrument ships as one, which loads back to
 * the same questionnaire; any team can start its own form from it.
 */
// exceljs is loaded when a workbook is read or written: compiling it cost every CLI ~0.3 s at start.
import type ExcelJS from 'exceljs';
import type { Localized } from '../../shared/language.ts';
import type { Definition, Item } from '../definition.ts';
import type { Expression } from '../expression.ts';

const FR = 'Français (fr)';
const EN = 'English (en)';

const SURVEY_COLUMNS = [
  'type', 'name', `label::${FR}`, `label::${EN}`, `hint::${FR}`, `hint::${EN}`, 'required', 'relevant', 'constraint',
  'calculation', 'parameters', `confreres_short_label::${FR}`, `confreres_short_label::${EN}`,
  `confreres_min_label::${FR}`, `confreres_min_label::${EN}`, `confreres_max_label::${FR}`, `confreres_max_label::${EN}`,
  'confreres_grouping',
] as const;
type SurveyColumn = (typeof SURVEY_COLUMNS)[number];

export async function writeXlsForm(definition: Definition): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  const survey = workbook.addWorksheet('survey');
  const choices = workbook.addWorksheet('choices');
  const settings = workbook.addWorksheet('settings');
  survey.addRow([...SURVEY_COLUMNS]);
  choices.addRow(['list_name', 'name', `label::${FR}`, `label::${EN}`, 'confreres_exclusive']);
  settings.addRow(['form_title', 'form_id', 'version', 'default_language']);
  // form_id in XLSForm's usual snake case: it also keeps a written-out built-in instrument from
  // claiming the built-in's own id when it is loaded back.
  const formId = definition.id.replace(/-/g, '_');
  settings.addRow([definition.title[definition.defaultLanguage], formId, String(definition.version), definition.defaultLanguage === 'fr' ? FR : EN]);

  const groupings = declaredGroupings(definition);
  const add = (values: Partial<Record<SurveyColumn, string>>) => survey.addRow(SURVEY_COLUMNS.map((c) => values[c] ?? ''));
  const both = (base: string, text: Localized | undefined) => (text ? { [`${base}::${FR}`]: text.fr, [`${base}::${EN}`]: text.en } : {});
  const lists = new Map<string, string>();

  for (const item of definition.items) {
    for (const [index, note] of (item.notes ?? []).entries()) {
      add({ type: 'note', name: `${item.code}_note${index + 1}`, ...both('label', note.text), relevant: note.relevant ? xlsformCondition(note.relevant.expression) : '' });
    }
    add({
      type: typeOf(item, lists, choices),
      name: item.code,
      ...both('label', item.label),
      ...both('hint', item.hint),
      ...both('confreres_short_label', item.shortLabel),
      ...(item.scale ? { ...both('confreres_min_label', item.scale.minLabel), ...both('confreres_max_label', item.scale.maxLabel), parameters: `start=${item.scale.min} end=${item.scale.max} step=1` } : {}),
      required: item.required ? 'yes' : 'no',
      relevant: item.relevant ? xlsformCondition(item.relevant.expression) : '',
      constraint: constraintOf(item),
      confreres_grouping: groupings.has(item.code) ? 'yes' : '',
    });
  }
  for (const variable of definition.derived) {
    if (variable.type !== 'boolean') continue;
    add({ type: 'calculate', name: variable.code, ...both('label', variable.label), calculation: `if(${xlsformCondition(variable.parsed)}, 1, 0)`, confreres_grouping: groupings.has(variable.code) ? 'yes' : '' });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The groupings to declare in a form: the definition's own, a recode (which forms cannot
 * express) declared on the item it recodes.
 */
export function declaredGroupings(definition: Definition): Set<string> {
  const codes = new Set<string>();
  for (const code of definition.groupings ?? []) {
    const derived = definition.derived.find((d) => d.code === code);
    codes.add(derived?.type === 'recode' ? derived.from : code);
  }
  return codes;
}

function typeOf(item: Item, lists: Map<string, string>, choices: ExcelJS.Worksheet): string {
  switch (item.type) {
    case 'single':
    case 'multi': {
      const key = JSON.stringify(item.choices);
      let list = lists.get(key);
      if (!list) {
        list = item.code;
        lists.set(key, list);
        for (const choice of item.choices) choices.addRow([list, choice.code, choice.label.fr, choice.label.en, choice.exclusive ? 'yes' : '']);
      }
      return `${item.type === 'single' ? 'select_one' : 'select_multiple'} ${list}`;
    }
    case 'scale':
      return 'range';
    case 'text':
      return item.format ?? 'text';
  }
}

function constraintOf(item: Item): string {
  const bounds = [item.min !== undefined ? `. >= ${item.min}` : '', item.max !== undefined ? `. <= ${item.max}` : ''].filter(Boolean);
  return bounds.join(' and ');
}

/** Our expression in XLSForm syntax (`${q} != 'x'`, `selected(${q}, 'x')`, `count-selected(${q})`). */
export function xlsformCondition(expression: Expression): string {
  switch (expression.type) {
    case 'literal':
      return typeof expression.value === 'string' ? `'${expression.value}'` : typeof expression.value === 'boolean' ? `${expression.value}()` : String(expression.value);
    case 'ref':
      return `\${${expression.code}}`;
    case 'not':
      return `not(${xlsformCondition(expression.operand)})`;
    case 'logical':
      return `(${xlsformCondition(expression.left)} ${expression.op} ${xlsformCondition(expression.right)})`;
    case 'compare':
      return `${xlsformCondition(expression.left)} ${expression.op === '==' ? '=' : expression.op} ${xlsformCondition(expression.right)}`;
    case 'call': {
      const [target, choice] = expression.args;
      const field = target ? xlsformCondition(target) : '';
      if (expression.name === 'selected') return `selected(${field}, ${choice ? xlsformCondition(choice) : "''"})`;
      if (expression.name === 'count') return `count-selected(${field})`;
      return `${field} != ''`;
    }
  }
}
