import { describe, expect, it } from 'vitest';
import { buildDigest, renderDigest } from '../../src/cme/digest.ts';
import type { CmePointRecord } from '../../src/cme/ports.ts';
import { paginate, TEXT_LIMITS } from '../../src/cme/split.ts';
import { splitText } from '../../src/shared/split-text.ts';

const FROM = new Date('2026-03-23T07:00:00Z');
const TO = new Date('2026-03-30T06:00:00Z');
let sequence = 0;

function point(overrides: Partial<CmePointRecord>): CmePointRecord {
  sequence++;
  return {
    id: `p${sequence}`,
    communityId: 'c1',
    key: `url:https://example.org/${sequence}`,
    url: `https://example.org/${sequence}`,
    doi: null,
    pmid: null,
    fileId: null,
    fileName: null,
    messageLink: null,
    title: `Point ${sequence}`,
    topic: null,
    tags: [],
    creditName: null,
    shares: 1,
    reactions: 0,
    firstSharedAt: new Date(FROM.getTime() + sequence * 60_000),
    lastSharedAt: new Date(FROM.getTime() + sequence * 60_000),
    ...overrides,
  };
}

describe('digest content', () => {
  const hta = point({ title: 'HTA : recommandations HAS 2024', url: 'https://www.has-sante.fr/jcms/p_3301556/fr/hta', topic: 'cardiology', shares: 3, reactions: 2 });
  const ic = point({ title: 'ESC 2021 insuffisance cardiaque', topic: 'cardiology', shares: 2, doi: '10.1093/eurheartj/ehab368', pmid: '34447992' });
  const asthme = point({ title: 'Fiche asthme', topic: 'pulmonology', shares: 1, tags: ['fiche', 'has'], creditName: 'Dr Martin' });
  const vaccins = point({ title: 'Calendrier vaccinal 2026', topic: 'gp', shares: 4 });
  const orphan = point({ title: 'Outil de calcul du DFG', topic: null, shares: 9 });
  const file = point({ key: 'file:BQAC', url: null, fileId: 'BQAC', fileName: 'protocole.pdf', title: null, messageLink: 'https://t.me/c/1/7', topic: 'gp' });
  const digest = buildDigest([asthme, file, orphan, ic, vaccins, hta], FROM, TO);

  it('groups by topic, topics by total endorsements, untopical last', () => {
    expect(digest.sections.map((s) => [s.topic, s.score])).toEqual([
      ['cardiology', 7],
      ['gp', 5],
      ['pulmonology', 1],
      [null, 9],
    ]);
    expect(digest.total).toBe(6);
  });

  it('ranks points by endorsements (re-shares plus reactions), then by first share', () => {
    expect(digest.sections[0]?.points.map((p) => p.title)).toEqual(['HTA : recommandations HAS 2024', 'ESC 2021 insuffisance cardiaque']);
    expect(digest.sections[1]?.points.map((p) => p.title ?? p.fileName)).toEqual(['Calendrier vaccinal 2026', 'protocole.pdf']);
  });

  it('renders title, link, DOI, PMID, tags and credit, in French', () => {
    const [text = ''] = renderDigest(digest, { language: 'fr', timeZone: 'Europe/Paris', limit: TEXT_LIMITS.telegram });
    expect(text).toContain('📚 Points FMC partagés du 23 mars 2026 au 30 mars 2026 (6)');
    expect(text).toContain('■ Cardiologie\n1. HTA : recommandations HAS 2024 — 5 recommandations\n   https://www.has-sante.fr/jcms/p_3301556/fr/hta');
    expect(text).toContain('DOI 10.1093/eurheartj/ehab368 · PMID 34447992');
    expect(text).toContain('#fiche #has · partagé par Dr Martin');
    expect(text).toContain('📄 protocole.pdf\n   https://t.me/c/1/7');
    expect(text.indexOf('■ Autres sujets')).toBeGreaterThan(text.indexOf('■ Pneumologie'));
    // Numbering runs through the whole digest.
    expect(text).toContain('6. Outil de calcul du DFG — 9 recommandations');
  });

  it('renders in English, and an empty period as a short note', () => {
    const [text = ''] = renderDigest(digest, { language: 'en', timeZone: 'Europe/Paris', limit: 4096 });
    expect(text).toContain('📚 CME points shared from 23 March 2026 to 30 March 2026 (6)');
    expect(text).toContain('■ Other topics');
    expect(renderDigest(buildDigest([], FROM, TO), { language: 'fr', timeZone: 'Europe/Paris', limit: 2000 })).toEqual([
      '📚 Points FMC partagés du 23 mars 2026 au 30 mars 2026 (0)\nAucun point FMC partagé sur la période. Partagez une recommandation, un article ou une fiche avec /cme.',
    ]);
  });
});

describe('splitting at each platform limit', () => {
  const topics = ['cardiology', 'gp', 'pulmonology', 'pediatrics', null];
  const many = Array.from({ length: 120 }, (_, i) =>
    point({
      title: `Recommandation n° ${i} — ${'prise en charge détaillée '.repeat(5)}`.slice(0, 190),
      url: `https://www.has-sante.fr/jcms/p_${3_000_000 + i}/fr/recommandation-de-bonne-pratique-${i}`,
      topic: topics[i % topics.length] ?? null,
      doi: i % 3 === 0 ? `10.1186/s12909-024-${String(i).padStart(5, '0')}-z` : null,
      shares: 1 + (i % 4),
    }),
  );
  const digest = buildDigest(many, FROM, TO);

  it.each([
    ['discord', TEXT_LIMITS.discord],
    ['telegram', TEXT_LIMITS.telegram],
  ] as const)('%s: every message within %i characters, every point once and whole', (_platform, limit) => {
    const parts = renderDigest(digest, { language: 'fr', timeZone: 'Europe/Paris', limit });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(limit);
    const all = parts.join('\n');
    for (const p of many) {
      expect(all.split(p.url ?? '').length - 1).toBe(1);
      // An entry (title line and link) never straddles two messages.
      expect(parts.some((part) => part.includes(`${p.title}`) && part.includes(p.url ?? ''))).toBe(true);
    }
    // A topic that continues on the next message says so.
    expect(parts.slice(1).every((part) => /^■ .+ \(suite\)|^■ /.test(part))).toBe(true);
    expect(all).toContain('(suite)');
  });

  it('uses fewer messages on Telegram than on Discord', () => {
    const discord = renderDigest(digest, { language: 'fr', timeZone: 'Europe/Paris', limit: TEXT_LIMITS.discord }).length;
    const telegram = renderDigest(digest, { language: 'fr', timeZone: 'Europe/Paris', limit: TEXT_LIMITS.telegram }).length;
    expect(telegram).toBeLessThan(discord);
    expect(discord).toBeLessThanOrEqual(Math.ceil((digest.total * 330) / TEXT_LIMITS.discord) + 2);
  });
});

describe('splitText', () => {
  it('prefers paragraph, then line, then word boundaries', () => {
    expect(splitText('aaaa\n\nbbbb\ncccc', 10)).toEqual(['aaaa', 'bbbb\ncccc']);
    expect(splitText('aaaa bbbb cccc', 10)).toEqual(['aaaa bbbb', 'cccc']);
    expect(splitText('short', 10)).toEqual(['short']);
  });

  it('cuts a word longer than the limit, never inside a surrogate pair', () => {
    const parts = splitText(`${'x'.repeat(9)}😀${'y'.repeat(5)}`, 10);
    expect(parts).toEqual(['x'.repeat(9), `😀${'y'.repeat(5)}`]);
    for (const part of splitText('😀'.repeat(50), 7)) expect(part.length).toBeLessThanOrEqual(7);
    expect(splitText('😀'.repeat(50), 7).join('')).toBe('😀'.repeat(50));
  });

  it('keeps every character but the separators it cut at', () => {
    const text = Array.from({ length: 300 }, (_, i) => `ligne ${i} ${'mot '.repeat(i % 17)}`).join('\n');
    for (const limit of [TEXT_LIMITS.discord, TEXT_LIMITS.telegram, 97]) {
      const parts = splitText(text, limit);
      for (const part of parts) expect(part.length).toBeLessThanOrEqual(limit);
      expect(parts.join(' ').replace(/\s+/g, ' ').trim()).toBe(text.replace(/\s+/g, ' ').trim());
    }
  });

  it('paginates an entry longer than a message by cutting it', () => {
    const pages = paginate('Intro', [{ heading: '■ A', continued: '■ A (suite)', entries: ['e'.repeat(25), 'short'] }], 12);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(12);
    expect(pages.join('')).toContain('short');
  });
});
