/**
 * The only place that touches echarts and resvg: option → SVG string → PNG buffer.
 */
import { renderAsync } from '@resvg/resvg-js';
import type { EChartsOption } from 'echarts';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { init, setPlatformAPI, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { subsetFontFile } from './font-subset.ts';
import { encodeOpaquePng } from './png.ts';
import { FONT_FILES, measureCss } from './fontMetrics.ts';
import { COLORS, FONT_FAMILY } from './theme.ts';

// Tree-shaken registration: importing all of echarts costs ~100 ms more on first render.
use([BarChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);
// Without a canvas, echarts guesses text widths from a table that underestimates DejaVu Sans;
// legends and axis labels then collide. Give it the font's real metrics. This is process-wide,
// which is fine: this module is the only user of echarts in the bot.
setPlatformAPI({ measureText: measureCss });

/** A laid-out chart, ready to draw. */
export interface Drawing {
  option: EChartsOption;
  width: number;
  height: number;
}

export function drawingToSvg({ option, width, height }: Drawing): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    // SSR instances hold a zrender tree; disposing frees it even when setOption threw.
    chart.dispose();
  }
}

/**
 * Rasterises with resvg on libuv's thread pool, so a chart never blocks the bot's event loop.
 * Loading the two DejaVu files explicitly beats scanning every system font and does not
 * depend on what else is installed; if they are missing, fall back to the scan. They are
 * handed over cut down to the chart's glyphs (font-subset.ts: resvg reads the file again for
 * every glyph).
 */
export async function svgToPng(svg: string, scale = 1): Promise<Buffer> {
  const font =
    FONT_FILES.length > 0
      ? { loadSystemFonts: false, fontFiles: FONT_FILES.map((file) => subsetFontFile(file, svg)), defaultFontFamily: FONT_FAMILY }
      : { loadSystemFonts: true, defaultFontFamily: FONT_FAMILY };
  const fitTo = scale === 1 ? ({ mode: 'original' } as const) : ({ mode: 'zoom', value: scale } as const);
  const image = await renderAsync(svg, { font, background: COLORS.background, fitTo });
  return OPAQUE.test(COLORS.background) ? await encodeOpaquePng(image.width, image.height, image.pixels) : image.asPng();
}

/** A background colour with no transparency: every pixel of the image is then opaque. */
const OPAQUE = /^#[0-9a-f]{6}$/i;

/** Telegram refuses a photo whose width + height exceed 10,000 px. */
const MAX_PHOTO_SUM = 10_000;

/** The density asked, lowered so that the image stays a photo every platform accepts. */
export function pngScale(drawing: { width: number; height: number }, asked = 2): number {
  return Math.max(1, Math.min(asked, Math.floor((MAX_PHOTO_SUM / (drawing.width + drawing.height)) * 100) / 100));
}
