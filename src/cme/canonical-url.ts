/**
 * Canonical form of a shared link, so that the same resource shared twice (once from a
 * newsletter with utm_* parameters, once copied from a Facebook post) is recognised as one
 * CME point. Only changes that cannot alter what the server returns are made: tracking
 * parameters removed, scheme and host lowercased, default port and fragment dropped, the
 * remaining query parameters sorted. Redirect wrappers that hide the real link (Facebook's
 * l.php, Google's /url, Outlook Safe Links) are unwrapped first.
 */
import { err, ok, type Result } from '../shared/result.ts';
import type { CmeError } from './errors.ts';

/** Longer links are refused: they do not fit a Discord message with their title anyway. */
export const MAX_URL_LENGTH = 1500;

// Exact names of tracking parameters seen on medical and publishers' sites.
const TRACKING_NAMES = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id',
  'igshid', 'igsh', 'mc_cid', 'mc_eid', 'mkt_tok', '_ga', '_gl', '_hsenc', '_hsmi', '__hstc', '__hssc', '__hsfp',
  'hsctatracking', 'oly_anon_id', 'oly_enc_id', 'rb_clickid', 's_cid', 'sc_cid', 'spm', 'xtor', 'xtref',
  'wt.mc_id', 'wt_mc', 'wt.mc_ev', 'cmpid', 'ncid', 'ref_src', 'ref_url', 'dgcid',
]);
// Prefixes of tracking parameter families (utm_source, at_medium for AT Internet, vero_id…).
const TRACKING_PREFIXES = ['utm_', 'at_', 'pk_', 'mtm_', 'vero_', 'hmb_', 'ga_', 'stm_', 'nr_email_referer'];

/** Hosts whose link is only a redirect to another, carried in a query parameter. */
function unwrapRedirect(url: URL): URL | null {
  const host = url.hostname.toLowerCase();
  let target: string | null = null;
  if ((host === 'l.facebook.com' || host === 'lm.facebook.com' || host === 'l.messenger.com') && url.pathname === '/l.php') {
    target = url.searchParams.get('u');
  } else if (/^(www\.)?google\.[a-z.]+$/.test(host) && url.pathname === '/url') {
    target = url.searchParams.get('q') || url.searchParams.get('url');
  } else if (host.endsWith('.safelinks.protection.outlook.com')) {
    target = url.searchParams.get('url');
  } else if (host === 'out.reddit.com' || host === 'href.li') {
    target = url.searchParams.get('url') || (url.search.length > 1 ? url.search.slice(1) : null);
  }
  if (!target) return null;
  try {
    const inner = new URL(target);
    return inner.protocol === 'http:' || inner.protocol === 'https:' ? inner : null;
  } catch {
    return null;
  }
}

export function isTrackingParameter(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_NAMES.has(lower) || TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/**
 * The canonical form of an http(s) link, or an expected error for anything else. Surrounding
 * angle brackets and trailing sentence punctuation, common when links are pasted in chats,
 * are removed first.
 */
export function canonicalUrl(input: string): Result<string, CmeError> {
  const trimmed = trimPasted(input);
  if (trimmed.length > MAX_URL_LENGTH) return err({ code: 'cme.url_too_long', max: MAX_URL_LENGTH });
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return err({ code: 'cme.bad_url', value: shorten(trimmed) });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return err({ code: 'cme.bad_url', value: shorten(trimmed) });
  if (!url.hostname.includes('.') && url.hostname !== 'localhost') return err({ code: 'cme.bad_url', value: shorten(trimmed) });
  // Redirect wrappers can nest (a Safe Link around a Facebook link); a few rounds suffice.
  for (let round = 0; round < 3; round++) {
    const inner = unwrapRedirect(url);
    if (!inner) break;
    url = inner;
  }
  // Credentials in a link are never worth keeping, and would leak if posted in a digest.
  url.username = '';
  url.password = '';
  url.hash = '';
  // The URL parser already lowercases scheme and host and drops default ports. The query is
  // filtered as raw text, so the parameters kept stay encoded as the site wrote them
  // (searchParams would re-encode "/" in ?id=10.1371/journal… as %2F).
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !isTrackingParameter(parameterName(pair)));
  kept.sort((a, b) => {
    const [nameA, nameB] = [parameterName(a), parameterName(b)];
    return nameA < nameB ? -1 : nameA > nameB ? 1 : 0;
  });
  url.search = kept.length > 0 ? `?${kept.join('&')}` : '';
  return ok(url.toString());
}

function parameterName(pair: string): string {
  const raw = pair.split('=')[0] ?? '';
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** Removes what chats and e-mails put around a pasted link. */
export function trimPasted(input: string): string {
  let text = input.trim();
  for (let before = ''; before !== text; ) {
    before = text;
    if (text.startsWith('<') && text.endsWith('>')) text = text.slice(1, -1).trim();
    // A closing parenthesis is kept when the link opened one (Wikipedia-style paths).
    while (/[.,;:!?»"'’\]]$/.test(text) || (text.endsWith(')') && count(text, '(') < count(text, ')'))) {
      text = text.slice(0, -1);
    }
  }
  return text;
}

/** The first http(s) link of a text, as written (not yet canonical). */
export function findFirstUrl(text: string): string | null {
  const match = /\bhttps?:\/\/[^\s<>"]+/i.exec(text);
  return match ? trimPasted(match[0]) : null;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function shorten(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}…` : value;
}
