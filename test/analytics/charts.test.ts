import { describe, expect, it } from 'vitest';
import { textWidth } from '../../src/analytics/charts/fontMetrics.ts';
import {
  ChartSpecError,
  renderChartPng,
  renderChartSvg,
  type BarsSpec,
  type ChartSpec,
  type GroupedSpec,
  type PanelsSpec,
  type StackedSpec,
} from '../../src/analytics/charts/index.ts';
import { wrap } from '../../src/analytics/charts/theme.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which the PNG format requires to come first. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const N_LABEL = 'n = 989 réponses complètes';

const SPECIALTIES = [
  'Médecine générale', 'Pédiatrie', 'Gynécologie médicale', 'Gynécologie-obstétrique', 'Psychiatrie',
  'Médecine d’urgence', 'Anesthésie-réanimation', 'Cardiologie et maladies vasculaires', 'Dermatologie et vénérologie',
  'Endocrinologie-diabétologie-nutrition', 'Gastro-entérologie et hépatologie', 'Gériatrie', 'Hématologie',
  'Maladies infectieuses et tropicales', 'Médecine interne et immunologie clinique', 'Médecine physique et de réadaptation',
  'Néphrologie', 'Neurologie', 'Oncologie', 'Ophtalmologie', 'Oto-rhino-laryngologie et chirurgie cervico-faciale',
  'Pneumologie', 'Radiologie et imagerie médicale', 'Rhumatologie', 'Autre spécialité',
];

const LONG_STATEMENT =
  'J’ai évité d’adresser mon patient à un confrère spécialiste, ou une hospitalisation, grâce aux réponses apportées par le groupe.';

const bars: BarsSpec = {
  kind: 'bars',
  title: 'Selon vous, quels sont les points forts du groupe ?',
  subtitle: 'Plusieurs réponses possibles',
  n: 989,
  nLabel: N_LABEL,
  orientation: 'horizontal',
  unit: 'count',
  bars: [
    { label: 'Rapidité des réponses', value: 865 },
    { label: 'Diversité des spécialités représentées parmi les membres qui répondent aux questions posées', value: 702 },
    { label: 'Autre', value: 0 },
  ],
};

const panels: PanelsSpec = {
  kind: 'panels',
  title: 'Caractéristiques de la population',
  n: 989,
  nLabel: N_LABEL,
  panels: [
    { title: 'Genre', bars: [{ label: 'Femme', value: 702 }, { label: 'Homme', value: 287 }] },
    { title: 'Spécialité', bars: SPECIALTIES.map((label, i) => ({ label, value: 100 - i * 3 })) },
    { title: 'Exercice en zone sous-dotée', bars: [{ label: 'Oui', value: 377 }, { label: 'Non', value: 612 }] },
  ],
};

const stacked: StackedSpec = {
  kind: 'stacked',
  title: 'Réponses obtenues à vos demandes d’avis médical',
  n: 812,
  nLabel: 'n = 812 participants ayant demandé un avis',
  segments: ['0–4', '5–7', '8–10'],
  rows: [
    { label: 'Les réponses apportées m’ont rassuré(e) dans ma démarche de prise en charge du patient.', values: [22, 127, 663], n: 812 },
    { label: LONG_STATEMENT, values: [388, 215, 204], n: 807 },
  ],
};

const grouped: GroupedSpec = {
  kind: 'grouped',
  title: 'Note ≥ 8 selon la spécialité',
  n: 989,
  nLabel: N_LABEL,
  unit: 'percent',
  groups: ['J’ai enrichi mes connaissances médicales dans plusieurs domaines.', 'Je me sens moins isolé(e).'],
  series: [
    { label: 'Médecins généralistes', values: [79.4, 88.2] },
    { label: 'Autres spécialités', values: [67.1, 81.7] },
  ],
};

const specs: Record<string, ChartSpec> = {
  'bars (horizontal)': bars,
  'bars (vertical, percent)': { ...bars, orientation: 'vertical', unit: 'percent', bars: [{ label: '< 5 ans', value: 41.2 }, { label: '≥ 5 ans', value: 58.8 }] },
  panels,
  stacked,
  grouped,
};

describe('renderChartPng / renderChartSvg', () => {
  for (const [name, spec] of Object.entries(specs)) {
    it(`renders ${name} as a PNG of the requested size, stating n`, async () => {
      // Rasterised at twice the layout size by default, or at the scale asked.
      expect(pngSize(await renderChartPng(spec, { width: 800, height: 600 }))).toEqual({ width: 1600, height: 1200 });
      expect(pngSize(await renderChartPng(spec, { width: 800, height: 600, scale: 1 }))).toEqual({ width: 800, height: 600 });
      expect(renderChartSvg(spec)).toContain(spec.nLabel);
    });
  }

  it('defaults to a 1000 px layout drawn 2000 px wide, with a height that follows the content', async () => {
    const small = pngSize(await renderChartPng({ ...bars, bars: bars.bars.slice(0, 1) }));
    const large = pngSize(await renderChartPng(bars));
    expect(small.width).toBe(2000);
    expect(large.width).toBe(2000);
    expect(large.height).toBeGreaterThan(small.height);
  });

  it('draws every bar of a 25-bar panel, long labels included', async () => {
    const svg = renderChartSvg(panels);
    for (const label of ['Médecine générale', 'Pneumologie', 'Autre spécialité', 'Hématologie']) expect(svg).toContain(label);
    // A long specialty is wrapped, not dropped: its first words are there.
    expect(svg).toContain('Oto-rhino-laryngologie');
    const { width, height } = pngSize(await renderChartPng(panels));
    expect(width).toBe(2000);
    expect(height).toBeGreaterThan(1200);
  });

  it('wraps long French statements and prints each row’s n and the segment shares', () => {
    const svg = renderChartSvg(stacked);
    const firstLine = wrap(LONG_STATEMENT, 420, 13)[0] ?? '';
    // Row labels wrap at 42 % of the default 1000 px width.
    expect(svg).toContain(firstLine);
    expect(svg).toContain('n = 807');
    // One decimal, always ("81,7 %", never "82 %").
    const pct = new Intl.NumberFormat('fr-FR', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    expect(svg).toContain(pct.format(663 / 812));
    expect(renderChartSvg({ ...stacked, show: 'count' })).toContain('>663<');
  });

  it('formats numbers for the spec locale', () => {
    const en = renderChartSvg({ ...grouped, locale: 'en-GB' });
    expect(en).toContain('79.4%');
    const fr = renderChartSvg(grouped);
    expect(fr).toContain(new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 }).format(0.794));
    expect(fr).toContain('Médecins généralistes'); // legend
  });
});

describe('wrap', () => {
  it('keeps every line within the width and loses no word', () => {
    const lines = wrap(LONG_STATEMENT, 200, 13);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(textWidth(line, 13)).toBeLessThanOrEqual(200);
    expect(lines.join(' ')).toBe(LONG_STATEMENT);
  });

  it('never starts a line with French closing punctuation', () => {
    const text = 'Quels sont les points forts du groupe ?';
    for (let w = 60; w < 300; w += 7) {
      for (const line of wrap(text, w, 13)) expect(line.startsWith('?')).toBe(false);
    }
  });

  it('ends a truncated label with an ellipsis within the line limit', () => {
    const lines = wrap(LONG_STATEMENT, 150, 13, { maxLines: 2 });
    expect(lines).toHaveLength(2);
    expect(lines[1]?.endsWith('…')).toBe(true);
    expect(textWidth(lines[1] ?? '', 13)).toBeLessThanOrEqual(150);
  });

  it('breaks a word longer than the line', () => {
    const lines = wrap('Endocrinologie-diabétologie-nutrition', 110, 12);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe('Endocrinologie-diabétologie-nutrition');
  });
});

describe('invalid specs', () => {
  const invalid: [string, unknown, RegExp][] = [
    ['empty bars', { ...bars, bars: [] }, /^bars: must be a non-empty array/],
    ['negative value', { ...bars, bars: [{ label: 'A', value: -1 }] }, /bars\[0\]\.value/],
    ['NaN value', { ...bars, bars: [{ label: 'A', value: Number.NaN }] }, /bars\[0\]\.value/],
    ['fractional count', { ...bars, bars: [{ label: 'A', value: 1.5 }] }, /non-negative integer/],
    ['percent above 100', { ...bars, unit: 'percent', bars: [{ label: 'A', value: 120 }] }, /between 0 and 100/],
    ['duplicate labels', { ...bars, bars: [{ label: 'A', value: 1 }, { label: 'A', value: 2 }] }, /duplicate label "A"/],
    ['missing nLabel', { ...bars, nLabel: ' ' }, /^nLabel:/],
    ['negative n', { ...bars, n: -3 }, /^n:/],
    ['unknown kind', { ...bars, kind: 'pie' }, /unknown chart kind "pie"/],
    ['no panels', { ...panels, panels: [] }, /^panels:/],
    ['panel without bars', { ...panels, panels: [{ title: 'Âge', bars: [] }] }, /panels\[0\]\.bars/],
    ['stacked row with two values', { ...stacked, rows: [{ label: 'A', values: [1, 2], n: 3 }] }, /rows\[0\]\.values: must hold 3 counts/],
    ['stacked row not summing to n', { ...stacked, rows: [{ label: 'A', values: [1, 2, 3], n: 7 }] }, /sum to 6 but n is 7/],
    ['two segment labels', { ...stacked, segments: ['0–4', '5–10'] }, /^segments:/],
    ['series shorter than groups', { ...grouped, series: [{ label: 'MG', values: [50] }] }, /series\[0\]\.values: has 1 values but there are 2 groups/],
    ['Infinity in a series', { ...grouped, series: [{ label: 'MG', values: [50, Infinity] }] }, /series\[0\]\.values\[1\]/],
    ['no series', { ...grouped, series: [] }, /^series:/],
  ];

  for (const [name, spec, message] of invalid) {
    it(`rejects ${name}`, async () => {
      expect(() => renderChartSvg(spec as ChartSpec)).toThrow(ChartSpecError);
      expect(() => renderChartSvg(spec as ChartSpec)).toThrow(message);
      await expect(renderChartPng(spec as ChartSpec)).rejects.toBeInstanceOf(ChartSpecError);
    });
  }

  it('rejects sizes that cannot hold a chart', () => {
    expect(() => renderChartSvg(bars, { width: 50 })).toThrow(/options\.width/);
    expect(() => renderChartSvg(bars, { height: Number.NaN })).toThrow(ChartSpecError);
  });

  it('names the error class and the offending field', () => {
    try {
      renderChartSvg({ ...bars, bars: [{ label: 'A', value: -1 }] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ChartSpecError);
      expect((error as ChartSpecError).name).toBe('ChartSpecError');
      expect((error as ChartSpecError).path).toBe('bars[0].value');
    }
  });
});
