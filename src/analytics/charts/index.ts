/**
 * Chart rendering for survey results: ChartSpec (plain, localized data) → SVG or PNG.
 * Pure apart from reading the DejaVu font files; no platform, database or i18n imports.
 */
import { drawBars } from './bars.ts';
import { drawGrouped } from './grouped.ts';
import { drawPanels } from './panels.ts';
import { drawingToSvg, pngScale, svgToPng, type Drawing } from './render.ts';
import { drawStacked } from './stacked.ts';
import type { ChartSpec, RenderOptions } from './types.ts';
import { validateOptions, validateSpec } from './validate.ts';

export type { Bar, BarsSpec, ChartKind, ChartSpec, GroupedSpec, Panel, PanelsSpec, RenderOptions, Series, StackedRow, StackedSpec } from './types.ts';
export { ChartSpecError } from './types.ts';

function draw(spec: ChartSpec, options: RenderOptions): Drawing {
  validateSpec(spec);
  validateOptions(options);
  switch (spec.kind) {
    case 'bars':
      return drawBars(spec, options);
    case 'panels':
      return drawPanels(spec, options);
    case 'stacked':
      return drawStacked(spec, options);
    case 'grouped':
      return drawGrouped(spec, options);
  }
}

/**
 * SVG text of the chart. Width defaults to 1000 px; height, when omitted, follows the content.
 * Throws ChartSpecError for a spec that cannot be drawn honestly.
 */
export function renderChartSvg(spec: ChartSpec, options: RenderOptions = {}): string {
  return drawingToSvg(draw(spec, options));
}

/**
 * PNG of the chart: the layout at the requested size, rasterised at `scale` (default 2, so
 * 2000 px wide by default: sharp in a slide or a paper, still a photo chat platforms accept).
 * Asynchronous because rasterising runs off the event loop; validation errors reject.
 */
export async function renderChartPng(spec: ChartSpec, options: RenderOptions = {}): Promise<Buffer> {
  const drawing = draw(spec, options);
  return svgToPng(drawingToSvg(drawing), pngScale(drawing, options.scale ?? 2));
}
