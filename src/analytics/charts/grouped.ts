/**
 * Subgroup comparison (e.g. general practitioners vs other specialties, per outcome):
 * horizontal grouped bars, outcomes as categories so their long wording can wrap, one colour
 * per subgroup with a legend, and the percentage printed at each bar's end.
 */
import type { EChartsOption } from 'echarts';
import { textWidth } from './fontMetrics.ts';
import type { Drawing } from './render.ts';
import { BASE_OPTION, COLORS, DEFAULT_LOCALE, DEFAULT_WIDTH, PAD, PALETTE, TYPE, header, legend, numberFormat, widest, wrap } from './theme.ts';
import type { GroupedSpec, RenderOptions } from './types.ts';

const VALUE_AXIS_HEIGHT = 36;
const AXIS_LABEL_MARGIN = 12;
const BAR = 18;
const BAR_GAP = 3;

export function drawGrouped(spec: GroupedSpec, options: RenderOptions): Drawing {
  const width = options.width ?? DEFAULT_WIDTH;
  const locale = spec.locale ?? DEFAULT_LOCALE;
  const head = header(spec, width);
  const leg = legend(spec.series.map((s) => s.label), head.bottom, width);
  const top = head.bottom + leg.height + 14;

  // A group's label may carry its own lines (the outcome, then its p-value): each is wrapped alone.
  const labels = spec.groups.map((g) => g.split('\n').flatMap((part) => wrap(part, width * 0.4, TYPE.label.size, { maxLines: 5 })));
  const labelWidth = widest(labels.flat(), TYPE.label.size);
  const lines = Math.max(...labels.map((l) => l.length));
  const barsHeight = spec.series.length * (BAR + BAR_GAP);
  const bandHeight = Math.max(lines * TYPE.label.line, barsHeight) + 18;
  const height = options.height ?? Math.round(top + spec.groups.length * bandHeight + VALUE_AXIS_HEIGHT + PAD / 2);

  const fmt = numberFormat(locale, 'percent', 1);
  const valueWidth = Math.max(...spec.series.flatMap((s) => s.values.map((v) => textWidth(fmt(v), TYPE.small.size))));
  const tick = numberFormat(locale, 'percent', 0);

  const series: NonNullable<EChartsOption['series']> = spec.series.map((s, i) => ({
    type: 'bar',
    name: s.label,
    data: s.values,
    itemStyle: { color: PALETTE[i] },
    // Fixed bar thickness keeps the pairs readable whatever the number of outcomes.
    barMaxWidth: BAR,
    barGap: '15%',
    label: { show: true, position: 'right', formatter: (p) => fmt(Number(p.value)), fontSize: TYPE.small.size, color: COLORS.text },
  }));

  return {
    width,
    height,
    option: {
      ...BASE_OPTION,
      title: head.title,
      legend: leg.legend,
      grid: { left: PAD + labelWidth + AXIS_LABEL_MARGIN, right: PAD + valueWidth + 8, top, bottom: VALUE_AXIS_HEIGHT },
      xAxis: {
        type: 'value',
        min: 0,
        max: 100,
        interval: 20,
        axisLabel: { formatter: (v: number) => tick(v), fontSize: TYPE.small.size, color: COLORS.muted },
        splitLine: { lineStyle: { color: COLORS.grid } },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: labels.map((l) => l.join('\n')),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: COLORS.axis } },
        axisLabel: { interval: 0, margin: AXIS_LABEL_MARGIN, fontSize: TYPE.label.size, lineHeight: TYPE.label.line, color: COLORS.text },
      },
      series,
    },
  };
}
