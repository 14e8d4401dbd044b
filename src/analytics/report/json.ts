/**
 * The results as JSON for scripts (`npm run results -- --json`): the same published numbers
 * as the text, with the same small-cell rule (a hidden count is null and says why). Keys come
 * in a fixed order and numbers are rounded (shares to 2 decimals, p-values to 6 significant
 * digits), so the output of the same data is byte-for-byte stable.
 */
import type { Language } from '../../shared/language.ts';
import type { Cell, Total } from '../disclosure.ts';
import type { LabelledCell, PublishedComparison, PublishedItem } from '../published.ts';
import type { ItemResult, OverviewResult, Table1Result } from '../service.ts';
import type { TestResult } from '../subgroups.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const round = (value: number, digits: number): number => Number(value.toFixed(digits));
const significant = (value: number): number => Number(value.toPrecision(6));

function cellJson(cell: Cell): { [key: string]: Json } {
  switch (cell.kind) {
    case 'shown':
      return {
        count: cell.count,
        percent: cell.percent === null ? null : round(cell.percent, 2),
        ci95: cell.ci === null ? null : [round(cell.ci.lower, 2), round(cell.ci.upper, 2)],
      };
    case 'small':
    case 'masked':
      // Hidden counts look alike: telling "below K" from "hidden to protect one" says more.
      return { count: null, suppressed: 'min_cell' };
  }
}

function totalJson(total: Total): Json {
  return total.kind === 'shown' ? total.count : null;
}

function labelled(cells: readonly LabelledCell[], language: Language): Json[] {
  return cells.map((c) => ({ code: c.code, label: c.label[language], ...cellJson(c.cell) }));
}

function itemJson(item: PublishedItem, language: Language): { [key: string]: Json } {
  const base = { code: item.code, type: item.type, label: item.label[language], n: totalJson(item.n), hidden: item.hidden };
  switch (item.type) {
    case 'single':
      return { ...base, categories: labelled(item.categories, language) };
    case 'multi':
      return { ...base, choices: labelled(item.choices, language) };
    case 'scale':
      return {
        ...base,
        min: item.min,
        max: item.max,
        buckets: labelled(item.buckets, language),
        mean: item.stats ? round(item.stats.mean, 3) : null,
        median: item.stats ? item.stats.median : null,
        sd: item.stats?.sd == null ? null : round(item.stats.sd, 3),
      };
    case 'text':
      return { ...base, comments: item.comments === null ? null : [...item.comments] };
  }
}

function testJson(test: TestResult | null): Json {
  if (!test) return null;
  return {
    method: test.method,
    p: significant(test.p),
    pHolm: significant(test.pHolm),
    chiSquared: { statistic: round(test.chiSquared.statistic, 4), df: test.chiSquared.df, p: significant(test.chiSquared.p) },
    fisherP: test.fisherP === null ? null : significant(test.fisherP),
    replicates: test.replicates,
    minExpected: round(test.minExpected, 3),
    cramersV: round(test.cramersV, 4),
  };
}

function comparisonJson(c: PublishedComparison, language: Language): Json {
  return {
    outcome: c.outcome.code,
    label: c.outcome.label[language],
    reported: c.outcome.reported,
    grouping: c.grouping.code,
    groups: c.groups.map((g) => ({
      code: g.code,
      label: g.label[language],
      n: totalJson(g.n),
      cells: c.categories.map((category, i) => ({
        category: category.code,
        label: category.label[language],
        ...cellJson(g.cells[i] ?? { kind: 'masked' }),
      })),
    })),
    hidden: c.hidden,
    test: testJson(c.test),
    testWithheld: c.testWithheld,
  };
}

function surveyJson(result: OverviewResult | ItemResult | Table1Result): Json {
  const { survey, definition } = result;
  return {
    id: survey.id,
    definition: definition.id,
    version: definition.version,
    status: survey.status,
    minCell: result.minCell,
  };
}

export function overviewJson(result: OverviewResult, language: Language): string {
  const p = result.participation;
  return stringify({
    survey: surveyJson(result),
    participation: {
      participants: p.participants,
      complete: p.complete,
      completionRate: p.completionRate === null ? null : round(p.completionRate, 2),
      dropOff: p.dropOff.map((d) => ({ item: d.itemCode, to: d.lastCode, count: totalJson(d.count) })),
    },
    items: result.items.map((item) => itemJson(item, language)),
  });
}

export function itemJsonText(result: ItemResult, language: Language): string {
  return stringify({
    survey: surveyJson(result),
    item: itemJson(result.item, language),
    comparisons: result.comparisons === null ? null : result.comparisons.map((c) => comparisonJson(c, language)),
  });
}

export function table1Json(result: Table1Result, language: Language): string {
  return stringify({
    survey: surveyJson(result),
    groupings: result.table.groupings.map((g) => ({ code: g.code, label: g.label[language] })),
    rows: result.table.rows.map((row) => ({
      outcome: row.code,
      label: row.label[language],
      comparisons: row.comparisons.map((c) => comparisonJson(c, language)),
    })),
  });
}

function stringify(value: Json): string {
  return JSON.stringify(value, null, 2) + '\n';
}
