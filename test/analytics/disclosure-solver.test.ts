/**
 * Everything the bot prints about a small synthetic survey — the overview (participation,
 * drop-off, every item), every item and derived variable alone and against every grouping,
 * and Table 1 — turned into linear equations on the unknown counts of every possible
 * response pattern, then solved: no hidden count below K may come out pinned to one value.
 * Counts only (shares are counts divided by a printed n; means and p-values are not linear,
 * and no p-value is printed for a table with a hidden count). Bounds are those of the linear
 * relaxation, which an exact integer solver could tighten.
 */
import { describe, expect, it } from 'vitest';
import type { ResponseRecord } from '../../src/analytics/ports.ts';
import { itemJsonText, overviewJson, table1Json } from '../../src/analytics/report/json.ts';
import { RESEARCHER, ResultsService } from '../../src/analytics/service.ts';
import { seededRandom } from '../../src/analytics/stats/random.ts';
import { groupingCodes } from '../../src/analytics/variables.ts';
import type { SurveyRecord } from '../../src/survey/ports.ts';
import { DefinitionRegistry } from '../../src/survey/registry.ts';
import type { DefinitionInput } from '../../src/survey/definition.ts';
import { arraySource } from './fixture.ts';
import { LinearSystem } from './lp.ts';

const K = 5;
const t = (text: string) => ({ fr: text, en: text });
const INPUT: DefinitionInput = {
  id: 'solver',
  version: 1,
  defaultLanguage: 'en',
  languages: ['fr', 'en'],
  title: t('Solver survey'),
  items: [
    { code: 'spec', type: 'single', label: t('Specialty'), choices: [{ code: 'gp', label: t('GP') }, { code: 'cardio', label: t('Cardio') }, { code: 'neuro', label: t('Neuro') }] },
    { code: 'age', type: 'single', label: t('Age'), choices: [{ code: 'young', label: t('Young') }, { code: 'mid', label: t('Mid') }, { code: 'old', label: t('Old') }] },
    { code: 'sought', type: 'single', label: t('Sought'), choices: [{ code: 'never', label: t('Never') }, { code: 'rarely', label: t('Rarely') }, { code: 'often', label: t('Often') }] },
    { code: 'useful', type: 'scale', label: t('Useful'), scale: { min: 0, max: 10, minLabel: t('no'), maxLabel: t('yes') }, relevant: "sought != 'never'" },
    { code: 'pick', type: 'multi', label: t('Pick'), choices: [{ code: 'x', label: t('X') }, { code: 'y', label: t('Y') }] },
  ],
  derived: [
    { code: 'gp', type: 'boolean', label: t('GP'), expression: "spec == 'gp'", trueLabel: t('GPs'), falseLabel: t('Others') },
    { code: 'sought_opinion', type: 'boolean', label: t('Sought'), expression: "sought != 'never'", trueLabel: t('Yes'), falseLabel: t('No') },
    {
      code: 'age_group',
      type: 'recode',
      label: t('Age band'),
      from: 'age',
      categories: [{ code: 'under', label: t('Under') }, { code: 'over', label: t('Over') }],
      map: { young: 'under', mid: 'under', old: 'over' },
    },
  ],
};
const ITEMS = ['spec', 'age', 'sought', 'useful', 'pick'];
const BUCKETS = ['0–4', '5–7', '8–10'];
const SCORES = [2, 6, 9];

/** A response pattern: the unknowns. `cursor` marks an interrupted response (no item counts). */
interface Atom {
  readonly spec: string;
  readonly age: string;
  readonly sought: string;
  readonly bucket: number | null;
  readonly pick: readonly string[];
  readonly cursor: string | null;
}

const ATOMS: Atom[] = [];
for (const spec of ['gp', 'cardio', 'neuro'])
  for (const age of ['young', 'mid', 'old'])
    for (const sought of ['never', 'rarely', 'often'])
      for (const bucket of sought === 'never' ? [null] : [0, 1, 2])
        for (const pick of [['x'], ['y'], ['x', 'y']]) ATOMS.push({ spec, age, sought, bucket, pick, cursor: null });
for (const cursor of ITEMS) ATOMS.push({ spec: '', age: '', sought: '', bucket: null, pick: [], cursor });

/** The value of a variable for a complete pattern, as the JSON names categories. */
function valueOf(atom: Atom, code: string): string | null {
  switch (code) {
    case 'spec':
    case 'age':
    case 'sought':
      return atom[code];
    case 'useful':
      return atom.bucket === null ? null : (BUCKETS[atom.bucket] ?? null);
    case 'gp':
      return atom.spec === 'gp' ? 'true' : 'false';
    case 'sought_opinion':
      return atom.sought !== 'never' ? 'true' : 'false';
    case 'age_group':
      return atom.age === 'old' ? 'over' : 'under';
  }
  return null;
}

/** The category of an outcome (q__choice for a multiple choice, high/low for a scale). */
function outcomeOf(atom: Atom, outcome: string): string | null {
  const [code, choice] = outcome.split('__');
  if (code === 'pick') return atom.pick.includes(choice ?? '') ? 'chosen' : 'not_chosen';
  if (code === 'useful') return atom.bucket === null ? null : atom.bucket === 2 ? 'high' : 'low';
  return valueOf(atom, code ?? '');
}

const answered = (atom: Atom, code: string) => (code.split('__')[0] === 'useful' ? atom.bucket !== null : true);

/** Synthetic data: 150 complete responses drawn with uneven weights (small cells do occur), 10 interrupted. */
function responses(): { records: ResponseRecord[]; truth: number[] } {
  const random = seededRandom(7);
  const pick = <T,>(options: readonly T[], weights: readonly number[]): T => {
    const total = weights.reduce((s, w) => s + w, 0);
    let u = random() * total;
    for (let i = 0; i < options.length; i++) {
      u -= weights[i] ?? 0;
      if (u <= 0) return options[i] as T;
    }
    return options[options.length - 1] as T;
  };
  const truth = ATOMS.map(() => 0);
  const records: ResponseRecord[] = [];
  for (let r = 0; r < 150; r++) {
    const spec = pick(['gp', 'cardio', 'neuro'], [70, 22, 8]);
    const age = pick(['young', 'mid', 'old'], [20, 55, 25]);
    const sought = pick(['never', 'rarely', 'often'], spec === 'neuro' ? [60, 30, 10] : [35, 40, 25]);
    const bucket = sought === 'never' ? null : pick([0, 1, 2], [10, 30, 60]);
    const choices = pick([['x'], ['y'], ['x', 'y']], [50, 15, 35]);
    const atom = ATOMS.findIndex((a) => a.cursor === null && a.spec === spec && a.age === age && a.sought === sought && a.bucket === bucket && a.pick.join() === choices.join());
    truth[atom]!++;
    records.push({
      status: 'complete',
      cursor: null,
      answers: { spec, age, sought, ...(bucket === null ? {} : { useful: SCORES[bucket] ?? 0 }), pick: choices },
    });
  }
  const stops = { age: 2, sought: 3, useful: 1, pick: 4 } as const;
  for (const [cursor, count] of Object.entries(stops)) {
    truth[ATOMS.findIndex((a) => a.cursor === cursor)]! += count;
    const answers: Record<string, string> = { spec: 'gp' };
    if (cursor !== 'age') answers.age = 'mid';
    if (cursor === 'useful' || cursor === 'pick') answers.sought = 'rarely';
    for (let i = 0; i < count; i++) records.push({ status: 'in_progress', cursor, answers: { ...answers, ...(cursor === 'pick' ? { useful: 6 } : {}) } });
  }
  return { records, truth };
}

interface Equation {
  readonly what: string;
  readonly atoms: (atom: Atom) => boolean;
  readonly value: number | null;
}

type Json = { [key: string]: unknown };

function itemEquations(item: Json, into: Equation[]): void {
  const code = item.code as string;
  into.push({ what: `${code} n`, atoms: (a) => a.cursor === null && answered(a, code), value: item.n as number | null });
  const cells = (item.categories ?? item.choices ?? item.buckets ?? []) as Json[];
  for (const cell of cells) {
    const category = cell.code as string;
    const test = (a: Atom) =>
      a.cursor === null && (item.type === 'multi' ? a.pick.includes(category) : valueOf(a, code) === category);
    into.push({ what: `${code} = ${category}`, atoms: test, value: cell.count as number | null });
  }
}

function comparisonEquations(comparison: Json, into: Equation[]): void {
  const outcome = comparison.outcome as string;
  const grouping = comparison.grouping as string;
  for (const group of comparison.groups as Json[]) {
    const g = group.code as string;
    const inGroup = (a: Atom) => a.cursor === null && answered(a, outcome) && valueOf(a, grouping) === g;
    into.push({ what: `${outcome} by ${grouping} = ${g}: n`, atoms: inGroup, value: group.n as number | null });
    for (const cell of group.cells as Json[]) {
      const k = cell.category as string;
      into.push({ what: `${outcome} by ${grouping} = ${g}: ${k}`, atoms: (a) => inGroup(a) && outcomeOf(a, outcome) === k, value: cell.count as number | null });
    }
  }
}

async function printedEquations(records: ResponseRecord[]): Promise<Equation[]> {
  const registry = new DefinitionRegistry([INPUT]);
  const definition = registry.defaultDefinition();
  const service = new ResultsService({ catalog: {} as never, definitions: registry, source: arraySource(records), policy: { minCell: K, minComplete: 10 } });
  const survey: SurveyRecord = { id: 's', communityId: 'c', definitionId: 'solver', definitionVersion: 1, status: 'closed', openedDay: '2026-01-01', closedDay: null };
  const equations: Equation[] = [];
  const overview = await service.overview(survey, RESEARCHER);
  if (!overview.ok) throw new Error(overview.error.code);
  const o = JSON.parse(overviewJson(overview.value, 'en')) as { participation: Json; items: Json[] };
  equations.push({ what: 'participants', atoms: () => true, value: o.participation.participants as number });
  equations.push({ what: 'complete', atoms: (a) => a.cursor === null, value: o.participation.complete as number });
  for (const run of o.participation.dropOff as Json[]) {
    const from = ITEMS.indexOf(run.item as string);
    const to = ITEMS.indexOf(run.to as string);
    equations.push({ what: `drop-off ${String(run.item)}–${String(run.to)}`, atoms: (a) => a.cursor !== null && ITEMS.indexOf(a.cursor) >= from && ITEMS.indexOf(a.cursor) <= to, value: run.count as number });
  }
  for (const item of o.items) itemEquations(item, equations);
  const codes = [...definition.items.map((i) => i.code), ...definition.derived.map((d) => d.code)];
  for (const code of codes) {
    for (const by of [undefined, ...groupingCodes(definition)]) {
      const result = await service.item(survey, RESEARCHER, code, by);
      if (!result.ok) continue;
      const json = JSON.parse(itemJsonText(result.value, 'en')) as { item: Json; comparisons: Json[] | null };
      itemEquations(json.item, equations);
      for (const c of json.comparisons ?? []) comparisonEquations(c, equations);
    }
  }
  const table1 = await service.table1(survey, RESEARCHER);
  if (!table1.ok) throw new Error(table1.error.code);
  for (const row of (JSON.parse(table1Json(table1.value, 'en')) as { rows: Json[] }).rows) {
    for (const c of row.comparisons as Json[]) comparisonEquations(c, equations);
  }
  // Drop-off at each item alone is hidden information too.
  for (const cursor of ITEMS) equations.push({ what: `drop-off at ${cursor}`, atoms: (a) => a.cursor === cursor, value: null });
  return equations;
}

function solve(equations: readonly Equation[], truth: readonly number[], extra: readonly Equation[] = []) {
  const vector = (e: Equation): number[] => ATOMS.map((a) => (e.atoms(a) ? 1 : 0));
  const known = [...equations, ...extra].filter((e) => e.value !== null);
  // One equation per distinct set of patterns.
  const seen = new Map<string, Equation>();
  for (const e of known) seen.set(vector(e).join(''), e);
  const rows = [...seen.values()].map(vector);
  const system = new LinearSystem(rows, [...seen.values()].map((e) => e.value ?? 0), ATOMS.length);
  const hidden = equations.filter((e) => e.value === null);
  const targets = new Map<string, Equation>();
  for (const e of hidden) targets.set(vector(e).join(''), e);
  return [...targets.values()].map((e) => {
    const weights = vector(e);
    const value = weights.reduce((s, w, i) => s + w * (truth[i] ?? 0), 0);
    return { what: e.what, value, ...system.range(weights) };
  });
}

describe('no hidden count below K can be solved from everything printed', () => {
  it('holds for every query of a synthetic survey with small groups, skip logic, regroupings and drop-off', async () => {
    const { records, truth } = responses();
    const equations = await printedEquations(records);
    const printed = equations.filter((e) => e.value !== null);
    // Every printed count agrees with the data (the equations are the right ones).
    for (const e of printed) expect(ATOMS.reduce((s, a, i) => s + (e.atoms(a) ? (truth[i] ?? 0) : 0), 0), e.what).toBe(e.value);
    const results = solve(equations, truth);
    const small = results.filter((r) => r.value < K);
    expect(small.length).toBeGreaterThan(10);
    for (const r of small) expect(r.max - r.min, `${r.what} (${r.value}) solved within [${r.min}, ${r.max}]`).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('would catch a leak: with the other hidden counts of its tables revealed, a small one is pinned', async () => {
    const { records, truth } = responses();
    const equations = await printedEquations(records);
    const results = solve(equations, truth);
    const target = results.find((r) => r.what.includes(' by spec = ') && r.value > 0 && r.value < K);
    expect(target).toBeDefined();
    const table = target?.what.split(':')[0]?.split(' = ')[0] ?? '';
    // Reveal the other hidden counts of the same comparison: the small one is then its line's rest.
    const others = equations.filter((e) => e.value === null && e.what.startsWith(table) && e.what !== target?.what);
    const revealed = others.map((e) => ({ ...e, value: ATOMS.reduce((s, a, i) => s + (e.atoms(a) ? (truth[i] ?? 0) : 0), 0) }));
    const again = solve(equations, truth, revealed).find((r) => r.what === target?.what);
    expect(again?.max).toBeCloseTo(again?.min ?? -1, 6);
  }, 60_000);
});
