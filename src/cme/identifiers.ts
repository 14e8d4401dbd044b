/**
 * DOI and PubMed identifiers found in a shared link or its text. A DOI makes two different
 * links to one article (doi.org, the journal's page) the same CME point, and lets members
 * find the article whatever their access; a PMID does the same through PubMed.
 *
 * DOIs are case-insensitive (doi.org resolves either case), so they are kept lowercase.
 */
export interface ScholarlyIds {
  readonly doi: string | null;
  readonly pmid: string | null;
}

// Crossref's recommended pattern, widened to the characters actually seen in paths.
const DOI_IN_TEXT = /\b(10\.\d{4,9}\/[^\s"<>?#&]+)/i;
// Page suffixes that publishers append after the DOI in their paths.
const DOI_PATH_SUFFIXES = /\/(full|abstract|abs|pdf|epdf|pdfdirect|fulltext|html|references|figures|summary|meta|suppl|supplemental|citedby|full-text|reader)$/i;
const DOI_FILE_SUFFIXES = /\.(full|abstract|pdf|full\.pdf|html|xml|epub)$/i;
const DOI_PATH_PREFIX = /\/doi\/(?:(?:full|abs|abstract|pdf|epdf|pdfdirect|fulltext|reader|book|figure|suppl)\/)?(10\.\d{4,9}\/.+)$/i;

/** The DOI in a link: doi.org, /doi/… paths, /article(s)/10.… paths, or an id/doi query parameter. */
export function doiFromUrl(link: string): string | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  const path = safeDecode(url.pathname);
  let candidate: string | null = null;
  if (host === 'doi.org' || host === 'dx.doi.org' || host === 'www.doi.org') {
    candidate = path.replace(/^\/+/, '');
  } else {
    candidate = DOI_PATH_PREFIX.exec(path)?.[1] ?? null;
    if (!candidate) {
      // Springer, BMC, Frontiers, bioRxiv: /article/10.1007/…, /articles/10.1186/…, /content/10.1101/…
      const match = /\/(?:article|articles|content|chapter|book|abstract|full)\/(?:pdf\/)?(10\.\d{4,9}\/.+)$/i.exec(path);
      candidate = match?.[1] ?? null;
    }
    if (!candidate) {
      for (const name of ['doi', 'id', 'DOI', 'articleid']) {
        const value = url.searchParams.get(name);
        if (value && /^10\.\d{4,9}\//.test(value.trim())) {
          candidate = value.trim();
          break;
        }
      }
    }
  }
  if (!candidate || !/^10\.\d{4,9}\/\S+/.test(candidate)) return null;
  return cleanDoi(candidate, host);
}

/** The first DOI written in a text ("doi:10.1186/…", "DOI 10.1056/…", or a doi.org link). */
export function doiFromText(text: string): string | null {
  const match = DOI_IN_TEXT.exec(text);
  if (!match?.[1]) return null;
  return cleanDoi(trimTrailing(match[1]), '');
}

/** The PMID in a PubMed or Europe PMC link. */
export function pmidFromUrl(link: string): string | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  const path = url.pathname;
  if (host === 'pubmed.ncbi.nlm.nih.gov') return /^\/(\d{1,9})\/?$/.exec(path)?.[1] ?? null;
  if (host === 'www.ncbi.nlm.nih.gov' || host === 'ncbi.nlm.nih.gov') {
    const fromPath = /^\/pubmed\/(\d{1,9})\/?$/.exec(path)?.[1];
    if (fromPath) return fromPath;
    if (/^\/pubmed\/?$/.test(path)) return /^\d{1,9}$/.exec(url.searchParams.get('term') ?? '')?.[0] ?? null;
    return null;
  }
  if (host === 'europepmc.org' || host === 'www.europepmc.org') {
    return /^\/(?:article|abstract)\/MED\/(\d{1,9})\/?$/i.exec(path)?.[1] ?? null;
  }
  return null;
}

/** "PMID: 12345678", "PMID 12345678", "PubMed ID 12345678". */
export function pmidFromText(text: string): string | null {
  return /\b(?:PMID|PubMed\s*ID)\s*:?\s*(\d{1,9})\b/i.exec(text)?.[1] ?? null;
}

/** Identifiers of a share: the link wins over the surrounding text. */
export function scholarlyIds(link: string | null, text: string): ScholarlyIds {
  const doi = (link ? doiFromUrl(link) : null) ?? doiFromText(text);
  const pmid = (link ? pmidFromUrl(link) : null) ?? pmidFromText(text);
  return { doi, pmid };
}

function cleanDoi(raw: string, host: string): string | null {
  let doi = raw.trim();
  // Strip page suffixes repeatedly: "/10.1002/14651858.CD012345.pub2/full".
  for (let i = 0; i < 3; i++) {
    const before = doi;
    doi = doi.replace(DOI_PATH_SUFFIXES, '').replace(/\/$/, '');
    if (doi === before) break;
  }
  // bioRxiv and medRxiv append a version and a format to the DOI: "…21249124v1.full.pdf".
  if (/^10\.1101\//.test(doi) || host.endsWith('biorxiv.org') || host.endsWith('medrxiv.org')) {
    doi = doi.replace(DOI_FILE_SUFFIXES, '').replace(/v\d+$/, '');
  } else if (/\.pdf$/i.test(doi)) {
    doi = doi.replace(/\.pdf$/i, '');
  }
  doi = trimTrailing(doi);
  return /^10\.\d{4,9}\/\S+$/.test(doi) ? doi.toLowerCase() : null;
}

/** Sentence punctuation after a DOI in text is not part of it; balanced parentheses are. */
function trimTrailing(value: string): string {
  let text = value;
  while (/[.,;:!?»"'’\]]$/.test(text) || (text.endsWith(')') && count(text, '(') < count(text, ')'))) {
    text = text.slice(0, -1);
  }
  return text;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
