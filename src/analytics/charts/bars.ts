/**
 * Fig. 3/4: one bar per option of a multiple-choice question, counts or percentages.
 * Horizontal is the default choice for the long French option labels; vertical is kept for
 * short labels (age bands, years) and rotates its labels when they do not fit under a bar.
 */
import type { EChartsOption } from 'echarts';
import { textWidth } from './fontMetrics.ts';
import type { Drawing } from './render.ts';
import { BASE_OPTION, COLORS, DEFAULT_LOCALE, DEFAULT_WIDTH, PAD, PALETTE, TYPE, header, numberFormat, widest, wrap } from './theme.ts';
import type { BarsSpec, RenderOptions } from './types.ts';

const AXIS_LABEL_MARGIN = 10;
/** Room under a value axis for its tick labels. */
const VALUE_AXIS_HEIGHT = 36;

/** Used as x (horizontal) or y (vertical) axis, hence the inferred, shape-only type. */
function valueAxis(spec: BarsSpec) {
  const tick = numberFormat(spec.locale ?? DEFAULT_LOCALE, spec.unit, 0);
  return {
    type: 'value' as const,
    // A percentage axis that stops at 62 % would exaggerate; counts get echarts' nice maximum.
    max: spec.unit === 'percent' ? 100 : undefined,
    minInterval: spec.unit === 'count' ? 1 : undefined,
    axisLabel: { formatter: (v: number) => tick(v), fontSize: TYPE.small.size, color: COLORS.muted },
    splitLine: { lineStyle: { color: COLORS.grid } },
  };
}

/**
 * A bar's label: a percentage with one decimal, or a count with its share of n as the text
 * prints it ("1014 (87.5%)"), so a chart and the text it goes with read the same.
 */
function valueLabel(spec: BarsSpec): (value: number) => string {
  const locale = spec.locale ?? DEFAULT_LOCALE;
  const fmt = numberFormat(locale, spec.unit, 1);
  if (spec.unit === 'percent' || spec.n === 0) return fmt;
  const share = numberFormat(locale, 'percent', 1);
  return (value) => `${fmt(value)} (${share((100 * value) / spec.n)})`;
}

function series(spec: BarsSpec, position: 'right' | 'top'): EChartsOption['series'] {
  const fmt = valueLabel(spec);
  return [
    {
      type: 'bar',
      data: spec.bars.map((b) => b.value),
      itemStyle: { color: PALETTE[0] },
      barCategoryGap: '30%',
      label: { show: true, position, formatter: (p) => fmt(Number(p.value)), fontSize: TYPE.small.size, color: COLORS.text },
    },
  ];
}

/** Widest value label, so the plot leaves room for it past the longest bar. */
function valueLabelWidth(spec: BarsSpec): number {
  const fmt = valueLabel(spec);
  return Math.max(...spec.bars.map((b) => textWidth(fmt(b.value), TYPE.small.size)));
}

function horizontal(spec: BarsSpec, options: RenderOptions): Drawing {
  const width = options.width ?? DEFAULT_WIDTH;
  const head = header(spec, width);
  const labels = spec.bars.map((b) => wrap(b.label, width * 0.4, TYPE.label.size, { maxLines: 3 }));
  const labelWidth = widest(labels.flat(), TYPE.label.size);
  const lines = Math.max(...labels.map((l) => l.length));
  // Bands are uniform on a category axis, so the tallest label sets every row's height.
  const rowHeight = Math.max(30, lines * TYPE.label.line + 12);
  const height = options.height ?? Math.round(head.bottom + spec.bars.length * rowHeight + VALUE_AXIS_HEIGHT + PAD / 2);

  return {
    width,
    height,
    option: {
      ...BASE_OPTION,
      title: head.title,
      grid: {
        left: PAD + labelWidth + AXIS_LABEL_MARGIN,
        right: PAD + valueLabelWidth(spec) + 8,
        top: head.bottom,
        bottom: VALUE_AXIS_HEIGHT,
      },
      xAxis: valueAxis(spec),
      yAxis: {
        type: 'category',
        inverse: true, // first bar on top, in the caller's order
        data: labels.map((l) => l.join('\n')),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: COLORS.axis } },
        axisLabel: { interval: 0, margin: AXIS_LABEL_MARGIN, fontSize: TYPE.label.size, lineHeight: TYPE.label.line, color: COLORS.text },
      },
      series: series(spec, 'right'),
    },
  };
}

function vertical(spec: BarsSpec, options: RenderOptions): Drawing {
  const width = options.width ?? DEFAULT_WIDTH;
  const head = header(spec, width);
  let left = PAD + 48; // value tick labels
  const band = (width - left - PAD) / spec.bars.length;
  const room = band - 8;
  // Wrapping into a narrow band shreds words; when a word would be cut or a label would need
  // more than three lines, rotate the labels instead.
  const wrapped = spec.bars.map((b) => wrap(b.label, room, TYPE.small.size));
  const shredded = spec.bars.some(
    (b, i) => (wrapped[i]?.length ?? 0) > 3 || b.label.trim().split(/[ \t\r\n]+/).some((w) => textWidth(w, TYPE.small.size) > room),
  );
  let labels: string[];
  let axisHeight: number;
  let rotate = 0;
  if (shredded) {
    rotate = 40;
    const maxLen = 220;
    labels = spec.bars.map((b) => wrap(b.label, maxLen, TYPE.small.size, { maxLines: 1 })[0] ?? '');
    const longest = widest(labels, TYPE.small.size);
    const angle = (rotate * Math.PI) / 180;
    axisHeight = Math.ceil(longest * Math.sin(angle) + TYPE.small.size + 20);
    // A rotated label hangs left of its bar: widen the margin so the first one is not clipped.
    left = Math.max(left, Math.ceil(longest * Math.cos(angle) - band / 2 + PAD / 2));
  } else {
    labels = wrapped.map((l) => l.join('\n'));
    axisHeight = Math.max(...wrapped.map((l) => l.length)) * TYPE.small.line + 20;
  }
  const height = options.height ?? Math.round(head.bottom + 380 + axisHeight + PAD / 2);

  return {
    width,
    height,
    option: {
      ...BASE_OPTION,
      title: head.title,
      // The top margin leaves room for the value label above the tallest bar.
      grid: { left, right: PAD, top: head.bottom + TYPE.small.line + 4, bottom: axisHeight },
      xAxis: {
        type: 'category',
        data: labels,
        axisTick: { show: false },
        axisLine: { lineStyle: { color: COLORS.axis } },
        axisLabel: { interval: 0, rotate, fontSize: TYPE.small.size, lineHeight: TYPE.small.line, color: COLORS.text },
      },
      yAxis: valueAxis(spec),
      series: series(spec, 'top'),
    },
  };
}

export function drawBars(spec: BarsSpec, options: RenderOptions): Drawing {
  return spec.orientation === 'horizontal' ? horizontal(spec, options) : vertical(spec, options);
}
