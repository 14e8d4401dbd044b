/**
 * Turns what a member shared (a link with a title, or a message they point at holding a link
 * or a document) into a normalised CME point, before anything is stored. Pure: the store
 * decides whether it is new or an endorsement of an existing point with the same key.
 */
import { err, ok, type Result } from '../shared/result.ts';
import { canonicalUrl, findFirstUrl } from './canonical-url.ts';
import type { CmeError } from './errors.ts';
import { doiFromText, pmidFromText, scholarlyIds } from './identifiers.ts';
import { collectTags, CME_TOPICS, resolveTopic, type Topic } from './topics.ts';

export const MAX_TITLE_LENGTH = 200;
export const MAX_CREDIT_LENGTH = 60;

export interface ShareInput {
  /** A link, or a text holding one (Telegram "/cme <url> <title>"). */
  readonly url?: string | undefined;
  readonly title?: string | undefined;
  readonly topic?: string | undefined;
  readonly tags?: string | undefined;
  /** The name the member wants to be credited with; absent or empty: not credited. */
  readonly credit?: string | undefined;
  /** The message pointed at (Telegram reply, Discord context menu). */
  readonly referenced?: {
    readonly text?: string | undefined;
    readonly file?: { readonly id: string; readonly name?: string | undefined } | undefined;
    readonly link?: string | undefined;
  };
}

export interface CapturedPoint {
  /** What makes two shares one point: "doi:…", "pmid:…", "url:…" or "file:…". */
  readonly key: string;
  readonly url: string | null;
  readonly doi: string | null;
  readonly pmid: string | null;
  readonly fileId: string | null;
  readonly fileName: string | null;
  /** A link to the message holding the document, when the platform gives one. */
  readonly messageLink: string | null;
  readonly title: string | null;
  readonly topic: string | null;
  readonly tags: readonly string[];
  readonly creditName: string | null;
}

export function capturePoint(input: ShareInput, topics: readonly Topic[] = CME_TOPICS): Result<CapturedPoint, CmeError> {
  const referencedText = input.referenced?.text ?? '';
  const typed = input.url?.trim() ?? '';
  const pointsAtSomething = (text: string) => Boolean(findFirstUrl(text) || doiFromText(text) || pmidFromText(text));
  // "/cme Great guide" in reply to a message: the words are a title, the link is in the message.
  if (typed && input.referenced && !pointsAtSomething(typed)) {
    return capturePoint({ ...input, url: undefined, title: [typed, input.title ?? ''].join(' ').trim() }, topics);
  }
  // "/cme Great article 10.1056/…", "/cme PMID 38389062": the first word took the url option,
  // the identifier is further on.
  if (typed && !input.referenced && !pointsAtSomething(typed) && input.title && pointsAtSomething(`${typed} ${input.title}`)) {
    return capturePoint({ ...input, url: `${typed} ${input.title}`, title: undefined }, topics);
  }
  const given = typed;
  // The url option may hold "<url> <title words>" (Telegram's /cme <url> [title]).
  const rawUrl = (given ? findFirstUrl(given) : null) ?? findFirstUrl(referencedText);
  if (given && !pointsAtSomething(given)) return err({ code: 'cme.bad_url', value: given.slice(0, 80) });
  let url: string | null = null;
  if (rawUrl) {
    const canonical = canonicalUrl(rawUrl);
    if (!canonical.ok) return canonical;
    url = canonical.value;
  }
  const written =
    rawUrl && given.includes(rawUrl)
      ? rawUrl
      : rawUrl
        ? null
        : (/(?:doi:\s*)?10\.\d{4,9}\/\S+/i.exec(given)?.[0] ?? /\b(?:PMID|PubMed\s*ID)\s*:?\s*\d{1,9}\b/i.exec(given)?.[0] ?? null);
  const restOfUrlOption = written ? given.replace(written, '').trim() : '';
  const allText = [given, input.title ?? '', referencedText].join('\n');
  const ids = scholarlyIds(url, allText);
  // A bare DOI ("/cme 10.1186/s12909-024-05149-z") or PMID ("/cme pmid:38389062") is a link too.
  if (!url && ids.doi && given) url = `https://doi.org/${ids.doi}`;
  else if (!url && ids.pmid && given) url = `https://pubmed.ncbi.nlm.nih.gov/${ids.pmid}/`;
  const file = input.referenced?.file;
  if (!url && !file) return err({ code: 'cme.nothing_to_share' });

  const titleSource = input.title?.trim() || restOfUrlOption || titleFromText(referencedText, rawUrl) || file?.name?.trim() || '';
  // Hashtags become the topic or tags; the title keeps the words.
  const title = collapse(titleSource.replace(/(?:^|\s)#[\p{L}\p{N}_-]{2,}/gu, ' '));
  if (title.length > MAX_TITLE_LENGTH && input.title !== undefined && input.title.trim() !== '') {
    return err({ code: 'cme.title_too_long', max: MAX_TITLE_LENGTH });
  }
  const topic = resolveTopic(input.topic, topics);
  if (!topic.ok) return topic;
  const tagged = collectTags(input.tags, `${input.title ?? ''} ${restOfUrlOption} ${referencedText}`, topics);
  if (!tagged.ok) return tagged;
  const credit = creditName(input.credit);
  if (!credit.ok) return credit;

  const key = ids.doi ? `doi:${ids.doi}` : ids.pmid ? `pmid:${ids.pmid}` : url ? `url:${url}` : `file:${file?.id ?? ''}`;
  return ok({
    key,
    url,
    doi: ids.doi,
    pmid: ids.pmid,
    fileId: url ? null : (file?.id ?? null),
    fileName: url ? null : (file?.name?.trim() || null),
    messageLink: input.referenced?.link ?? null,
    title: title === '' ? null : truncate(title, MAX_TITLE_LENGTH),
    topic: (topic.value ?? tagged.value.topicFromTags)?.code ?? null,
    tags: tagged.value.tags,
    creditName: credit.value,
  });
}

/**
 * The key an endorsement refers to (a link, a DOI, a PMID or a platform file id), computed as
 * at capture, so an adapter can pass whatever the reacted message shows.
 */
export function referenceKeys(reference: string): string[] {
  const keys: string[] = [];
  const rawUrl = findFirstUrl(reference);
  const canonical = rawUrl ? canonicalUrl(rawUrl) : null;
  const url = canonical?.ok ? canonical.value : null;
  const ids = scholarlyIds(url, reference);
  if (ids.doi) keys.push(`doi:${ids.doi}`);
  if (ids.pmid) keys.push(`pmid:${ids.pmid}`);
  if (url) keys.push(`url:${url}`);
  if (!rawUrl && reference.trim() !== '') keys.push(`file:${reference.trim()}`);
  return keys;
}

/**
 * Only a name the member typed is stored, never a platform id or handle: a mention
 * (<@123>), an @username or a bare number is refused.
 */
function creditName(input: string | undefined): Result<string | null, CmeError> {
  const name = collapse(input ?? '');
  if (name === '' || /^(non|no|off|false|0)$/i.test(name)) return ok(null);
  if (name.length > MAX_CREDIT_LENGTH || /<[@#!&]|@|^\d+$|https?:\/\//i.test(name)) return err({ code: 'cme.credit_invalid' });
  return ok(name);
}

/** A referenced message's text without its link, as a title: its first line that says something. */
function titleFromText(text: string, rawUrl: string | null): string {
  const withoutUrl = rawUrl ? text.replace(rawUrl, ' ') : text;
  const line = withoutUrl
    .split('\n')
    // Without its hashtags and the punctuation that introduced the link ("À lire :").
    .map((candidate) => collapse(candidate.replace(/(?:^|\s)#[\p{L}\p{N}_-]+/gu, ' ')).replace(/\s*[:\-–—|>→]+$/u, ''))
    .find((candidate) => /[\p{L}\p{N}]{2,}/u.test(candidate));
  return line ?? '';
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
