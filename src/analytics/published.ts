/**
 * What the results may show: raw summaries and comparisons passed through the small-cell rule
 * (disclosure.ts). Language-neutral (labels in both languages); the text, chart and JSON
 * renderers read only these, never raw counts.
 */
import type { Localized } from '../shared/language.ts';
import type { Definition } from '../survey/definition.ts';
import { protectDistribution, protectShare, protectTable, protectTotal, type Cell, type Total } from './disclosure.ts';
import type { Comparison, Table1, TestResult } from './subgroups.ts';
import type { ItemSummary, Participation } from './summaries.ts';
import { groupingVariable } from './variables.ts';

export interface PublishedParticipation {
  readonly participants: number;
  readonly complete: number;
  /** Percent, 0–100. */
  readonly completionRate: number | null;
  readonly dropOff: readonly { readonly itemCode: string; readonly label: Localized; readonly count: Total }[];
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
  readonly groups: readonly PublishedGroup[];
  readonly test: TestResult | null;
}

export interface PublishedTable1 {
  readonly groupings: readonly { readonly code: string; readonly label: Localized }[];
  readonly rows: readonly { readonly code: string; readonly label: Localized; readonly comparisons: readonly PublishedComparison[] }[];
}

export function publishParticipation(definition: Definition, raw: Participation, minCell: number): PublishedParticipation {
  return {
    participants: raw.participants,
    complete: raw.complete,
    completionRate: raw.completionRate === null ? null : 100 * raw.completionRate,
    dropOff: raw.dropOff.map((d) => {
      const item = definition.items.find((i) => i.code === d.itemCode);
      const label = item?.shortLabel ?? item?.label ?? { fr: d.itemCode, en: d.itemCode };
      return { itemCode: d.itemCode, label, count: protectTotal(d.count, minCell) };
    }),
  };
}

export function publishItem(definition: Definition, summary: ItemSummary, minCell: number): PublishedItem {
  const item = definition.items.find((i) => i.code === summary.code);
  // A derived variable (sought_opinion, age_group) reads like a single choice of its categories.
  const variable = item ? null : groupingVariable(definition, summary.code);
  const label = item?.label ?? variable?.label ?? { fr: summary.code, en: summary.code };
  const base = { code: summary.code, label, shortLabel: item?.shortLabel ?? label, n: protectTotal(summary.n, minCell) };
  const choices = item?.choices ?? variable?.categories ?? [];
  const choiceLabel = (code: string): Localized => choices.find((c) => c.code === code)?.label ?? { fr: code, en: code };
  switch (summary.type) {
    case 'single': {
      const cells = protectDistribution(summary.categories.map((c) => c.count), summary.n, minCell);
      return {
        ...base,
        type: 'single',
        categories: summary.categories.map((c, i) => ({ code: c.code, label: choiceLabel(c.code), cell: cells[i] ?? { kind: 'masked' } })),
      };
    }
    case 'multi':
      return {
        ...base,
        type: 'multi',
        choices: summary.choices.map((c) => ({ code: c.code, label: choiceLabel(c.code), cell: protectShare(c.count, summary.n, minCell) })),
      };
    case 'scale': {
      const cells = protectDistribution(summary.buckets.map((b) => b.count), summary.n, minCell);
      const enough = summary.n >= minCell && summary.mean !== null && summary.median !== null;
      return {
        ...base,
        type: 'scale',
        min: summary.min,
        max: summary.max,
        buckets: summary.buckets.map((b, i) => ({ code: b.label, label: { fr: b.label, en: b.label }, cell: cells[i] ?? { kind: 'masked' } })),
        stats: enough ? { mean: summary.mean ?? 0, median: summary.median ?? 0, sd: summary.sd } : null,
      };
    }
    case 'text':
      return { ...base, type: 'text', comments: summary.n >= minCell ? summary.comments : null };
  }
}

export function publishComparison(comparison: Comparison, minCell: number): PublishedComparison {
  const { outcome, grouping } = comparison;
  const { totals, cells } = protectTable(comparison.counts, minCell);
  return {
    outcome: { code: outcome.code, label: outcome.label, reported: outcome.reported ?? null },
    grouping: { code: grouping.code, label: grouping.label },
    categories: outcome.categories.map((c) => ({ code: c.code, label: c.label })),
    groups: grouping.categories.map((g, i) => ({
      code: g.code,
      label: g.label,
      n: totals[i] ?? { kind: 'masked' },
      cells: cells[i] ?? [],
    })),
    test: comparison.test,
  };
}

export function publishTable1(table: Table1, minCell: number): PublishedTable1 {
  return {
    groupings: table.groupings.map((g) => ({ code: g.code, label: g.label })),
    rows: table.rows.map((row) => ({
      code: row.outcome.code,
      label: row.outcome.label,
      comparisons: row.comparisons.map((c) => publishComparison(c, minCell)),
    })),
  };
}
