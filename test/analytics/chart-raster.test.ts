/**
 * What makes a chart PNG fast must not change it: the fonts cut down to a chart's glyphs draw
 * the same pixels as the whole files, and our PNG holds exactly the pixels resvg drew.
 */
import { statSync } from 'node:fs';
import { deflateSync, inflateSync, crc32 } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { renderChartSvg, type BarsSpec } from '../../src/analytics/charts/index.ts';
import { subsetFontFile } from '../../src/analytics/charts/font-subset.ts';
import { FONT_FILES } from '../../src/analytics/charts/fontMetrics.ts';
import { combineAdler32, encodeOpaquePng } from '../../src/analytics/charts/png.ts';
import { generateCohort } from '../../src/analytics/demo/cohort.ts';
import { overviewFigures, table1Figures } from '../../src/analytics/figures.ts';
import { RESEARCHER, ResultsService } from '../../src/analytics/service.ts';
import type { SurveyRecord } from '../../src/survey/ports.ts';
import { BUILT_IN_DEFINITIONS, DefinitionRegistry } from '../../src/survey/registry.ts';
import { arraySource } from './fixture.ts';

function pixels(svg: string, fontFiles: readonly string[]): { width: number; height: number; data: Buffer } {
  const image = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: [...fontFiles], defaultFontFamily: 'DejaVu Sans' }, background: '#ffffff', fitTo: { mode: 'zoom', value: 2 } }).render();
  return { width: image.width, height: image.height, data: image.pixels };
}

/** Labels that shape into ligatures (fi, ffl), take accents and other scripts. */
const TRICKY: BarsSpec = {
  kind: 'bars',
  orientation: 'horizontal',
  unit: 'count',
  title: 'Efficacité, affluence, officine — Œuvre « naïve » ½ ≥ 8',
  n: 30,
  nLabel: 'n = 30',
  locale: 'fr-FR',
  bars: [
    { label: 'Ελληνικά και Кириллица', value: 10 },
    { label: 'עברית · العربية', value: 12 },
    { label: 'ﬁ ﬂ fi fl ffi ffl &amp; <x>', value: 8 },
  ],
};

describe('chart rasterising', () => {
  it('draws every demo figure, and labels with ligatures and other scripts, the same with the cut-down fonts', async () => {
    const registry = new DefinitionRegistry(BUILT_IN_DEFINITIONS);
    const definition = registry.defaultDefinition();
    const service = new ResultsService({ catalog: {} as never, definitions: registry, source: arraySource(generateCohort(definition)), policy: { minCell: 5, minComplete: 10 } });
    const survey: SurveyRecord = { id: 'd', communityId: 'c', definitionId: definition.id, definitionVersion: definition.version, status: 'closed', openedDay: '2022-01-01', closedDay: '2022-03-01' };
    const overview = await service.overview(survey, RESEARCHER);
    const table = await service.table1(survey, RESEARCHER);
    if (!overview.ok || !table.ok) throw new Error('no demo results');
    const svgs = [
      renderChartSvg(TRICKY),
      ...(['fr', 'en'] as const).flatMap((language) => [...overviewFigures(overview.value, language), ...table1Figures(table.value, language)].map((f) => renderChartSvg(f.spec))),
    ];
    for (const svg of svgs) {
      const subset = FONT_FILES.map((file) => subsetFontFile(file, svg));
      expect(subset).not.toEqual(FONT_FILES);
      // resvg rereads the file for every glyph: what it weighs is what a chart waits for.
      subset.forEach((file, i) => expect(statSync(file).size).toBeLessThan(statSync(FONT_FILES[i] as string).size / 4));
      expect(pixels(svg, subset).data.equals(pixels(svg, FONT_FILES).data)).toBe(true);
    }
  }, 60_000);

  it('writes a PNG whose chunks check and whose rows are the pixels drawn (a large one, compressed in two halves)', async () => {
    const image = pixels(renderChartSvg(TRICKY), FONT_FILES);
    expect(image.width * image.height * 4).toBeGreaterThan(1 << 20);
    const png = await encodeOpaquePng(image.width, image.height, image.data);
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    const chunks = new Map<string, Buffer>();
    for (let at = 8; at < png.length; ) {
      const length = png.readUInt32BE(at);
      const type = png.toString('latin1', at + 4, at + 8);
      expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
      chunks.set(type, png.subarray(at + 8, at + 8 + length));
      at += 12 + length;
    }
    expect([...chunks.keys()]).toEqual(['IHDR', 'IDAT', 'IEND']);
    const header = chunks.get('IHDR') ?? Buffer.alloc(13);
    expect([header.readUInt32BE(0), header.readUInt32BE(4), header[8], header[9]]).toEqual([image.width, image.height, 8, 6]);
    // inflate checks the stream's Adler-32 too: the two halves' checksums combined.
    const rows = inflateSync(chunks.get('IDAT') ?? Buffer.alloc(0));
    const stride = image.width * 4;
    const unfiltered = Buffer.concat(Array.from({ length: image.height }, (_, y) => {
      expect(rows[y * (stride + 1)]).toBe(0);
      return rows.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    }));
    expect(unfiltered.equals(image.data)).toBe(true);
    // Opaque: straight and premultiplied colours are the same.
    for (let i = 3; i < image.data.length; i += 4 * 997) expect(image.data[i]).toBe(255);
  });

  it('encodes a chart alone whatever was encoded before it or at the same time (the rows buffer is reused)', async () => {
    const image = (width: number, height: number, shade: number) => {
      const data = Buffer.alloc(width * height * 4, shade);
      for (let i = 3; i < data.length; i += 4) data[i] = 255;
      return { width, height, data };
    };
    const small = image(3, 2, 40);
    const alone = await encodeOpaquePng(small.width, small.height, small.data);
    const large = image(50, 40, 200);
    await encodeOpaquePng(large.width, large.height, large.data);
    const afterLarge = await encodeOpaquePng(small.width, small.height, small.data);
    expect(afterLarge.equals(alone)).toBe(true);
    // Two large images at once: the second must not write into the rows the first is compressing.
    const [a, b] = [image(700, 400, 30), image(700, 400, 220)];
    const [pngA, pngB] = await Promise.all([encodeOpaquePng(a.width, a.height, a.data), encodeOpaquePng(b.width, b.height, b.data)]);
    expect(pngA.equals(await encodeOpaquePng(a.width, a.height, a.data))).toBe(true);
    expect(pngB.equals(await encodeOpaquePng(b.width, b.height, b.data))).toBe(true);
    expect(pngA.equals(pngB)).toBe(false);
    const idat = afterLarge.subarray(8 + 25 + 8, afterLarge.length - 12 - 4);
    expect(inflateSync(idat).equals(Buffer.from([0, ...small.data.subarray(0, 12), 0, ...small.data.subarray(12)]))).toBe(true);
  });

  it('combines two Adler-32 checksums into the checksum of both runs of bytes', () => {
    const adlerOf = (data: Buffer) => deflateSync(data, { level: 0 }).readUInt32BE(deflateSync(data, { level: 0 }).length - 4);
    let seed = 7;
    const bytes = Buffer.from(Array.from({ length: 300_000 }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 16) & 0xff));
    for (const cut of [0, 1, 5551, 5552, 65521, 65522, 150_001, 300_000]) {
      const [first, second] = [bytes.subarray(0, cut), bytes.subarray(cut)];
      expect(combineAdler32(adlerOf(first), adlerOf(second), second.length)).toBe(adlerOf(bytes));
    }
    // All bytes 255: the running sums come closest to the modulus.
    const high = Buffer.alloc(200_000, 255);
    expect(combineAdler32(adlerOf(high.subarray(0, 65_520)), adlerOf(high.subarray(65_520)), 200_000 - 65_520)).toBe(adlerOf(high));
  });
});
