/**
 * The small-cell decisions for one survey's results, made once per loaded table and shared by
 * every result drawn from it (the rule: disclosure.ts). One-way counts first (each family of
 * regrouped choices as one system, each scale's buckets, each choice of a multiple choice),
 * then one system per grouping family against every outcome, with the one-way marks fixed.
 */
import type { Definition, Item } from '../survey/definition.ts';
import { askedOfAll, families, familyOf, groupingSystem, skipSource, type Family, type GroupingSystem } from './linked.ts';
import type { ResponseTable } from './response-table.ts';
import { countItem, summarizeItem, summarizeVariable, type ItemCounts, type ItemSummary } from './summaries.ts';
import { suppress, type Mark } from './suppression.ts';
import { groupingVariable, outcomeVariables, type CategoricalVariable } from './variables.ts';

/** Why a whole item or comparison is not printed. */
export type HiddenReason =
  /** Fewer than K respondents, or fewer than K not asked / not answering (its n would count them). */
  | 'few_respondents'
  /** Its n would give back a hidden count of the item its skip rule reads. */
  | 'skip_rule'
  /** The grouping is not a regrouping of one single-choice item: no linked protection. */
  | 'unlinked_grouping'
  /** A hidden count could not be protected without hiding the comparison. */
  | 'linked';

export interface OneWay {
  /** One mark per category (choice, bucket, or chosen/not chosen for a multiple choice's choice). */
  readonly marks: readonly Mark[];
  readonly hidden: HiddenReason | null;
}

export interface ProtectedComparison {
  readonly hidden: HiddenReason | null;
  /** Printed groups: index in the grouping's categories, total and cells with their marks. */
  readonly groups: readonly { readonly index: number; readonly total: number; readonly totalMark: Mark; readonly counts: readonly number[]; readonly marks: readonly Mark[] }[];
}

export class Protection {
  private readonly families: Map<string, Family>;
  private readonly familyMarks = new Map<string, Map<string, Mark[]>>();
  private readonly itemHidden = new Map<string, HiddenReason | null>();
  private readonly systems = new Map<string, GroupingSystem>();
  private readonly oneWays = new Map<string, OneWay>();
  private readonly summaries = new Map<string, ItemSummary>();
  private readonly itemCounts = new Map<string, ItemCounts>();

  constructor(
    private readonly definition: Definition,
    private readonly table: ResponseTable,
    readonly minCell: number,
  ) {
    this.families = families(definition);
  }

  /** Complete responses: the population of every printed count but participation. */
  get population(): number {
    return this.table.size;
  }

  /** Whether an item's results are hidden whole, and why. */
  hiddenItem(item: Item): HiddenReason | null {
    if (this.itemHidden.has(item.code)) return this.itemHidden.get(item.code) ?? null;
    let reason: HiddenReason | null = null;
    const n = this.counts(item).n;
    if (n < this.minCell) reason = 'few_respondents';
    else if (!askedOfAll(item)) {
      // Those not asked or not answering are |C| − n: a count like any other.
      if (this.population - n < this.minCell) reason = 'few_respondents';
      const link = item.required ? skipSource(this.definition, item) : null;
      if (!reason && link) {
        const marks = this.oneWay(link.source.code).marks;
        if (link.notAsked.some((v) => marks[v] !== 'shown')) reason = 'skip_rule';
      }
    }
    this.itemHidden.set(item.code, reason);
    return reason;
  }

  /** The item's raw summary, computed once per table (the overview prints the same ones). */
  summary(item: Item): ItemSummary {
    let summary = this.summaries.get(item.code);
    if (!summary) {
      summary = summarizeItem(item, this.table);
      this.summaries.set(item.code, summary);
    }
    return summary;
  }

  /** What the decisions read of an item: its summary when computed, else its counts alone (Table 1 prints no mean). */
  private counts(item: Item): ItemCounts {
    let counts: ItemCounts | undefined = this.summaries.get(item.code) ?? this.itemCounts.get(item.code);
    if (!counts) {
      counts = countItem(item, this.table);
      this.itemCounts.set(item.code, counts);
    }
    return counts;
  }

  /** Marks of an item's or a derived variable's one-way counts. */
  oneWay(code: string): OneWay {
    let result = this.oneWays.get(code);
    if (!result) {
      result = this.computeOneWay(code);
      this.oneWays.set(code, result);
    }
    return result;
  }

  private computeOneWay(code: string): OneWay {
    const item = this.definition.items.find((i) => i.code === code);
    const hidden = item ? this.hiddenItem(item) : null;
    const place = familyOf(this.families, code);
    if (place) {
      const marks = this.familySystem(place.family).get(code) ?? [];
      return { marks: hidden ? marks.map(() => 'masked') : marks, hidden };
    }
    if (!item) return { marks: [], hidden: 'unlinked_grouping' };
    const summary = this.counts(item);
    let counts: number[] = [];
    if (summary.type === 'scale') counts = summary.buckets.map((b) => b.count);
    if (summary.type === 'multi') {
      // Each choice: chosen and not chosen add up to n; both shown or both hidden.
      const marks = summary.choices.flatMap((c) => {
        const { marks } = suppress(line([c.count, summary.n - c.count]), this.minCell);
        return [marks[0] ?? 'masked'];
      });
      return { marks: hidden ? marks.map(() => 'masked') : marks, hidden };
    }
    const { marks } = suppress(line(counts), this.minCell);
    return { marks: hidden ? marks.map(() => 'masked') : marks, hidden };
  }

  /** Marks of one family's fine choices and of each coarsening's categories, one system. */
  private familySystem(family: Family): Map<string, Mark[]> {
    const cached = this.familyMarks.get(family.source.code);
    if (cached) return cached;
    const fine = family.variable ? summarizeVariable(family.variable, this.table) : this.counts(family.source);
    const fineCounts = fine.type === 'single' ? fine.categories.map((c) => c.count) : [];
    const values: number[] = [...fineCounts];
    const unprinted: boolean[] = fineCounts.map(() => false);
    const lines: { total: number | null; parts: number[] }[] = [{ total: null, parts: fineCounts.map((_, i) => i) }];
    const ranges = new Map<string, number[]>();
    for (const [code, coarsening] of family.coarse) {
      const summary = summarizeVariable(coarsening.variable, this.table);
      const counts = summary.type === 'single' ? summary.categories.map((c) => c.count) : [];
      const start = values.length;
      values.push(...counts);
      unprinted.push(...counts.map(() => false));
      const indexes = counts.map((_, i) => start + i);
      // The choices it leaves out form a "no group" count, never printed.
      const left = fineCounts.reduce((s, v, f) => (coarsening.map[f] === -1 ? s + v : s), 0);
      const none = coarsening.map.some((m) => m < 0) ? values.push(left) - 1 : -1;
      if (none >= 0) unprinted.push(false);
      lines.push({ total: null, parts: none >= 0 ? [...indexes, none] : indexes });
      indexes.forEach((cell, r) => lines.push({ total: cell, parts: fineCounts.flatMap((_, f) => (coarsening.map[f] === r ? [f] : [])) }));
      ranges.set(code, indexes);
    }
    const { marks } = suppress({ values, fixed: values.map(() => null), unprinted, lines }, this.minCell);
    const result = new Map<string, Mark[]>([[family.source.code, marks.slice(0, fineCounts.length)]]);
    for (const [code, indexes] of ranges) result.set(code, indexes.map((i) => marks[i] ?? 'masked'));
    this.familyMarks.set(family.source.code, result);
    return result;
  }

  private columnMarks(outcome: CategoricalVariable): readonly Mark[] | null {
    const [code, choice] = outcome.code.split('__');
    const item = this.definition.items.find((i) => i.code === code);
    if (!item || !code) return null;
    const one = this.oneWay(code);
    if (one.hidden) return outcome.categories.map(() => 'masked');
    if (item.type === 'single') return one.marks;
    if (item.type === 'scale') {
      const high = one.marks[2] ?? 'masked';
      return [high, high === 'shown' ? 'shown' : 'masked'];
    }
    if (item.type === 'multi') {
      const at = item.choices.findIndex((c) => c.code === choice);
      const mark = one.marks[at] ?? 'masked';
      return [mark, mark];
    }
    return null;
  }

  private system(family: Family): GroupingSystem {
    let system = this.systems.get(family.source.code);
    if (!system) {
      system = groupingSystem(
        this.definition,
        this.table,
        family,
        (partition) => this.oneWay(partition).marks,
        (outcome) => this.columnMarks(outcome),
        this.minCell,
      );
      this.systems.set(family.source.code, system);
    }
    return system;
  }

  /** The printed groups and marks of an outcome compared across a grouping. */
  comparison(outcome: CategoricalVariable, groupingCode: string): ProtectedComparison {
    const place = familyOf(this.families, groupingCode);
    if (!place) return { hidden: 'unlinked_grouping', groups: [] };
    const system = this.system(place.family);
    const partitionIndex = system.partitions.findIndex((p) => p.code === groupingCode);
    const partition = system.partitions[partitionIndex];
    if (!partition) return { hidden: 'unlinked_grouping', groups: [] };
    const [itemCode] = outcome.code.split('__');
    const item = this.definition.items.find((i) => i.code === itemCode);
    if (item) {
      const hidden = this.hiddenItem(item);
      if (hidden) return { hidden, groups: [] };
    }
    let cells = system.outcomes.get(outcome.code);
    let columnMap: readonly number[] | null = null;
    if (!cells) {
      // A derived outcome (sought_opinion) is read from its source's cells, column by column.
      const source = familyOf(this.families, outcome.code);
      if (!source?.coarse) return { hidden: 'unlinked_grouping', groups: [] };
      cells = system.outcomes.get(source.family.source.code);
      columnMap = source.family.coarse.get(source.coarse)?.map ?? null;
      const sourceItem = source.family.source;
      const hidden = this.hiddenItem(sourceItem);
      if (hidden) return { hidden, groups: [] };
    }
    if (!cells) return { hidden: 'unlinked_grouping', groups: [] };
    if (system.unresolved.has(cells.outcome.code)) return { hidden: 'linked', groups: [] };
    const grid = cells.cells[partitionIndex] ?? [];
    const totals = cells.totals[partitionIndex] ?? [];
    const width = outcome.categories.length;
    const value = (i: number) => (i >= 0 ? (system.values[i] ?? 0) : 0);
    const mark = (i: number): Mark => (i >= 0 ? (system.marks[i] ?? 'masked') : 'shown');
    const groups = partition.categories.flatMap((_, r) => {
      const total = totals[r] ?? -1;
      // A group never asked the item (skip logic) is not part of the table.
      if (total < 0 && (grid[r] ?? []).every((c) => c < 0) && !askedOfAll(cells.item)) return [];
      const line = grid[r] ?? [];
      let counts: number[];
      let marks: Mark[];
      if (columnMap) {
        // A coarse outcome category is known when its fine cells all are, or when the group's
        // total and every other fine cell are (its complement).
        counts = new Array<number>(width).fill(0);
        const inside = new Array<boolean>(width).fill(true);
        const outside = new Array<boolean>(width).fill(mark(total) === 'shown');
        line.forEach((cell, c) => {
          const k = columnMap[c] ?? -1;
          if (k >= 0) counts[k] = (counts[k] ?? 0) + value(cell);
          const known = mark(cell) === 'shown';
          for (let j = 0; j < width; j++) {
            if (j === k && !known) inside[j] = false;
            if (j !== k && !known) outside[j] = false;
          }
        });
        marks = counts.map((_, j): Mark => (inside[j] || outside[j] ? 'shown' : 'masked'));
      } else {
        counts = line.map(value);
        marks = line.map(mark);
      }
      const totalValue = total >= 0 ? value(total) : counts.reduce((s, v) => s + v, 0);
      const hiddenCell = marks.map((m, c) => (m === 'shown' ? m : (counts[c] ?? 0) < this.minCell ? 'small' : 'masked'));
      return [{ index: r, total: totalValue, totalMark: total >= 0 ? mark(total) : 'shown', counts, marks: hiddenCell }];
    });
    return { hidden: null, groups };
  }

  /** The outcomes an item gives when compared (one per choice for a multiple choice). */
  outcomes(code: string): CategoricalVariable[] {
    return outcomeVariables(this.definition, code);
  }

  grouping(code: string): CategoricalVariable | null {
    return groupingVariable(this.definition, code);
  }
}

/** One line of counts adding up to a public total. */
function line(counts: readonly number[]): { values: number[]; fixed: null[]; unprinted: boolean[]; lines: { total: null; parts: number[] }[] } {
  return { values: [...counts], fixed: counts.map(() => null), unprinted: counts.map(() => false), lines: [{ total: null, parts: counts.map((_, i) => i) }] };
}
