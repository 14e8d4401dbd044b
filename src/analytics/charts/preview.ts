/**
 * Writes one sample PNG (and its SVG) per chart kind, with figures shaped like the study's,
 * so a person can look at the output: `npx tsx src/analytics/charts/preview.ts OUTDIR`.
 * Also prints the render time of each, first (cold) and warm.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderChartPng, renderChartSvg, type ChartSpec } from './index.ts';

const N = 'n = 989 réponses complètes';

export const SAMPLES: Record<string, ChartSpec> = {
  'bars-horizontal': {
    kind: 'bars',
    title: 'Selon vous, quels sont les points forts du groupe ?',
    subtitle: 'Question à choix multiples : plusieurs réponses possibles',
    n: 989,
    nLabel: N,
    orientation: 'horizontal',
    unit: 'count',
    bars: [
      { label: 'Rapidité des réponses', value: 865 },
      { label: 'Accessibilité à tout moment', value: 811 },
      { label: 'Diversité des spécialités représentées parmi les membres qui répondent', value: 702 },
      { label: 'Bienveillance et convivialité des échanges entre confrères', value: 611 },
      { label: 'Partage de recommandations, de fiches pratiques et d’articles récents', value: 590 },
      { label: 'Possibilité de poser une question de manière anonyme', value: 233 },
      { label: 'Autre', value: 12 },
    ],
  },
  'bars-vertical': {
    kind: 'bars',
    title: 'Années d’installation',
    n: 989,
    nLabel: N,
    orientation: 'vertical',
    unit: 'percent',
    bars: [
      { label: 'Moins de 5 ans', value: 41.2 },
      { label: '5 à 10 ans', value: 23.5 },
      { label: '10 à 20 ans', value: 19.9 },
      { label: 'Plus de 20 ans', value: 15.4 },
    ],
  },
  panels: {
    kind: 'panels',
    title: 'Caractéristiques de la population',
    n: 989,
    nLabel: N,
    panels: [
      { title: 'Genre', bars: [{ label: 'Femme', value: 702 }, { label: 'Homme', value: 283 }, { label: 'Autre / ne souhaite pas répondre', value: 4 }] },
      { title: 'Âge', bars: [{ label: '< 30 ans', value: 96 }, { label: '30–39 ans', value: 521 }, { label: '40–49 ans', value: 240 }, { label: '50–59 ans', value: 88 }, { label: '≥ 60 ans', value: 44 }] },
      {
        title: 'Spécialité',
        bars: [
          'Médecine générale', 'Pédiatrie', 'Gynécologie médicale', 'Gynécologie-obstétrique', 'Psychiatrie', 'Médecine d’urgence',
          'Anesthésie-réanimation', 'Cardiologie et maladies vasculaires', 'Dermatologie et vénérologie', 'Endocrinologie-diabétologie-nutrition',
          'Gastro-entérologie et hépatologie', 'Gériatrie', 'Hématologie', 'Maladies infectieuses et tropicales', 'Médecine interne et immunologie clinique',
          'Médecine physique et de réadaptation', 'Néphrologie', 'Neurologie', 'Oncologie', 'Ophtalmologie', 'Oto-rhino-laryngologie et chirurgie cervico-faciale',
          'Pneumologie', 'Radiologie et imagerie médicale', 'Rhumatologie', 'Autre spécialité',
        ].map((label, i) => ({ label, value: i === 0 ? 612 : Math.max(1, 60 - i * 2) })),
      },
      { title: 'Mode d’exercice', bars: [{ label: 'Libéral', value: 640 }, { label: 'Hospitalier', value: 189 }, { label: 'Mixte', value: 160 }] },
      { title: 'Lieu d’exercice', bars: [{ label: 'Urbain', value: 520 }, { label: 'Semi-rural', value: 301 }, { label: 'Rural', value: 168 }] },
      { title: 'Exercice en zone sous-dotée (désert médical)', bars: [{ label: 'Oui', value: 377 }, { label: 'Non', value: 512 }, { label: 'Ne sait pas', value: 100 }] },
      { title: 'Fréquence de consultation du groupe', bars: [{ label: 'Plusieurs fois par jour', value: 402 }, { label: 'Une fois par jour', value: 298 }, { label: 'Une fois par semaine', value: 201 }, { label: 'Moins souvent', value: 88 }] },
    ],
  },
  stacked: {
    kind: 'stacked',
    title: 'Réponses obtenues à vos demandes d’avis médical',
    subtitle: 'Note de 0 (pas du tout d’accord) à 10 (tout à fait d’accord)',
    n: 812,
    nLabel: 'n = 812 participants ayant déjà demandé un avis',
    segments: ['0–4', '5–7', '8–10'],
    rows: [
      { label: 'Les réponses apportées m’ont rassuré(e) dans ma démarche de prise en charge du patient.', values: [22, 127, 663], n: 812 },
      { label: 'Demander des avis sur le groupe me fait me sentir moins isolé(e) dans ma pratique médicale.', values: [30, 86, 696], n: 812 },
      { label: 'Les réponses obtenues ont modifié ma prise en charge.', values: [101, 320, 390], n: 811 },
      { label: 'Les réponses étaient contradictoires entre elles.', values: [402, 310, 98], n: 810 },
      { label: 'J’ai évité d’adresser mon patient à un confrère spécialiste, ou une hospitalisation, grâce aux réponses apportées par le groupe.', values: [388, 215, 204], n: 807 },
    ],
  },
  grouped: {
    kind: 'grouped',
    title: 'Note ≥ 8 selon la spécialité',
    n: 989,
    nLabel: N,
    unit: 'percent',
    groups: [
      'J’ai enrichi mes connaissances médicales dans plusieurs domaines.',
      'J’ai accès à des documents (recommandations, synthèses, fiches pratiques…) auxquels je n’aurais pas eu accès sans le groupe.',
      'Je me sens moins isolé(e) dans ma pratique.',
    ],
    series: [
      { label: 'Médecins généralistes (n = 612)', values: [79.4, 60.1, 88.2] },
      { label: 'Autres spécialités (n = 377)', values: [67.1, 45.9, 81.7] },
    ],
  },
};

async function main(): Promise<void> {
  const outDir = process.argv[2];
  if (outDir === undefined) {
    console.error('usage: npx tsx src/analytics/charts/preview.ts OUTDIR');
    process.exitCode = 2;
    return;
  }
  mkdirSync(outDir, { recursive: true });
  for (const [name, spec] of Object.entries(SAMPLES)) {
    const times: number[] = [];
    let png: Buffer = Buffer.alloc(0);
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      png = await renderChartPng(spec);
      times.push(performance.now() - t0);
    }
    writeFileSync(join(outDir, `${name}.png`), png);
    writeFileSync(join(outDir, `${name}.svg`), renderChartSvg(spec));
    const warm = [...times.slice(1)].sort((a, b) => a - b);
    const median = warm[Math.floor(warm.length / 2)] ?? 0;
    console.log(`${name}.png  ${(png.length / 1024).toFixed(0)} KiB  first ${times[0]?.toFixed(0)} ms, warm median ${median.toFixed(0)} ms`);
  }
}

// Run only when executed, so tests may import SAMPLES.
if (import.meta.url === `file://${process.argv[1]}`) await main();
