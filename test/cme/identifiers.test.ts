import { describe, expect, it } from 'vitest';
import { doiFromText, doiFromUrl, pmidFromText, pmidFromUrl, scholarlyIds } from '../../src/cme/identifiers.ts';

describe('DOI in links', () => {
  it.each([
    ['https://doi.org/10.1186/s12909-024-05149-z', '10.1186/s12909-024-05149-z'],
    ['https://dx.doi.org/10.1016%2FS0140-6736(20)30183-5', '10.1016/s0140-6736(20)30183-5'],
    ['https://www.nejm.org/doi/full/10.1056/NEJMoa2034577?query=featured_home', '10.1056/nejmoa2034577'],
    ['https://www.ahajournals.org/doi/10.1161/CIR.0000000000001063', '10.1161/cir.0000000000001063'],
    ['https://onlinelibrary.wiley.com/doi/epdf/10.1111/dom.14300', '10.1111/dom.14300'],
    ['https://www.tandfonline.com/doi/abs/10.1080/0142159X.2020.1779919', '10.1080/0142159x.2020.1779919'],
    ['https://www.cochranelibrary.com/cdsr/doi/10.1002/14651858.CD013652.pub2/full', '10.1002/14651858.cd013652.pub2'],
    ['https://link.springer.com/article/10.1007/s00125-021-05480-2', '10.1007/s00125-021-05480-2'],
    ['https://link.springer.com/content/pdf/10.1007/s00125-021-05480-2.pdf', '10.1007/s00125-021-05480-2'],
    ['https://bmcmededuc.biomedcentral.com/articles/10.1186/s12909-024-05149-z', '10.1186/s12909-024-05149-z'],
    ['https://www.frontiersin.org/articles/10.3389/fmed.2021.617486/full', '10.3389/fmed.2021.617486'],
    ['https://www.medrxiv.org/content/10.1101/2020.12.24.20248802v2.full.pdf', '10.1101/2020.12.24.20248802'],
    ['https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0250000', '10.1371/journal.pone.0250000'],
  ])('%s', (link, doi) => {
    expect(doiFromUrl(link)).toBe(doi);
  });

  it('finds none where the publisher uses its own ids', () => {
    expect(doiFromUrl('https://www.thelancet.com/journals/lancet/article/PIIS0140-6736(20)30183-5/fulltext')).toBeNull();
    expect(doiFromUrl('https://www.has-sante.fr/jcms/p_3301556/fr/hta')).toBeNull();
    expect(doiFromUrl('https://jamanetwork.com/journals/jama/fullarticle/2780000')).toBeNull();
  });
});

describe('DOI in text', () => {
  it('trims sentence punctuation and keeps balanced parentheses', () => {
    expect(doiFromText('Voir doi:10.1186/s12909-024-05149-z.')).toBe('10.1186/s12909-024-05149-z');
    expect(doiFromText('(DOI: 10.1016/S0140-6736(20)30183-5)')).toBe('10.1016/s0140-6736(20)30183-5');
    expect(doiFromText('Article https://doi.org/10.1056/NEJMoa2034577, à lire')).toBe('10.1056/nejmoa2034577');
  });

  it('does not take doses for DOIs', () => {
    expect(doiFromText('10.5 mg/kg deux fois par jour')).toBeNull();
  });
});

describe('PMID', () => {
  it.each([
    ['https://pubmed.ncbi.nlm.nih.gov/33301246/', '33301246'],
    ['https://pubmed.ncbi.nlm.nih.gov/33301246', '33301246'],
    ['https://www.ncbi.nlm.nih.gov/pubmed/12345678', '12345678'],
    ['https://www.ncbi.nlm.nih.gov/pubmed/?term=12345678', '12345678'],
    ['https://europepmc.org/article/MED/34567890', '34567890'],
    ['https://europepmc.org/abstract/MED/34567890', '34567890'],
  ])('%s', (link, pmid) => {
    expect(pmidFromUrl(link)).toBe(pmid);
  });

  it('in text', () => {
    expect(pmidFromText('PMID: 33301246')).toBe('33301246');
    expect(pmidFromText('pmid 33301246 et DOI')).toBe('33301246');
    expect(pmidFromText('PubMed ID 1234567')).toBe('1234567');
    expect(pmidFromText('https://pubmed.ncbi.nlm.nih.gov/search?term=diabetes')).toBeNull();
    expect(pmidFromUrl('https://pubmed.ncbi.nlm.nih.gov/?term=diabetes')).toBeNull();
  });

  it('prefers the link, then the text around it', () => {
    expect(scholarlyIds('https://pubmed.ncbi.nlm.nih.gov/33301246/', 'doi:10.1056/NEJMoa2034577')).toEqual({
      doi: '10.1056/nejmoa2034577',
      pmid: '33301246',
    });
    expect(scholarlyIds(null, 'rien')).toEqual({ doi: null, pmid: null });
  });
});
