/**
 * The study's figures as chart specifications, from published (small-cell protected) results:
 * Fig. 1 the participants' characteristics, stacked 0–4 / 5–7 / 8–10 bars for each run of
 * 0–10 statements (Fig. 2 and 5), horizontal bars per multiple choice (Fig. 3 and 4), and
 * grouped bars for subgroup comparisons. Hidden cells are left out of a chart (a bar's length
 * would give the count back) and the chart says so; every chart states its n.
 */
import type { Language } from '../shared/language.ts';
import type { Bar, ChartSpec, GroupedSpec, StackedRow } from './charts/index.ts';
import type { Cell } from './disclosure.ts';
import type { LabelledCell, PublishedComparison, PublishedItem } from './published.ts';
import { outcomeTitle } from './report/comparison-text.ts';
import { formatPValue } from './stats/format.ts';
import { characteristicItems } from './variables.ts';
import { texts } from './report/texts.ts';
import type { OverviewResult, Table1Result } from './service.ts';

export interface Figure {
  /** File name, e.g. "fig1-characteristics.png". */
  readonly name: string;
  readonly spec: ChartSpec;
}

const LOCALE: Readonly<Record<Language, string>> = { fr: 'fr-FR', en: 'en-GB' };

function withNote(subtitle: string, hidden: boolean, language: Language, minCell: number): string {
  return hidden ? `${subtitle} — ${texts(language).figHidden({ k: minCell })}` : subtitle;
}

function shownBars(cells: readonly LabelledCell[], language: Language): { bars: Bar[]; hidden: boolean } {
  const bars: Bar[] = [];
  let hidden = false;
  for (const c of cells) {
    if (c.cell.kind === 'shown') bars.push({ label: c.label[language], value: c.cell.count });
    else hidden = true;
  }
  return { bars, hidden };
}

export function overviewFigures(result: OverviewResult, language: Language): Figure[] {
  const T = texts(language);
  const K = result.minCell;
  const locale = LOCALE[language];
  const figures: Figure[] = [];
  const byCode = new Map(result.items.map((i) => [i.code, i]));

  const panels: { title: string; bars: Bar[]; nLabel: string }[] = [];
  let hiddenPanels = false;
  for (const code of characteristicItems(result.definition)) {
    const item = byCode.get(code);
    if (item?.type !== 'single' || item.n.kind !== 'shown') continue;
    const { bars, hidden } = shownBars(item.categories, language);
    hiddenPanels ||= hidden;
    // Each panel states its own n: an item left unanswered by some makes it differ from the total.
    if (bars.length > 0) panels.push({ title: item.shortLabel[language], bars, nLabel: `n = ${item.n.count}` });
  }
  if (panels.length > 0) {
    // Items count complete responses (disclosure.ts, rule 2).
    const n = result.participation.complete;
    figures.push({
      name: 'fig1-characteristics.png',
      spec: {
        kind: 'panels',
        title: T.figCharacteristics,
        subtitle: withNote(T.figCharacteristicsNote, hiddenPanels, language, K),
        n,
        nLabel: T.nParticipants({ n: String(n) }),
        locale,
        panels,
      },
    });
  }

  // Runs of consecutive 0–10 items become one stacked chart each; multiple choices one bar chart each.
  let run: PublishedItem[] = [];
  const flush = () => {
    const stacked = stackedFigure(run, language, K);
    if (stacked) figures.push({ name: `fig${figures.length + 1}-${stacked.name}.png`, spec: stacked.spec });
    run = [];
  };
  for (const item of result.items) {
    if (item.type === 'scale') {
      run.push(item);
      continue;
    }
    flush();
    if (item.type === 'multi' && item.n.kind === 'shown') {
      const { bars, hidden } = shownBars(item.choices, language);
      if (bars.length === 0) continue;
      figures.push({
        name: `fig${figures.length + 1}-${item.code}.png`,
        spec: {
          kind: 'bars',
          orientation: 'horizontal',
          unit: 'count',
          title: item.label[language],
          subtitle: withNote(T.figMulti, hidden, language, K),
          n: item.n.count,
          nLabel: T.nRespondents({ n: String(item.n.count) }),
          locale,
          bars: bars.sort((a, b) => b.value - a.value),
        },
      });
    }
  }
  flush();
  return figures;
}

function stackedFigure(items: readonly PublishedItem[], language: Language, K: number): { name: string; spec: ChartSpec } | null {
  const T = texts(language);
  const rows: StackedRow[] = [];
  let hidden = false;
  for (const item of items) {
    if (item.type !== 'scale') continue;
    const counts = item.buckets.map((b) => (b.cell.kind === 'shown' ? b.cell.count : null));
    const [a, b, c] = counts;
    if (item.n.kind !== 'shown' || a == null || b == null || c == null) {
      hidden = true;
      continue;
    }
    rows.push({ label: `${item.code} · ${item.label[language]}`, values: [a, b, c], n: item.n.count });
  }
  const first = items[0];
  const last = items[items.length - 1];
  if (rows.length === 0 || !first || !last || first.type !== 'scale') return null;
  const n = Math.max(...rows.map((r) => r.n));
  const span = first === last ? first.code : `${first.code}-${last.code}`;
  return {
    name: span,
    spec: {
      kind: 'stacked',
      title: first === last ? first.label[language] : T.figStackedTitle({ items: `${first.code}–${last.code}` }),
      subtitle: withNote(T.figStacked, hidden, language, K),
      n,
      nLabel: T.nRespondents({ n: String(n) }),
      locale: LOCALE[language],
      segments: first.buckets.map((bucket) => bucket.label[language]) as [string, string, string],
      rows,
      show: 'percent',
    },
  };
}

/**
 * Grouped bars: x = outcomes (binary outcomes, one per comparison) or the categories of a
 * single outcome; one series per subgroup. Subgroups with a hidden total and outcomes with a
 * hidden share are left out.
 */
export function comparisonFigure(comparisons: readonly PublishedComparison[], language: Language, minCell: number, title: string): GroupedSpec | null {
  const T = texts(language);
  const first = comparisons[0];
  if (!first) return null;
  const shownGroups = first.groups.map((g, index) => ({ g, index })).filter(({ g }) => g.n.kind === 'shown');
  const binary = comparisons.every((c) => c.outcome.reported !== null);
  const columns: { label: string; values: (number | null)[] }[] = [];
  if (binary) {
    for (const c of comparisons) {
      const at = c.categories.findIndex((k) => k.code === c.outcome.reported);
      columns.push({ label: outcomeTitle(c, language), values: shownGroups.map(({ index }) => percentOf(c.groups[index]?.cells[at])) });
    }
  } else {
    first.categories.forEach((category, at) => {
      columns.push({ label: category.label[language], values: shownGroups.map(({ index }) => percentOf(first.groups[index]?.cells[at])) });
    });
  }
  // The p-value the text prints, under each outcome (binary rows) or in the subtitle (one table).
  const pOf = (c: PublishedComparison): string | null => testP(c, language);
  if (binary) {
    comparisons.forEach((c, i) => {
      const column = columns[i];
      const p = pOf(c);
      if (column && p) column.label = `${column.label}\n${p}`;
    });
  }
  // A bar is drawn only where its share is printed. Either the outcomes with a hidden share go
  // (Table 1: a few subgroups, many outcomes), or the subgroups with one (q2 by q3: 25
  // specialties, of which the small ones hide some age brackets): whichever keeps more bars.
  const fullColumns = columns.filter((col) => col.values.every((v) => v !== null)).slice(0, 20);
  const fullGroups = shownGroups.flatMap((_, s) => (columns.every((col) => col.values[s] !== null) ? [s] : []));
  const byColumns = fullColumns.length * shownGroups.length >= Math.min(columns.length, 20) * fullGroups.length;
  const drawn = byColumns ? shownGroups.map((_, s) => s) : fullGroups;
  const series = drawn.flatMap((s) => shownGroups[s] ?? []);
  const kept = (byColumns ? fullColumns : columns.slice(0, 20)).map((col) => ({ label: col.label, values: drawn.map((s) => col.values[s] ?? 0) }));
  // Each subgroup's n: its respondents over the outcomes shown (they differ when items are skipped).
  const groupN = series.map(({ index }) => {
    const counts = (binary ? comparisons : [first]).flatMap((c) => {
      const total = c.groups[index]?.n;
      return total?.kind === 'shown' ? [total.count] : [];
    });
    const low = Math.min(...counts);
    const high = Math.max(...counts);
    return counts.length === 0 ? '' : low === high ? ` (n = ${low})` : ` (n = ${low}–${high})`;
  });
  if (kept.length === 0 || series.length === 0) return null;
  const hidden = kept.length < columns.length || series.length < first.groups.length;
  // Each outcome has its own respondents; the chart states the largest of them.
  const n = Math.max(
    ...comparisons.map((c) => series.reduce((sum, { index }) => {
      const total = c.groups[index]?.n;
      return sum + (total?.kind === 'shown' ? total.count : 0);
    }, 0)),
  );
  return {
    kind: 'grouped',
    unit: 'percent',
    title,
    subtitle: withNote(
      [T.figGrouped({ grouping: first.grouping.label[language] }), ...(!binary && pOf(first) ? [pOf(first) ?? ''] : [])].join(' · '),
      hidden,
      language,
      minCell,
    ),
    n,
    nLabel: T.nRespondents({ n: String(n) }),
    locale: LOCALE[language],
    groups: kept.map((c) => c.label),
    series: series.map(({ g }, s) => ({ label: `${g.label[language]}${groupN[s] ?? ''}`, values: kept.map((c) => c.values[s] ?? 0) })),
  };
}

/** "p = 0.003" as the text reports it (Fisher's p where the text uses Fisher), or null without a test. */
function testP(comparison: PublishedComparison, language: Language): string | null {
  const test = comparison.test;
  if (!test) return null;
  return formatPValue(test.method === 'fisher' && test.fisherP !== null ? test.fisherP : test.chiSquared.p, language);
}

function percentOf(cell: Cell | undefined): number | null {
  return cell?.kind === 'shown' && cell.percent !== null ? cell.percent : null;
}

/** One grouped chart per grouping of Table 1, over its binary rows (the shares it reports). */
export function table1Figures(result: Table1Result, language: Language): Figure[] {
  const T = texts(language);
  return result.table.groupings.flatMap((grouping, g) => {
    const comparisons = result.table.rows
      .map((row) => row.comparisons[g])
      .filter((c): c is PublishedComparison => c !== undefined && c.outcome.reported !== null);
    const spec = comparisonFigure(comparisons, language, result.minCell, T.figGroupedTable1);
    return spec ? [{ name: `table1-${grouping.code}.png`, spec }] : [];
  });
}

export async function renderFigures(figures: readonly Figure[]): Promise<{ name: string; data: Buffer }[]> {
  if (figures.length === 0) return [];
  // echarts and resvg weigh ~45 MB and over a second of loading: only when a chart is drawn.
  const { renderChartPng } = await import('./charts/index.ts');
  return Promise.all(figures.map(async (f) => ({ name: f.name, data: await renderChartPng(f.spec) })));
}
