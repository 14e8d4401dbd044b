/**
 * Results as a platform-neutral reply: localized text plus PNG charts (and, for Table 1, the
 * table as CSV). Commands pass these on as their Reply; the CLI prints the text or the JSON.
 */
import type { Language } from '../../shared/language.ts';
import { toCsv } from '../csv.ts';
import { comparisonFigure, overviewFigures, renderFigures, table1Figures, type Figure } from '../figures.ts';
import type { ItemResult, OverviewResult, ResultsError, Table1Result } from '../service.ts';
import { outcomeTitle } from './comparison-text.ts';
import { itemText, overviewText, table1Text } from './text.ts';
import { texts } from './texts.ts';
import type { ChartSpec } from '../charts/index.ts';

export interface RenderedResults {
  readonly text: string;
  readonly files: readonly { readonly name: string; readonly data: Buffer }[];
}

export function describeResultsError(language: Language, error: ResultsError): string {
  const T = texts(language);
  switch (error.code) {
    case 'results.no_survey':
    case 'results.not_public':
    case 'results.admin_only':
    case 'results.by_without_item':
      return T[`error.${error.code}`];
    case 'results.too_few':
      return T['error.results.too_few']({ minComplete: error.minComplete });
    case 'results.unknown_item':
    case 'results.not_comparable':
    case 'results.same_variable':
      return T[`error.${error.code}`]({ item: error.item });
    case 'results.unknown_grouping':
      return T['error.results.unknown_grouping']({ grouping: error.grouping });
  }
}

export async function renderOverview(result: OverviewResult, language: Language, charts = true): Promise<RenderedResults> {
  return { text: overviewText(result, language), files: charts ? await renderFigures(overviewFigures(result, language)) : [] };
}

/** The chart of one item: its distribution, or the subgroup comparison when one was asked. */
export function itemFigure(result: ItemResult, language: Language): Figure | null {
  const K = result.minCell;
  const { item } = result;
  if (result.comparisons && result.comparisons.length > 0) {
    const first = result.comparisons[0];
    const title = result.comparisons.length === 1 && first ? outcomeTitle(first, language) : `${item.code} · ${item.shortLabel[language]}`;
    const spec = comparisonFigure(result.comparisons, language, K, title);
    return spec ? { name: `${item.code}-by-${first?.grouping.code ?? 'group'}.png`, spec } : null;
  }
  const overview: OverviewResult = {
    survey: result.survey,
    definition: result.definition,
    minCell: K,
    participation: { participants: item.n.kind === 'shown' ? item.n.count : 0, complete: item.n.kind === 'shown' ? item.n.count : 0, completionRate: null, dropOff: [] },
    items: [item],
  };
  if (item.type === 'single' && item.n.kind === 'shown') {
    const bars = item.categories.flatMap((c) => (c.cell.kind === 'shown' ? [{ label: c.label[language], value: c.cell.count }] : []));
    if (bars.length === 0) return null;
    const T = texts(language);
    const spec: ChartSpec = {
      kind: 'bars',
      orientation: 'horizontal',
      unit: 'count',
      title: item.label[language],
      ...(bars.length < item.categories.length ? { subtitle: T.figHidden({ k: K }) } : {}),
      n: item.n.count,
      nLabel: T.nRespondents({ n: String(item.n.count) }),
      locale: language === 'fr' ? 'fr-FR' : 'en-GB',
      bars,
    };
    return { name: `${item.code}.png`, spec };
  }
  const [figure] = overviewFigures(overview, language).filter((f) => f.spec.kind !== 'panels');
  return figure ? { name: `${item.code}.png`, spec: figure.spec } : null;
}

export async function renderItem(result: ItemResult, language: Language, charts = true): Promise<RenderedResults> {
  const figure = charts ? itemFigure(result, language) : null;
  return { text: itemText(result, language), files: figure ? await renderFigures([figure]) : [] };
}

/** Table 1 as CSV: one line per subgroup of each comparison, hidden counts left empty. */
export function table1Csv(result: Table1Result, language: Language): string {
  const header = ['grouping', 'outcome', 'outcome_label', 'reported', 'group', 'group_label', 'n', 'count', 'percent', 'method', 'p', 'p_holm', 'cramers_v'];
  const lines: string[][] = [];
  for (const row of result.table.rows) {
    for (const c of row.comparisons) {
      const at = c.categories.findIndex((k) => k.code === c.outcome.reported);
      for (const g of c.groups) {
        const cell = at >= 0 ? g.cells[at] : undefined;
        lines.push([
          c.grouping.code,
          c.outcome.code,
          outcomeTitle(c, language),
          c.outcome.reported ?? '',
          g.code,
          g.label[language],
          g.n.kind === 'shown' ? String(g.n.count) : '',
          cell?.kind === 'shown' ? String(cell.count) : '',
          cell?.kind === 'shown' && cell.percent !== null ? cell.percent.toFixed(1) : '',
          c.test?.method ?? '',
          c.test ? c.test.p.toPrecision(4) : '',
          c.test ? c.test.pHolm.toPrecision(4) : '',
          c.test ? c.test.cramersV.toFixed(3) : '',
        ]);
      }
    }
  }
  return toCsv([header, ...lines], { bom: true });
}

export async function renderTable1(result: Table1Result, language: Language, charts = true): Promise<RenderedResults> {
  const pngs = charts ? await renderFigures(table1Figures(result, language)) : [];
  return {
    text: table1Text(result, language),
    files: [{ name: 'table1.csv', data: Buffer.from(table1Csv(result, language), 'utf8') }, ...pngs],
  };
}

export { importNoticeText, importProblemText } from './import-text.ts';
