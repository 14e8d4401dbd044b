/**
 * Fig. 1: population characteristics as small multiples. Each panel is its own echarts grid
 * with a hidden value axis (the counts are printed on the bars), laid out in columns whose
 * heights follow each panel's number of bars, so a 25-specialty panel sits beside several
 * short ones instead of forcing every cell to its height.
 */
import type { EChartsOption, GridComponentOption, TitleComponentOption, XAXisComponentOption, YAXisComponentOption } from 'echarts';
import { textWidth } from './fontMetrics.ts';
import type { Drawing } from './render.ts';
import { BASE_OPTION, COLORS, DEFAULT_LOCALE, DEFAULT_WIDTH, FONT_FAMILY, PAD, PALETTE, TYPE, header, numberFormat, widest, wrap } from './theme.ts';
import type { PanelsSpec, RenderOptions } from './types.ts';

const COLUMN_GAP = 36;
const PANEL_GAP = 22;
const TITLE = { size: 14, line: 18 } as const;
/** Slightly tighter than TYPE.small so a two-line label does not double the row height. */
const LABEL_LINE = 14;
const BAR_MAX = 18;

interface PanelLayout {
  titleLines: string[];
  labels: string[][];
  labelWidth: number;
  valueWidth: number;
  rowHeight: number;
  height: number;
}

/**
 * Assigns panels to columns, tallest first, each to the currently shortest column (the
 * "longest processing time" rule), then restores the caller's order inside each column.
 * Compared with cutting the list into consecutive runs, this lets one long panel (25
 * specialties) fill a column while the short ones stack beside it, instead of leaving a
 * half-empty column; within a column the grid still reads in the given order.
 */
function assignColumns(heights: number[], columns: number): number[][] {
  const runs: number[][] = Array.from({ length: columns }, () => []);
  const filled = new Array<number>(columns).fill(0);
  const byHeight = heights.map((h, i) => ({ h, i })).sort((a, b) => b.h - a.h || a.i - b.i);
  for (const { h, i } of byHeight) {
    const column = filled.indexOf(Math.min(...filled));
    runs[column]?.push(i);
    filled[column] = (filled[column] ?? 0) + h;
  }
  // Keep the first panel in the first column, so the grid starts where the caller started.
  return runs.map((r) => r.sort((a, b) => a - b)).filter((r) => r.length > 0).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

export function drawPanels(spec: PanelsSpec, options: RenderOptions): Drawing {
  const width = options.width ?? DEFAULT_WIDTH;
  const head = header(spec, width);
  const columns = Math.min(spec.panels.length, width >= 1400 ? 3 : 2);
  const columnWidth = (width - 2 * PAD - (columns - 1) * COLUMN_GAP) / columns;
  const fmt = numberFormat(spec.locale ?? DEFAULT_LOCALE, 'count', 0);

  const layouts: PanelLayout[] = spec.panels.map((panel) => {
    const titleLines = wrap(panel.nLabel ? `${panel.title} (${panel.nLabel})` : panel.title, columnWidth, TITLE.size, { bold: true, maxLines: 2 });
    // Up to 55 % of the column for labels: bars carry their count, so they can be short.
    const labels = panel.bars.map((b) => wrap(b.label, columnWidth * 0.55, TYPE.small.size, { maxLines: 2 }));
    const lines = Math.max(...labels.map((l) => l.length));
    const rowHeight = Math.max(22, lines * LABEL_LINE + 6);
    return {
      titleLines,
      labels,
      labelWidth: widest(labels.flat(), TYPE.small.size),
      valueWidth: Math.max(...panel.bars.map((b) => textWidth(fmt(b.value), TYPE.small.size))),
      rowHeight,
      height: titleLines.length * TITLE.line + 6 + panel.bars.length * rowHeight + PANEL_GAP,
    };
  });

  const runs = assignColumns(layouts.map((l) => l.height), columns);
  const natural = Math.max(...runs.map((run) => run.reduce((s, i) => s + (layouts[i]?.height ?? 0), 0)));
  const height = options.height ?? Math.round(head.bottom + natural + PAD / 2);
  // A caller-imposed height stretches or squeezes the bar rows, never the titles.
  const scale = Math.max(0.2, (height - head.bottom - PAD / 2) / natural);

  const title: TitleComponentOption[] = [...head.title];
  const grid: GridComponentOption[] = [];
  const xAxis: XAXisComponentOption[] = [];
  const yAxis: YAXisComponentOption[] = [];
  const series: NonNullable<EChartsOption['series']> = [];

  runs.forEach((run, column) => {
    const x = PAD + column * (columnWidth + COLUMN_GAP);
    let y = head.bottom;
    for (const index of run) {
      const panel = spec.panels[index];
      const layout = layouts[index];
      if (panel === undefined || layout === undefined) continue;
      const titleHeight = layout.titleLines.length * TITLE.line + 6;
      const barsHeight = panel.bars.length * layout.rowHeight * scale;
      const g = grid.length;
      title.push({
        text: layout.titleLines.join('\n'),
        left: x,
        top: y,
        padding: 0,
        textStyle: { fontFamily: FONT_FAMILY, fontSize: TITLE.size, lineHeight: TITLE.line, fontWeight: 'bold', color: COLORS.text },
      });
      grid.push({
        left: x + layout.labelWidth + 8,
        top: y + titleHeight,
        width: columnWidth - layout.labelWidth - 8 - layout.valueWidth - 6,
        height: barsHeight,
      });
      // Each panel scales to its own maximum: panels compare shapes, the labels give counts.
      xAxis.push({ type: 'value', gridIndex: g, show: false, min: 0, max: Math.max(1, ...panel.bars.map((b) => b.value)) });
      yAxis.push({
        type: 'category',
        gridIndex: g,
        inverse: true,
        data: layout.labels.map((l) => l.join('\n')),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: COLORS.axis } },
        axisLabel: { interval: 0, margin: 6, fontSize: TYPE.small.size, lineHeight: LABEL_LINE, color: COLORS.text },
      });
      series.push({
        type: 'bar',
        xAxisIndex: g,
        yAxisIndex: g,
        data: panel.bars.map((b) => b.value),
        itemStyle: { color: PALETTE[0] },
        barCategoryGap: '25%',
        barMaxWidth: BAR_MAX,
        label: { show: true, position: 'right', distance: 4, formatter: (p) => fmt(Number(p.value)), fontSize: TYPE.small.size, color: COLORS.text },
      });
      y += titleHeight + barsHeight + PANEL_GAP;
    }
  });

  return { width, height, option: { ...BASE_OPTION, title, grid, xAxis, yAxis, series } };
}
