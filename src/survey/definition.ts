/**
 * The questionnaire definition format, inspired by XLSForm: items with a type, labels per
 * language, choices, skip rules (`relevant`) and derived variables for the analysis.
 * A definition is checked once at load and refused with every problem listed.
 */
import { z } from '../shared/zod.ts';
import { LANGUAGES, type Localized } from '../shared/language.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { comparedChoices, parseExpression, referencedCodes, type Expression } from './expression.ts';

const CODE = /^[a-z][a-z0-9_]*$/;
/** Item codes travel in Discord custom ids (≤ 100 characters with the survey id). */
const MAX_CODE_LENGTH = 40;

const localized = z.object({ fr: z.string().trim().min(1), en: z.string().trim().min(1) });

// Choice codes may start with a digit ("30_40") or be a form's raw codes ("-1", "A", "2.5"):
// they are stored and exported as they are; item codes are identifiers in expressions.
const CHOICE_CODE = /^-?[A-Za-z0-9][A-Za-z0-9_.]*$/;

const choiceSchema = z.object({
  code: z.string().max(MAX_CODE_LENGTH).regex(CHOICE_CODE, 'a choice code is letters, digits, _ and . (optionally after a -)'),
  label: localized,
  /**
   * "None of these" (REDCap's @NONEOFTHEABOVE): on a multiple choice it cannot be combined
   * with another choice; ticking it clears the others, ticking another clears it.
   */
  exclusive: z.boolean().optional(),
});

/** A text shown before an item (a REDCap section header or descriptive field, an XLSForm note). */
const noteSchema = z.object({ text: localized, relevant: z.string().optional() });

/**
 * How an item reads in the form it was loaded from, so the REDCap export writes the same
 * field back (a checkbox as field___code columns, a date in its validation's order).
 */
const originSchema = z.object({
  name: z.string().min(1),
  type: z.string().min(1),
  validation: z.string().optional(),
  /** The REDCap instrument (Form Name) the field belongs to. */
  form: z.string().optional(),
});

const itemSchema = z.object({
  code: z.string().max(MAX_CODE_LENGTH).regex(CODE, 'a code is lowercase letters, digits and _'),
  type: z.enum(['single', 'multi', 'scale', 'text']),
  label: localized,
  hint: localized.optional(),
  /** Shorter label for charts and tables. */
  shortLabel: localized.optional(),
  required: z.boolean().default(true),
  choices: z.array(choiceSchema).optional(),
  scale: z
    .object({ min: z.number().int(), max: z.number().int(), minLabel: localized, maxLabel: localized })
    .optional(),
  minSelections: z.number().int().min(0).optional(),
  maxSelections: z.number().int().min(1).optional(),
  maxLength: z.number().int().min(1).max(4000).optional(),
  /** A typed answer other than free text: a whole number, a decimal number, or a date (stored YYYY-MM-DD). */
  format: z.enum(['integer', 'decimal', 'date']).optional(),
  /** Bounds of an integer or decimal answer. */
  min: z.number().optional(),
  max: z.number().optional(),
  notes: z.array(noteSchema).optional(),
  relevant: z.string().optional(),
  origin: originSchema.optional(),
});

const derivedSchema = z.discriminatedUnion('type', [
  z.object({
    code: z.string().regex(CODE),
    type: z.literal('boolean'),
    label: localized,
    expression: z.string(),
    /** How the two groups read in tables: e.g. "General practitioners" / "Other specialties". */
    trueLabel: localized,
    falseLabel: localized,
  }),
  z.object({
    code: z.string().regex(CODE),
    type: z.literal('recode'),
    label: localized,
    from: z.string(),
    categories: z.array(choiceSchema).min(2),
    /** Source choice code → category code; unmapped choices give a missing value. */
    map: z.record(z.string(), z.string()),
  }),
]);

const definitionSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
  version: z.number().int().min(1),
  defaultLanguage: z.enum(LANGUAGES),
  languages: z.array(z.enum(LANGUAGES)).min(1),
  title: localized,
  intro: localized.optional(),
  items: z.array(itemSchema).min(1),
  derived: z.array(derivedSchema).default([]),
  /**
   * The groupings of Table 1 (single-choice items or derived variables), as the form declares
   * them; without it, the study's groupings where they exist.
   */
  groupings: z.array(z.string()).optional(),
  /** Where a loaded form came from, for the export back (REDCap's record id field, instruments). */
  origin: z
    .object({
      format: z.enum(['redcap', 'xlsform']),
      file: z.string().optional(),
      recordIdField: z.string().optional(),
      instruments: z.array(z.string()).optional(),
    })
    .optional(),
});

export type DefinitionInput = z.input<typeof definitionSchema>;
type ParsedDefinition = z.output<typeof definitionSchema>;
type ParsedItem = z.output<typeof itemSchema>;

export type ItemType = ParsedItem['type'];
export interface Choice {
  readonly code: string;
  readonly label: Localized;
  readonly exclusive?: boolean | undefined;
}
export interface ItemNote {
  readonly text: Localized;
  readonly relevant?: { readonly source: string; readonly expression: Expression };
}
export interface Item extends Omit<ParsedItem, 'relevant' | 'choices' | 'notes'> {
  readonly choices: readonly Choice[];
  readonly relevant?: { readonly source: string; readonly expression: Expression };
  readonly notes?: readonly ItemNote[];
}
export type DerivedVariable =
  | (Extract<z.output<typeof derivedSchema>, { type: 'boolean' }> & { readonly parsed: Expression })
  | Extract<z.output<typeof derivedSchema>, { type: 'recode' }>;
export interface Definition extends Omit<ParsedDefinition, 'items' | 'derived'> {
  readonly items: readonly Item[];
  readonly derived: readonly DerivedVariable[];
}

/** One thing wrong with a definition: where (an item or variable code, or a path) and why. */
export interface DefinitionProblem {
  readonly where: string;
  readonly reason: string;
}

export class DefinitionError extends Error {
  constructor(readonly problems: readonly DefinitionProblem[]) {
    super(`Invalid questionnaire definition:\n${problems.map((p) => `  - ${p.where}: ${p.reason}`).join('\n')}`);
    this.name = 'DefinitionError';
  }
}

/** Validates a definition and lists every problem found, not only the first. */
export function parseDefinition(input: unknown): Result<Definition, DefinitionProblem[]> {
  const parsed = definitionSchema.safeParse(input);
  if (!parsed.success) {
    return err(parsed.error.issues.map((issue) => ({ where: pathName(input, issue.path), reason: issue.message })));
  }
  const problems: DefinitionProblem[] = [];
  const items = checkItems(parsed.data, problems);
  const derived = checkDerived(parsed.data, items, problems);
  checkGroupings(parsed.data, items, derived, problems);
  if (problems.length > 0) return err(problems);
  return ok({ ...parsed.data, items, derived });
}

/** Like parseDefinition, but throws a DefinitionError naming each problem. */
export function loadDefinition(input: unknown): Definition {
  const result = parseDefinition(input);
  if (!result.ok) throw new DefinitionError(result.error);
  return result.value;
}

function checkItems(definition: ParsedDefinition, problems: DefinitionProblem[]): Item[] {
  const seen = new Map<string, ParsedItem>();
  const items: Item[] = [];
  for (const item of definition.items) {
    const where = `item ${item.code}`;
    const problem = (reason: string) => problems.push({ where, reason });
    if (seen.has(item.code)) problem('the code is used by another item');
    const choices = item.choices ?? [];
    checkShape(item, choices, problem);
    const relevant = item.relevant === undefined ? undefined : checkRule(item.relevant, seen, problem, 'relevant');
    const notes: ItemNote[] = [];
    for (const [index, note] of (item.notes ?? []).entries()) {
      const rule = note.relevant === undefined ? undefined : checkRule(note.relevant, seen, problem, `note ${index + 1} relevant`);
      notes.push({ text: note.text, ...(rule ? { relevant: rule } : {}) });
    }
    seen.set(item.code, item);
    const { relevant: _source, choices: _choices, notes: _notes, ...rest } = item;
    items.push({ ...rest, choices, ...(relevant ? { relevant } : {}), ...(notes.length > 0 ? { notes } : {}) });
  }
  return items;
}

/** Parses a skip rule that may read only earlier items, or records why it cannot. */
function checkRule(
  source: string,
  earlier: ReadonlyMap<string, ParsedItem>,
  problem: (reason: string) => void,
  what: string,
): { source: string; expression: Expression } | undefined {
  const expression = parseExpression(source);
  if (!expression.ok) {
    problem(`${what}: ${expression.error}`);
    return undefined;
  }
  for (const code of referencedCodes(expression.value)) {
    if (!earlier.has(code)) problem(`${what} refers to "${code}", which is not an earlier item`);
  }
  checkComparedChoices(expression.value, earlier, problem, what);
  return { source, expression: expression.value };
}

function checkShape(item: ParsedItem, choices: readonly Choice[], problem: (reason: string) => void): void {
  const hasChoices = item.type === 'single' || item.type === 'multi';
  if (hasChoices && choices.length < 2) problem(`a ${item.type} item needs at least 2 choices`);
  if (!hasChoices && choices.length > 0) problem(`a ${item.type} item takes no choices`);
  const codes = choices.map((c) => c.code);
  for (const code of new Set(codes.filter((c, i) => codes.indexOf(c) !== i))) {
    problem(`choice "${code}" appears twice`);
  }
  if (item.type === 'scale') {
    if (!item.scale) problem('a scale item needs scale min, max and endpoint labels');
    else if (item.scale.min >= item.scale.max) problem('scale min must be below scale max');
  } else if (item.scale) {
    problem(`a ${item.type} item takes no scale`);
  }
  if (item.type !== 'multi' && (item.minSelections !== undefined || item.maxSelections !== undefined)) {
    problem('minSelections and maxSelections apply to multi items only');
  }
  if (item.type === 'multi') {
    const min = item.minSelections ?? (item.required ? 1 : 0);
    const max = item.maxSelections ?? choices.length;
    if (min > max) problem(`minSelections (${min}) is above maxSelections (${max})`);
    if (max > choices.length) problem(`maxSelections (${max}) is above the number of choices (${choices.length})`);
    if (item.required && min < 1) problem('a required multi item needs minSelections of at least 1');
  }
  if (item.maxLength !== undefined && item.type !== 'text') problem('maxLength applies to text items only');
  if (item.format !== undefined && item.type !== 'text') problem('format applies to text items only');
  const numeric = item.format === 'integer' || item.format === 'decimal';
  if ((item.min !== undefined || item.max !== undefined) && !numeric) problem('min and max apply to integer and decimal items only');
  if (item.min !== undefined && item.max !== undefined && item.min > item.max) problem(`min (${item.min}) is above max (${item.max})`);
  const exclusive = choices.filter((c) => c.exclusive);
  if (exclusive.length > 0 && item.type !== 'multi') problem('exclusive choices apply to multi items only');
  if (item.type === 'multi' && exclusive.length > 0 && exclusive.length === choices.length) {
    problem('every choice is exclusive: use a single-choice item');
  }
}

function checkComparedChoices(
  expression: Expression,
  items: ReadonlyMap<string, { type: ItemType; choices?: readonly Choice[] | undefined }>,
  problem: (reason: string) => void,
  what: string,
): void {
  for (const { code, choice } of comparedChoices(expression)) {
    const target = items.get(code);
    if (!target || (target.type !== 'single' && target.type !== 'multi')) continue;
    if (!(target.choices ?? []).some((c) => c.code === choice)) {
      problem(`${what} compares ${code} with "${choice}", which is not one of its choices`);
    }
  }
}

function checkDerived(definition: ParsedDefinition, items: readonly Item[], problems: DefinitionProblem[]): DerivedVariable[] {
  const byCode = new Map(items.map((item) => [item.code, item]));
  const derived: DerivedVariable[] = [];
  const codes = new Set<string>();
  for (const variable of definition.derived) {
    const where = `derived ${variable.code}`;
    const problem = (reason: string) => problems.push({ where, reason });
    if (byCode.has(variable.code) || codes.has(variable.code)) problem('the code is already used');
    codes.add(variable.code);
    if (variable.type === 'boolean') {
      const expression = parseExpression(variable.expression);
      if (!expression.ok) {
        problem(`expression: ${expression.error}`);
        continue;
      }
      for (const code of referencedCodes(expression.value)) {
        if (!byCode.has(code)) problem(`expression refers to "${code}", which is not an item`);
      }
      checkComparedChoices(expression.value, byCode, problem, 'expression');
      derived.push({ ...variable, parsed: expression.value });
    } else {
      const source = byCode.get(variable.from);
      if (!source || source.type !== 'single') {
        problem(`recodes "${variable.from}", which is not a single-choice item`);
        continue;
      }
      const categories = new Set(variable.categories.map((c) => c.code));
      for (const [from, to] of Object.entries(variable.map)) {
        if (!source.choices.some((c) => c.code === from)) problem(`maps "${from}", which is not a choice of ${source.code}`);
        if (!categories.has(to)) problem(`maps "${from}" to "${to}", which is not one of its categories`);
      }
      derived.push(variable);
    }
  }
  return derived;
}

function checkGroupings(
  definition: ParsedDefinition,
  items: readonly Item[],
  derived: readonly DerivedVariable[],
  problems: DefinitionProblem[],
): void {
  for (const code of definition.groupings ?? []) {
    const item = items.find((i) => i.code === code);
    const usable = item ? item.type === 'single' : derived.some((d) => d.code === code);
    if (!usable) problems.push({ where: `grouping ${code}`, reason: 'a grouping is a single-choice (or yes/no) item or a derived variable' });
  }
}

/** Names a zod issue path by item or variable code where there is one ("item q3: ..."). */
function pathName(input: unknown, path: readonly PropertyKey[]): string {
  const [section, index, ...rest] = path;
  if ((section === 'items' || section === 'derived') && typeof index === 'number') {
    const list = (input as Record<string, unknown> | null)?.[section];
    const entry = Array.isArray(list) ? (list[index] as { code?: unknown } | undefined) : undefined;
    const name = typeof entry?.code === 'string' ? entry.code : `#${index + 1}`;
    const label = section === 'items' ? 'item' : 'derived';
    return rest.length > 0 ? `${label} ${name} (${rest.join('.')})` : `${label} ${name}`;
  }
  return path.length > 0 ? path.join('.') : 'definition';
}

export function findItem(definition: Definition, code: string): Item | undefined {
  return definition.items.find((item) => item.code === code);
}
