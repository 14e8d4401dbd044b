/**
 * What the results may show: raw summaries and comparisons passed through the small-cell rule
 * (disclosure.ts). Language-neutral (labels in both languages); the text, chart and JSON
 * renderers read only these, never raw counts.
 */
import type { Localized } from '../shared/language.ts';
import type { Definition } from '../survey/definition.ts';
import { cellOf, dropOffRuns, totalOf, type Cell, type Total } from './disclosure.ts';
import type { HiddenReason, Protection } from './protection.ts';
import { adjustPValues } from './stats/p-adjust.ts';
import type { Comparison, Table1, TestResult } from './subgroups.ts';
import type { ItemSummary, Participation } from './summaries.ts';
import { groupingVariable } from './variables.ts';

export interface PublishedParticipation {
  readonly participants: number;
  readonly complete: number;
  /** Percent, 0–100. */
  readonly completionRate: number | null;
  /**
   * Interrupted responses by where they stopped, in runs of consecutive items holding at
   * least K each (`itemCode` to `lastCode`); empty when fewer than K stopped in all.
   */
  readonly dropOff: readonly { readonly itemCode: string; readonly lastCode: string; readonly label: Localized; readonly count: Total }[];
}

export interface LabelledCell {
  readonly code: string;
  readonly label: Localized;
  readonly cell: Cell;
}

interface PublishedBase {
  readonly code: string;
  readonly label: Localized;
  readonly shortLabel: Localized;
  readonly n: Total;
  /** Set when the whole item is withheld (its n or any share would give a small count back). */
  readonly hidden: HiddenReason | null;
}

export type PublishedItem =
  | (PublishedBase & { readonly type: 'single'; readonly categories: readonly LabelledCell[] })
  | (PublishedBase & { readonly type: 'multi'; readonly choices: readonly LabelledCell[] })
  | (PublishedBase & {
      readonly type: 'scale';
      readonly min: number;
      readonly max: number;
      readonly buckets: readonly LabelledCell[];
      /** Mean, median and SD, null when fewer than K answered. */
      readonly stats: { readonly mean: number; readonly median: number; readonly sd: number | null } | null;
    })
  | (PublishedBase & { readonly type: 'text'; readonly comments: readonly string[] | null });

export interface PublishedGroup {
  readonly code: string;
  readonly label: Localized;
  readonly n: Total;
  /** One cell per outcome category, shares of the group's n. */
  readonly cells: readonly Cell[];
}

export interface PublishedComparison {
  readonly outcome: { readonly code: string; readonly label: Localized; readonly reported: string | null };
  readonly grouping: { readonly code: string; readonly label: Localized };
  readonly categories: readonly { readonly code: string; readonly label: Localized }[];
  /** The groups shown: groups never asked the item (skip logic) are not part of the table. */
  readonly groups: readonly PublishedGroup[];
  /** Set when the whole comparison is withheld; `groups` is then empty. */
  readonly hidden: HiddenReason | null;
  /** Null when not testable, or withheld (`testWithheld`): a hidden cell could be solved back from it. */
  readonly test: TestResult | null;
  readonly testWithheld: boolean;
}

export interface PublishedTable1 {
  readonly groupings: readonly { readonly code: string; readonly label: Localized }[];
  readonly rows: readonly { readonly code: string; readonly label: Localized; readonly comparisons: readonly PublishedComparison[] }[];
}

export function publishParticipation(definition: Definition, raw: Participation, minCell: number): PublishedParticipation {
  const label = (code: string): Localized => {
    const item = definition.items.find((i) => i.code === code);
    return item?.shortLabel ?? item?.label ?? { fr: code, en: code };
  };
  const inProgress = raw.participants - raw.complete;
  return {
    participants: raw.participants,
    complete: raw.complete,
    completionRate: raw.completionRate === null ? null : 100 * raw.completionRate,
    dropOff: dropOffRuns(
      definition.items.map((i) => ({ itemCode: i.code, count: raw.dropOff.find((d) => d.itemCode === i.code)?.count ?? 0 })),
      inProgress,
      minCell,
    ).map((run) => ({
      itemCode: run.from,
      lastCode: run.to,
      label: label(run.from),
      count: { kind: 'shown', count: run.count },
    })),
  };
}

export function publishItem(definition: Definition, summary: ItemSummary, protection: Protection): PublishedItem {
  const minCell = protection.minCell;
  const item = definition.items.find((i) => i.code === summary.code);
  // A derived variable (sought_opinion, age_group) reads like a single choice of its categories.
  const variable = item ? null : groupingVariable(definition, summary.code);
  const label = item?.label ?? variable?.label ?? { fr: summary.code, en: summary.code };
  const { marks, hidden } = protection.oneWay(summary.code);
  const n = hidden ? ({ kind: 'masked' } as const) : totalOf(summary.n, minCell);
  const base = { code: summary.code, label, shortLabel: item?.shortLabel ?? label, n, hidden };
  const choices = item?.choices ?? variable?.categories ?? [];
  const choiceLabel = (code: string): Localized => choices.find((c) => c.code === code)?.label ?? { fr: code, en: code };
  const cell = (i: number, count: number): Cell => cellOf(marks[i] ?? 'masked', count, summary.n, minCell);
  switch (summary.type) {
    case 'single':
      return { ...base, type: 'single', categories: summary.categories.map((c, i) => ({ code: c.code, label: choiceLabel(c.code), cell: cell(i, c.count) })) };
    case 'multi':
      return { ...base, type: 'multi', choices: summary.choices.map((c, i) => ({ code: c.code, label: choiceLabel(c.code), cell: cell(i, c.count) })) };
    case 'scale': {
      const buckets = summary.buckets.map((b, i) => ({ code: b.label, label: { fr: b.label, en: b.label }, cell: cell(i, b.count) }));
      // Mean, median and SD narrow the buckets down: printed only when every bucket is.
      const enough = !hidden && buckets.every((b) => b.cell.kind === 'shown') && summary.mean !== null && summary.median !== null;
      return {
        ...base,
        type: 'scale',
        min: summary.min,
        max: summary.max,
        buckets,
        stats: enough ? { mean: summary.mean ?? 0, median: summary.median ?? 0, sd: summary.sd } : null,
      };
    }
    case 'text':
      return { ...base, type: 'text', comments: !hidden && summary.n >= minCell ? summary.comments : null };
  }
}

/**
 * Comparisons of one item across one grouping (one per choice of a multiple choice), with
 * the cells the protection allows, tests only for tables with nothing hidden, and Holm's
 * adjustment over the printed tests only (an adjusted p depends on every p of its family).
 */
export function publishComparisons(comparisons: readonly Comparison[], groupingCode: string, protection: Protection): PublishedComparison[] {
  return holmOverPrinted(comparisons.map((c) => publishComparison(c, groupingCode, protection)));
}

function publishComparison(comparison: Comparison, groupingCode: string, protection: Protection): PublishedComparison {
  const { outcome, grouping } = comparison;
  const minCell = protection.minCell;
  const protectedTable = protection.comparison(outcome, groupingCode);
  const groups: PublishedGroup[] = protectedTable.groups.map((g) => {
    const category = grouping.categories[g.index];
    const totalShown = g.totalMark === 'shown';
    return {
      code: category?.code ?? '',
      label: category?.label ?? { fr: '', en: '' },
      n: totalShown ? { kind: 'shown', count: g.total } : { kind: 'masked' },
      cells: g.counts.map((count, c) => (totalShown ? cellOf(g.marks[c] ?? 'masked', count, g.total, minCell) : { kind: 'masked' })),
    };
  });
  const anyHidden = protectedTable.hidden !== null || groups.some((g) => g.n.kind !== 'shown' || g.cells.some((c) => c.kind !== 'shown'));
  return {
    outcome: { code: outcome.code, label: outcome.label, reported: outcome.reported ?? null },
    grouping: { code: grouping.code, label: grouping.label },
    categories: outcome.categories.map((c) => ({ code: c.code, label: c.label })),
    groups: protectedTable.hidden ? [] : groups,
    hidden: protectedTable.hidden,
    test: anyHidden ? null : comparison.test,
    testWithheld: anyHidden && comparison.test !== null,
  };
}

function holmOverPrinted(comparisons: PublishedComparison[]): PublishedComparison[] {
  const tested = comparisons.flatMap((c, i) => (c.test ? [i] : []));
  const adjusted = adjustPValues(tested.map((i) => comparisons[i]?.test?.p ?? 1), 'holm');
  return comparisons.map((c, i) => {
    const at = tested.indexOf(i);
    return c.test && at >= 0 ? { ...c, test: { ...c.test, pHolm: adjusted[at] ?? c.test.p } } : c;
  });
}

export function publishTable1(table: Table1, protection: Protection): PublishedTable1 {
  const width = table.groupings.length;
  const flat = holmOverPrinted(
    table.rows.flatMap((row) => row.comparisons.map((c, g) => publishComparison(c, table.groupings[g]?.code ?? '', protection))),
  );
  return {
    groupings: table.groupings.map((g) => ({ code: g.code, label: g.label })),
    rows: table.rows.map((row, i) => ({
      code: row.outcome.code,
      label: row.outcome.label,
      comparisons: flat.slice(i * width, (i + 1) * width),
    })),
  };
}
