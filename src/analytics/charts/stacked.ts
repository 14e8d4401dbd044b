/**
 * Fig. 2/5: one 100 % stacked bar per statement, buckets 0–4 / 5–7 / 8–10. Bars are drawn as
 * shares of each row's n, so statements answered by different numbers of people compare
 * fairly; each row's n is printed at its right end, and the segments print percentages or
 * counts. A segment too narrow for its number stays unlabelled rather than overflowing.
 */
import type { EChartsOption } from 'echarts';
import { textWidth } from './fontMetrics.ts';
import type { Drawing } from './render.ts';
import { BASE_OPTION, COLORS, DEFAULT_LOCALE, DEFAULT_WIDTH, PAD, STACK_COLORS, STACK_TEXT, TYPE, header, legend, numberFormat, widest, wrap } from './theme.ts';
import type { RenderOptions, StackedSpec } from './types.ts';

const VALUE_AXIS_HEIGHT = 36;
const AXIS_LABEL_MARGIN = 12;

export function drawStacked(spec: StackedSpec, options: RenderOptions): Drawing {
  const width = options.width ?? DEFAULT_WIDTH;
  const locale = spec.locale ?? DEFAULT_LOCALE;
  const head = header(spec, width);
  const leg = legend(spec.segments, head.bottom, width);
  const top = head.bottom + leg.height + 14;

  const labels = spec.rows.map((r) => wrap(r.label, width * 0.42, TYPE.label.size, { maxLines: 5 }));
  const labelWidth = widest(labels.flat(), TYPE.label.size);
  const lines = Math.max(...labels.map((l) => l.length));
  const rowHeight = Math.max(36, lines * TYPE.label.line + 14);
  const height = options.height ?? Math.round(top + spec.rows.length * rowHeight + VALUE_AXIS_HEIGHT + PAD / 2);

  const nLabels = spec.rows.map((r) => `n = ${numberFormat(locale, 'count', 0)(r.n)}`);
  const nWidth = widest(nLabels, TYPE.small.size);
  const left = PAD + labelWidth + AXIS_LABEL_MARGIN;
  const right = PAD + nWidth + 10;
  const plotWidth = width - left - right;

  const pct = numberFormat(locale, 'percent', 1);
  const cnt = numberFormat(locale, 'count', 0);
  const series: NonNullable<EChartsOption['series']> = spec.segments.map((name, s) => ({
    type: 'bar',
    name,
    stack: 'all',
    barWidth: Math.min(28, rowHeight * 0.7),
    itemStyle: { color: STACK_COLORS[s], borderColor: COLORS.background, borderWidth: 1 },
    data: spec.rows.map((row) => {
      const count = row.values[s] ?? 0;
      const share = (count / row.n) * 100;
      const text = spec.show === 'count' ? cnt(count) : pct(share);
      // Label only where the text fits inside the segment with a little air.
      const fits = (share / 100) * plotWidth >= textWidth(text, TYPE.small.size) + 6;
      return {
        value: share,
        label: { show: fits, formatter: text, color: STACK_TEXT[s], fontSize: TYPE.small.size },
      };
    }),
    label: { position: 'inside' },
  }));

  const tick = numberFormat(locale, 'percent', 0);
  return {
    width,
    height,
    option: {
      ...BASE_OPTION,
      title: head.title,
      legend: leg.legend,
      grid: { left, right, top, bottom: VALUE_AXIS_HEIGHT },
      xAxis: {
        type: 'value',
        min: 0,
        max: 100,
        interval: 20,
        axisLabel: { formatter: (v: number) => tick(v), fontSize: TYPE.small.size, color: COLORS.muted },
        splitLine: { lineStyle: { color: COLORS.grid } },
      },
      yAxis: [
        {
          type: 'category',
          inverse: true,
          data: labels.map((l) => l.join('\n')),
          axisTick: { show: false },
          axisLine: { show: false },
          axisLabel: { interval: 0, margin: AXIS_LABEL_MARGIN, fontSize: TYPE.label.size, lineHeight: TYPE.label.line, color: COLORS.text },
        },
        {
          // A second category axis on the right carries each row's n, aligned with its bar.
          type: 'category',
          inverse: true,
          position: 'right',
          data: nLabels,
          axisTick: { show: false },
          axisLine: { show: false },
          axisLabel: { interval: 0, margin: 8, fontSize: TYPE.small.size, color: COLORS.muted },
        },
      ],
      series,
    },
  };
}
