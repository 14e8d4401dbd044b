/**
 * What links the numbers the results print, so that hiding is decided once for all of them
 * (disclosure.ts states the rule; suppression.ts applies it to a system of cells and lines).
 *
 * - A family: a single-choice item and the variables that only regroup its choices (q3 and
 *   gp, q2 and age_group, q9 and sought_opinion). Its one-way counts form one system: fine
 *   choices, coarse categories, and "this coarse count is the sum of those fine ones".
 * - A grouping system: every outcome of every item against one family (fine rows and coarse
 *   rows at once), with the rows' totals, the outcome's overall counts as column totals, the
 *   coarse rows as sums of fine rows, and, for an item asked only after some answers (skip
 *   logic), its respondents as the group minus those not asked. The same system answers
 *   `/results item:X by:q3`, `by:gp` and `/table1`, so their printed numbers agree.
 */
import type { Definition, Item } from '../survey/definition.ts';
import { evaluate, referencedCodes, truthy } from '../survey/expression.ts';
import { MISSING, type ResponseTable } from './response-table.ts';
import { suppress, type Mark } from './suppression.ts';
import { groupingVariable, outcomeVariables, type CategoricalVariable } from './variables.ts';

export interface Coarsening {
  readonly variable: CategoricalVariable;
  /** Each fine choice's index among the coarse categories, -1 where it maps to none. */
  readonly map: readonly number[];
}

/** A single-choice item and the derived variables that regroup its choices. */
export interface Family {
  readonly source: Item;
  readonly coarse: ReadonlyMap<string, Coarsening>;
  /**
   * Set for a derived variable that regroups no single-choice item (`hours > 50`): it stands
   * as a family of its own, its categories as the "choices". Its link to the items it is
   * computed from is not modelled (disclosure.ts says so).
   */
  readonly variable?: CategoricalVariable;
}

export function families(definition: Definition): Map<string, Family> {
  const result = new Map<string, Family>();
  for (const item of definition.items) {
    if (item.type !== 'single') continue;
    const coarse = new Map<string, Coarsening>();
    for (const d of definition.derived) {
      const variable = groupingVariable(definition, d.code);
      if (!variable) continue;
      if (d.type === 'recode' && d.from === item.code) {
        coarse.set(d.code, { variable, map: item.choices.map((c) => d.categories.findIndex((k) => k.code === d.map[c.code])) });
      } else if (d.type === 'boolean') {
        const refs = referencedCodes(d.parsed);
        if (refs.length !== 1 || refs[0] !== item.code) continue;
        const map = item.choices.map((c) => (truthy(evaluate(d.parsed, (code) => (code === item.code ? c.code : undefined))) ? 0 : 1));
        coarse.set(d.code, { variable, map });
      }
    }
    result.set(item.code, { source: item, coarse });
  }
  const placed = new Set([...result.values()].flatMap((f) => [...f.coarse.keys()]));
  for (const d of definition.derived) {
    const variable = groupingVariable(definition, d.code);
    if (!variable || placed.has(d.code)) continue;
    const source = { code: d.code, type: 'single', label: d.label, choices: variable.categories, required: false } as unknown as Item;
    result.set(d.code, { source, coarse: new Map(), variable });
  }
  return result;
}

/** The family a grouping belongs to, and which of its partitions it is (null: the fine choices). */
export function familyOf(all: ReadonlyMap<string, Family>, code: string): { family: Family; coarse: string | null } | null {
  const fine = all.get(code);
  if (fine) return { family: fine, coarse: null };
  for (const family of all.values()) if (family.coarse.has(code)) return { family, coarse: code };
  return null;
}

/** Asked of everyone who reached it, and required: its respondents are the whole population. */
export function askedOfAll(item: Item): boolean {
  return item.required && !item.relevant;
}

/**
 * Whether the fine choice `choice` of single item `source` decides that `item` is asked:
 * true or false when its skip rule reads only that item, null when it depends on more.
 */
export function askedGiven(item: Item, source: Item, choice: string): boolean | null {
  if (!item.relevant) return true;
  const refs = referencedCodes(item.relevant.expression);
  if (refs.length !== 1 || refs[0] !== source.code) return null;
  return truthy(evaluate(item.relevant.expression, (code) => (code === source.code ? choice : undefined)));
}

/**
 * For an item whose skip rule reads one required single-choice item B asked of everyone
 * (q11: q9 != 'never'), B and the choices of B that leave it out: those not asked are counted
 * by those cells. Null for any other rule.
 */
export function skipSource(definition: Definition, item: Item): { source: Item; notAsked: number[] } | null {
  if (!item.relevant) return null;
  const refs = referencedCodes(item.relevant.expression);
  const source = refs.length === 1 ? definition.items.find((i) => i.code === refs[0]) : undefined;
  if (!source || source.type !== 'single' || !askedOfAll(source)) return null;
  const notAsked = source.choices.flatMap((c, i) => (askedGiven(item, source, c.code) === false ? [i] : []));
  return { source, notAsked };
}

/** One outcome's place in a grouping system: its cells and how to read them. */
export interface OutcomeCells {
  readonly outcome: CategoricalVariable;
  readonly item: Item;
  /** cells[p][r][c]: cell index, or -1 for a structural zero (never asked: not a cell). */
  readonly cells: readonly (readonly (readonly number[])[])[];
  /** totals[p][r]: cell index of the group's respondents to this outcome, -1 if structural. */
  readonly totals: readonly (readonly number[])[];
}

export interface Partition {
  readonly code: string;
  readonly categories: readonly { readonly code: string }[];
  /** Fine choice → row (for the fine partition, itself). */
  readonly map: readonly number[];
}

export interface GroupingSystem {
  readonly family: Family;
  /** Partition 0 is the fine choices; then each coarsening. Row `categories.length` is "no group". */
  readonly partitions: readonly Partition[];
  readonly values: readonly number[];
  readonly marks: readonly Mark[];
  readonly outcomes: ReadonlyMap<string, OutcomeCells>;
  /** Outcomes with a line the rule could not satisfy: not printed by this grouping. */
  readonly unresolved: ReadonlySet<string>;
}

/** One-way marks an outcome's column totals come from (its overall counts, as printed). */
export type ColumnMarks = (outcome: CategoricalVariable) => readonly Mark[] | null;
/** One-way marks of a family's fine choices and of each coarsening's categories. */
export type RowMarks = (partition: string) => readonly Mark[];

class Cells {
  readonly values: number[] = [];
  readonly fixed: (Mark | null)[] = [];
  readonly unprinted: boolean[] = [];
  readonly lines: { total: number | null; parts: number[] }[] = [];
  /** Which outcome a line belongs to, to say which one an unresolved line hides. */
  readonly owners: (string | null)[] = [];

  add(value: number, fixed: Mark | null = null, unprinted = false): number {
    this.values.push(value);
    this.fixed.push(fixed);
    this.unprinted.push(unprinted);
    return this.values.length - 1;
  }

  line(total: number | null, parts: number[], owner: string | null): void {
    const kept = parts.filter((p) => p >= 0);
    if (kept.length > 0 && (total === null || total >= 0)) {
      this.lines.push({ total, parts: kept });
      this.owners.push(owner);
    }
  }
}

/** Each respondent's fine row: the index of their choice, or the "no group" row after the choices. */
function fineRowsOf(table: ResponseTable, family: Family): Int16Array {
  const column = table.item(family.source.code);
  const fine = family.variable ? family.variable.codesIn(table) : column?.type === 'single' ? column.codes : new Int16Array(table.size).fill(MISSING);
  const none = family.source.choices.length;
  const rows = new Int16Array(table.size);
  for (let i = 0; i < table.size; i++) {
    const f = fine[i] as number;
    rows[i] = f >= 0 ? f : none;
  }
  return rows;
}

/**
 * Respondents per fine row and outcome category (flat, `width` per row); a negative code is
 * not counted. A function of its own: V8 optimizes this small loop, not inside the large
 * function that calls it (measured: 4× faster at 100k rows).
 */
function crossCount(fineRows: Int16Array, rows: number, codes: Int16Array, width: number): Int32Array {
  const counts = new Int32Array(rows * width);
  for (let i = 0; i < fineRows.length; i++) {
    const c = codes[i] as number;
    if (c >= 0) counts[(fineRows[i] as number) * width + c]!++;
  }
  return counts;
}

/**
 * counts[p][r][c] in every partition from the fine counts (flat, `width` per fine row, "no
 * group" last): a coarse row is the sum of the fine rows it regroups, its "no group" row the
 * fine choices it leaves out and the fine "no group". One pass over the rows serves them all.
 */
function partitionCounts(fine: Int32Array, width: number, partitions: readonly Partition[]): number[][][] {
  const fineRows = fine.length / width;
  return partitions.map((p) => {
    const none = p.categories.length;
    const counts = Array.from({ length: none + 1 }, () => new Array<number>(width).fill(0));
    for (let f = 0; f < fineRows; f++) {
      const mapped = f < fineRows - 1 ? (p.map[f] ?? -1) : -1;
      const line = counts[mapped >= 0 ? mapped : none] as number[];
      for (let c = 0; c < width; c++) line[c] = (line[c] as number) + (fine[f * width + c] as number);
    }
    return counts;
  });
}

/**
 * Builds and suppresses the system of one grouping family against every comparable outcome.
 * `rowMarks` and `columnMarks` are the one-way results, fixed here (printed elsewhere).
 */
export function groupingSystem(
  definition: Definition,
  table: ResponseTable,
  family: Family,
  rowMarks: RowMarks,
  columnMarks: ColumnMarks,
  minCell: number,
): GroupingSystem {
  const source = family.source;
  const partitions: Partition[] = [
    { code: source.code, categories: source.choices, map: source.choices.map((_, i) => i) },
    ...[...family.coarse.entries()].map(([code, c]) => ({ code, categories: c.variable.categories, map: c.map })),
  ];
  const fineRows = fineRowsOf(table, family);
  const fineCount = source.choices.length + 1;
  const cells = new Cells();
  // The "no group" row exists only where respondents can lack a group: the family's item is
  // not asked of everyone, or a coarsening leaves some of its choices out.
  const noGroup = partitions.map((p, pi) => !askedOfAll(source) || (pi > 0 && p.map.some((m) => m < 0)));
  const rowExists = (pi: number, ri: number) => ri < (partitions[pi]?.categories.length ?? 0) || noGroup[pi] === true;
  // Group sizes (one-way counts of the family, fixed as printed), with the "no group" row.
  const groupFine = new Int32Array(fineCount);
  for (let i = 0; i < table.size; i++) groupFine[fineRows[i] as number]!++;
  const groupCounts = partitionCounts(groupFine, 1, partitions);
  const groupCells = partitions.map((p, pi) => {
    const counts = (groupCounts[pi] ?? []).map((line) => line[0] ?? 0);
    const marks = rowMarks(p.code);
    // The "no group" row is never printed, but may be derivable: its mark is this system's.
    return counts.map((v, ri) => (rowExists(pi, ri) ? cells.add(v, ri < p.categories.length ? (marks[ri] ?? 'masked') : null) : -1));
  });
  // Respondents per group for each population (items with the same skip rule share them).
  const populations = new Map<string, number[][]>();
  const outcomes = new Map<string, OutcomeCells>();
  const sources = new Set([source.code, ...family.coarse.keys()]);

  for (const item of definition.items) {
    if (item.type === 'text' || sources.has(item.code)) continue;
    const structural = source.choices.map((c) => askedGiven(item, source, c.code));
    // A partition row is structurally empty when none of its fine choices is asked the item.
    const emptyRow = partitions.map((p) =>
      p.categories.map((_, r) => source.choices.every((_, f) => p.map[f] !== r || structural[f] === false)),
    );
    const key = item.required ? `rel:${item.relevant?.source ?? ''}` : `item:${item.code}`;
    let totals = populations.get(key);
    const link = item.required ? skipSource(definition, item) : null;
    if (!totals) {
      if (askedOfAll(item)) totals = groupCells.map((g) => [...g]);
      else {
        const answered = table.item(item.code);
        const answeredFine = new Int32Array(fineCount);
        for (let i = 0; i < table.size; i++) if (answeredAt(answered, i)) answeredFine[fineRows[i] as number]!++;
        const answeredCounts = partitionCounts(answeredFine, 1, partitions);
        totals = partitions.map((p, pi) => {
          const counts = (answeredCounts[pi] ?? []).map((line) => line[0] ?? 0);
          return counts.map((v, ri) => {
            if (!rowExists(pi, ri) || (ri < p.categories.length && emptyRow[pi]?.[ri])) return -1;
            const group = groupCells[pi]?.[ri] as number;
            const cell = cells.add(v);
            // Those of the group not asked (or not answering): never printed, but derivable.
            const notAsked = cells.add((cells.values[group] ?? 0) - v);
            cells.line(group, [cell, notAsked], null);
            const bCells = link && link.source.code !== source.code ? outcomes.get(link.source.code)?.cells[pi]?.[ri] : undefined;
            // Skip logic on one earlier item: those not asked are its skipping choices' cells.
            if (link && bCells) cells.line(notAsked, link.notAsked.map((v) => bCells[v] ?? -1), null);
            return cell;
          });
        });
        // Coarse groups' respondents are sums of fine groups'.
        partitions.forEach((p, pi) => {
          if (pi === 0) return;
          p.categories.forEach((_, r) => {
            const parts = source.choices.flatMap((_, f) => (p.map[f] === r ? [totals?.[0]?.[f] ?? -1] : []));
            cells.line(totals?.[pi]?.[r] ?? -1, parts, null);
          });
        });
        // Every partition's groups add up to the item's printed n.
        for (const line of totals) cells.line(null, line, null);
      }
      populations.set(key, totals);
    }
    for (const outcome of outcomeVariables(definition, item.code)) {
      const codes = outcome.codesIn(table);
      const width = outcome.categories.length;
      const columnTotals = columnMarks(outcome);
      const outcomeCounts = partitionCounts(crossCount(fineRows, fineCount, codes, width), width, partitions);
      const outcomeCells = partitions.map((p, pi) => {
        const counts = outcomeCounts[pi] ?? [];
        return counts.map((line, ri) =>
          !rowExists(pi, ri) || (ri < p.categories.length && emptyRow[pi]?.[ri])
            ? line.map(() => -1)
            : line.map((v) => cells.add(v)),
        );
      });
      const t = totals;
      partitions.forEach((p, pi) => {
        const grid = outcomeCells[pi] ?? [];
        grid.forEach((line, ri) => cells.line(t[pi]?.[ri] ?? -1, line, outcome.code));
        for (let c = 0; c < width; c++) {
          const mark = columnTotals?.[c];
          // A column total hidden in the overall counts leaves its column's sum unknown.
          if (mark === 'shown') cells.line(null, grid.map((line) => line[c] ?? -1), outcome.code);
        }
        if (pi === 0) return;
        p.categories.forEach((_, r) => {
          for (let c = 0; c < width; c++) {
            const parts = source.choices.flatMap((_, f) => (p.map[f] === r ? [outcomeCells[0]?.[f]?.[c] ?? -1] : []));
            cells.line(grid[r]?.[c] ?? -1, parts, outcome.code);
          }
        });
        // "No group" in a coarse partition: the fine choices it maps none of, and the fine "no group".
        for (let c = 0; c < width; c++) {
          const none = p.categories.length;
          const parts = [
            ...source.choices.flatMap((_, f) => (p.map[f] === -1 ? [outcomeCells[0]?.[f]?.[c] ?? -1] : [])),
            outcomeCells[0]?.[source.choices.length]?.[c] ?? -1,
          ];
          cells.line(grid[none]?.[c] ?? -1, parts, outcome.code);
        }
      });
      outcomes.set(outcome.code, { outcome, item, cells: outcomeCells, totals: totals });
    }
  }
  const { marks, unresolvedOwners } = runSuppression(cells, minCell);
  return { family, partitions, values: cells.values, marks, outcomes, unresolved: unresolvedOwners };
}

function runSuppression(cells: Cells, minCell: number): { marks: Mark[]; unresolvedOwners: Set<string> } {
  const { marks, unresolved } = suppress(cells, minCell);
  const owners = new Set<string>();
  if (unresolved > 0) {
    const hidden = (i: number) => marks[i] !== 'shown' || cells.unprinted[i] === true;
    cells.lines.forEach((line, l) => {
      if (line.total !== null && hidden(line.total)) return;
      const parts = line.parts.filter(hidden);
      const sum = parts.reduce((s, i) => s + (cells.values[i] ?? 0), 0);
      if (parts.length > 0 && (parts.length < 2 || sum < minCell)) {
        const owner = cells.owners[l];
        if (owner) owners.add(owner);
      }
    });
  }
  return { marks, unresolvedOwners: owners };
}

function answeredAt(column: ReturnType<ResponseTable['item']>, row: number): boolean {
  if (!column) return false;
  switch (column.type) {
    case 'single':
      return (column.codes[row] as number) !== MISSING;
    case 'scale':
      return !Number.isNaN(column.values[row] as number);
    case 'multi':
      return (column.state[row] as number) !== 0;
    case 'text':
      return false;
  }
}
