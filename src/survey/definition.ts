/**
 * The questionnaire definition format, inspired by XLSForm: items with a type, labels per
 * language, choices, skip rules (`relevant`) and derived variables for the analysis.
 * A definition is checked once at load and refused with every problem listed.
 */
import { z } from 'zod';
import { LANGUAGES, type Localized } from '../shared/language.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { comparedChoices, parseExpression, referencedCodes, type Expression } from './expression.ts';

const CODE = /^[a-z][a-z0-9_]*$/;

const localized = z.object({ fr: z.string().trim().min(1), en: z.string().trim().min(1) });

// Choice codes may start with a digit ("30_40"); item codes are identifiers in expressions.
const CHOICE_CODE = /^[a-z0-9][a-z0-9_]*$/;

const choiceSchema = z.object({
  code: z.string().regex(CHOICE_CODE, 'a choice code is lowercase letters, digits and _'),
  label: localized,
});

const itemSchema = z.object({
  code: z.string().regex(CODE, 'a code is lowercase letters, digits and _'),
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
  relevant: z.string().optional(),
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
});

export type DefinitionInput = z.input<typeof definitionSchema>;
type ParsedDefinition = z.output<typeof definitionSchema>;
type ParsedItem = z.output<typeof itemSchema>;

export type ItemType = ParsedItem['type'];
export interface Choice {
  readonly code: string;
  readonly label: Localized;
}
export interface Item extends Omit<ParsedItem, 'relevant' | 'choices'> {
  readonly choices: readonly Choice[];
  readonly relevant?: { readonly source: string; readonly expression: Expression };
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
    let relevant: Item['relevant'];
    if (item.relevant !== undefined) {
      const expression = parseExpression(item.relevant);
      if (!expression.ok) {
        problem(`relevant: ${expression.error}`);
      } else {
        for (const code of referencedCodes(expression.value)) {
          if (!seen.has(code)) problem(`relevant refers to "${code}", which is not an earlier item`);
        }
        checkComparedChoices(expression.value, seen, problem, 'relevant');
        relevant = { source: item.relevant, expression: expression.value };
      }
    }
    seen.set(item.code, item);
    const { relevant: _source, choices: _choices, ...rest } = item;
    items.push({ ...rest, choices, ...(relevant ? { relevant } : {}) });
  }
  return items;
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
