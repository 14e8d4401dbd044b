import { describe, expect, it } from 'vitest';
import { capturePoint, referenceKeys } from '../../src/cme/capture.ts';
import { collectTags, findTopic, topicsOf, CME_TOPICS } from '../../src/cme/topics.ts';
import { socialNetworkCme2022 } from '../../src/survey/instruments/social-network-cme-2022.ts';

function captured(input: Parameters<typeof capturePoint>[0]) {
  const result = capturePoint(input);
  if (!result.ok) throw new Error(`expected a point, got ${JSON.stringify(result.error)}`);
  return result.value;
}

describe('topics', () => {
  it('are the questionnaire specialty list (q3), all 25 of them', () => {
    const q3 = socialNetworkCme2022.items.find((item) => item.code === 'q3');
    expect(CME_TOPICS.map((topic) => topic.code)).toEqual(q3?.choices?.map((choice) => choice.code));
    expect(CME_TOPICS).toHaveLength(25);
    expect(topicsOf({ items: [] })).toEqual([]);
  });

  it.each([
    ['cardiology', 'cardiology'],
    ['Cardiologie', 'cardiology'],
    ['#cardio', 'cardiology'],
    ['médecine générale', 'gp'],
    ['MG', 'gp'],
    ['Médecine d’urgence', 'emergency'],
    ['urgences', 'emergency'],
    ['pédiatrie', 'pediatrics'],
    ['Paediatrics', 'pediatrics'],
    ['dermato', 'dermatology'],
    ['ORL', 'ent'],
  ])('%s → %s', (input, code) => {
    expect(findTopic(input)?.code).toBe(code);
  });

  it('refuses ambiguous or unknown names', () => {
    expect(findTopic('médecine')).toBeNull(); // générale, interne, d’urgence, du travail
    expect(findTopic('astrologie')).toBeNull();
  });

  it('turns hashtags into a topic or free tags', () => {
    expect(collectTags('reco, HAS 2024', 'Fiche #pneumo #asthme')).toEqual({
      ok: true,
      value: { tags: ['reco', 'has', '2024', 'asthme'], topicFromTags: CME_TOPICS.find((t) => t.code === 'pulmonology') },
    });
    expect(collectTags('a,b,c,d,e,f,g,h,i', '')).toEqual({ ok: false, error: { code: 'cme.too_many_tags', max: 8 } });
  });
});

describe('capture', () => {
  it('normalises a Telegram "/cme <url> <title>" with hashtags', () => {
    const point = captured({ url: 'https://www.has-sante.fr/jcms/p_3301556/fr/hta?xtor=RSS-1 Prise en charge de l’HTA #cardio #reco' });
    expect(point).toMatchObject({
      key: 'url:https://www.has-sante.fr/jcms/p_3301556/fr/hta',
      url: 'https://www.has-sante.fr/jcms/p_3301556/fr/hta',
      title: 'Prise en charge de l’HTA',
      topic: 'cardiology',
      tags: ['reco'],
      doi: null,
      pmid: null,
      creditName: null,
    });
  });

  it('keys an article by DOI, whatever the link', () => {
    const viaDoi = captured({ url: 'https://doi.org/10.1056/NEJMoa2034577' });
    const viaJournal = captured({ url: 'https://www.nejm.org/doi/full/10.1056/NEJMoa2034577?utm_source=x' });
    expect(viaDoi.key).toBe('doi:10.1056/nejmoa2034577');
    expect(viaJournal.key).toBe(viaDoi.key);
    expect(captured({ url: 'https://pubmed.ncbi.nlm.nih.gov/33301246/' }).key).toBe('pmid:33301246');
  });

  it('takes a bare DOI as a doi.org link', () => {
    expect(captured({ url: '10.1186/s12909-024-05149-z Social networks and CME' })).toMatchObject({
      url: 'https://doi.org/10.1186/s12909-024-05149-z',
      title: 'Social networks and CME',
      key: 'doi:10.1186/s12909-024-05149-z',
    });
  });

  it('reads a referenced message: link, identifiers and first meaningful line as the title', () => {
    const point = captured({
      referenced: {
        text: 'Nouvelle reco ESC insuffisance cardiaque\nhttps://academic.oup.com/eurheartj/article/42/36/3599/6358045?login=false\nPMID: 34447992',
        link: 'https://t.me/c/1234567890/42',
      },
    });
    expect(point).toMatchObject({
      url: 'https://academic.oup.com/eurheartj/article/42/36/3599/6358045?login=false',
      title: 'Nouvelle reco ESC insuffisance cardiaque',
      pmid: '34447992',
      key: 'pmid:34447992',
      messageLink: 'https://t.me/c/1234567890/42',
    });
  });

  it('references a document by its platform file id, never its content', () => {
    const point = captured({ referenced: { file: { id: 'BQACAgQAAxkBAAIBd2', name: 'fiche-asthme-HAS.pdf' }, link: 'https://t.me/c/1/7' } });
    expect(point).toMatchObject({ key: 'file:BQACAgQAAxkBAAIBd2', url: null, fileId: 'BQACAgQAAxkBAAIBd2', fileName: 'fiche-asthme-HAS.pdf', title: 'fiche-asthme-HAS.pdf' });
  });

  it('treats words typed in a reply as the title of the referenced link', () => {
    const point = captured({ url: 'À lire absolument', referenced: { text: 'https://www.has-sante.fr/x' } });
    expect(point).toMatchObject({ url: 'https://www.has-sante.fr/x', title: 'À lire absolument' });
  });

  it('credits only a typed name, and only when asked', () => {
    expect(captured({ url: 'https://a.fr/x' }).creditName).toBeNull();
    expect(captured({ url: 'https://a.fr/x', credit: '  Dr   Martin ' }).creditName).toBe('Dr Martin');
    expect(captured({ url: 'https://a.fr/x', credit: 'non' }).creditName).toBeNull();
    for (const refused of ['<@812345678901234567>', '@drmartin', '812345678901234567', 'https://me.example', 'x'.repeat(61)]) {
      expect(capturePoint({ url: 'https://a.fr/x', credit: refused })).toEqual({ ok: false, error: { code: 'cme.credit_invalid' } });
    }
  });

  it('refuses bad input with a stable code', () => {
    expect(capturePoint({})).toEqual({ ok: false, error: { code: 'cme.nothing_to_share' } });
    expect(capturePoint({ referenced: { text: 'pas de lien ici' } })).toEqual({ ok: false, error: { code: 'cme.nothing_to_share' } });
    expect(capturePoint({ url: 'www.has-sante.fr' })).toEqual({ ok: false, error: { code: 'cme.bad_url', value: 'www.has-sante.fr' } });
    expect(capturePoint({ url: 'https://a.fr/x', topic: 'astrologie' })).toEqual({ ok: false, error: { code: 'cme.topic_unknown', value: 'astrologie' } });
    expect(capturePoint({ url: 'https://a.fr/x', title: 'x'.repeat(201) })).toEqual({ ok: false, error: { code: 'cme.title_too_long', max: 200 } });
  });

  it('finds the point a reaction refers to from any form of its link', () => {
    expect(referenceKeys('👍 https://www.HAS-sante.fr/x?utm_source=y')).toEqual(['url:https://www.has-sante.fr/x']);
    expect(referenceKeys('https://www.nejm.org/doi/full/10.1056/NEJMoa2034577')).toEqual([
      'doi:10.1056/nejmoa2034577',
      'url:https://www.nejm.org/doi/full/10.1056/NEJMoa2034577',
    ]);
    expect(referenceKeys('BQACAgQAAxkBAAIBd2')).toEqual(['file:BQACAgQAAxkBAAIBd2']);
  });
});
