import { describe, expect, it } from 'vitest';
import { canonicalUrl, findFirstUrl, isTrackingParameter } from '../../src/cme/canonical-url.ts';

function canonical(input: string): string {
  const result = canonicalUrl(input);
  if (!result.ok) throw new Error(`expected a URL, got ${JSON.stringify(result.error)}`);
  return result.value;
}

describe('canonical URLs of real-world shares', () => {
  it.each([
    // HAS pages carry AT Internet (xtor) and utm parameters, and anchors.
    [
      'https://www.has-sante.fr/jcms/p_3301556/fr/prise-en-charge-de-l-hta?xtor=RSS-1&utm_source=twitter#section2',
      'https://www.has-sante.fr/jcms/p_3301556/fr/prise-en-charge-de-l-hta',
    ],
    // Scheme and host lowercased; the journal's own parameter kept; fbclid dropped.
    [
      'HTTPS://WWW.NEJM.ORG/doi/full/10.1056/NEJMoa2034577?query=featured_home&utm_campaign=x&fbclid=IwAR0abcDEF',
      'https://www.nejm.org/doi/full/10.1056/NEJMoa2034577?query=featured_home',
    ],
    ['https://pubmed.ncbi.nlm.nih.gov/33301246/?utm_source=Firefox&utm_medium=rss', 'https://pubmed.ncbi.nlm.nih.gov/33301246/'],
    ['https://bmcmededuc.biomedcentral.com/articles/10.1186/s12909-024-05149-z?utm_source=researchgate', 'https://bmcmededuc.biomedcentral.com/articles/10.1186/s12909-024-05149-z'],
    ['https://www.vidal.fr/actualites/30221.html?cmpid=nl&at_medium=email&at_campaign=hebdo', 'https://www.vidal.fr/actualites/30221.html'],
    ['https://www.mdpi.com/2077-0383/10/5/1000?mc_cid=abc123&mc_eid=def456', 'https://www.mdpi.com/2077-0383/10/5/1000'],
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ&gclid=Cj0KCQ', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    // Facebook's outgoing-link wrapper, itself holding a tracked link.
    [
      'https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.has-sante.fr%2Fjcms%2Fp_3301556%2Ffr%2Fhta%3Ffbclid%3DIwAR123&h=AT0abc',
      'https://www.has-sante.fr/jcms/p_3301556/fr/hta',
    ],
    [
      'https://www.google.com/url?sa=t&rct=j&q=&esrc=s&source=web&url=https%3A%2F%2Fwww.has-sante.fr%2Fupload%2Fdocs%2Fapplication%2Fpdf%2F2021-03%2Ffiche.pdf&usg=AOvVaw',
      'https://www.has-sante.fr/upload/docs/application/pdf/2021-03/fiche.pdf',
    ],
    [
      'https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.ameli.fr%2Fmedecin%2Fexercice-liberal&data=05%7C01&sdata=abc&reserved=0',
      'https://www.ameli.fr/medecin/exercice-liberal',
    ],
    // Parameters the site needs stay, as written (no re-encoding of "/"), sorted.
    ['https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0250000', 'https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0250000'],
    ['https://site.fr/recherche?b=2&a=1&utm_term=x', 'https://site.fr/recherche?a=1&b=2'],
    // Pasted in chats: angle brackets, sentence punctuation; default port and credentials dropped.
    ['<https://www.has-sante.fr/x>.', 'https://www.has-sante.fr/x'],
    ['https://user:secret@Example.ORG:443/a?b=1', 'https://example.org/a?b=1'],
    ['https://fr.wikipedia.org/wiki/Hypertension_(m%C3%A9decine))', 'https://fr.wikipedia.org/wiki/Hypertension_(m%C3%A9decine)'],
  ])('%s', (input, expected) => {
    expect(canonical(input)).toBe(expected);
  });

  it('gives one form to two shares of the same page', () => {
    expect(canonical('https://www.HAS-sante.fr/jcms/p_1?xtor=EPR-3#top')).toBe(canonical('https://www.has-sante.fr/jcms/p_1'));
  });

  it('refuses what is not an http(s) link, with the value', () => {
    expect(canonicalUrl('ftp://files.example.org/guide.pdf')).toEqual({ ok: false, error: { code: 'cme.bad_url', value: 'ftp://files.example.org/guide.pdf' } });
    expect(canonicalUrl('javascript:alert(1)').ok).toBe(false);
    expect(canonicalUrl('not a link').ok).toBe(false);
    expect(canonicalUrl(`https://example.org/${'a'.repeat(1600)}`)).toEqual({ ok: false, error: { code: 'cme.url_too_long', max: 1500 } });
  });

  it('knows tracking parameters by name and family', () => {
    expect(['utm_source', 'UTM_Medium', 'fbclid', 'xtor', 'at_medium', 'mc_eid', '_hsenc'].every(isTrackingParameter)).toBe(true);
    expect(['id', 'v', 'q', 'page', 'doi', 'term'].some(isTrackingParameter)).toBe(false);
  });

  it('finds the first link of a message', () => {
    expect(findFirstUrl('Reco HAS (https://www.has-sante.fr/x?y=1), à lire')).toBe('https://www.has-sante.fr/x?y=1');
    expect(findFirstUrl('rien ici')).toBeNull();
  });
});
