/**
 * Splitting long posts to each platform's message limit. Lengths are counted in UTF-16 code
 * units (JavaScript's `length`): Telegram counts its 4096 that way and Discord's 2000 counts
 * code points, which are never more numerous, so a part that fits here fits there.
 */
export const TEXT_LIMITS = {
  discord: 2000,
  telegram: 4096,
  // The terminal has no limit; a large one keeps the code path identical.
  console: 100_000,
} as const satisfies Record<string, number>;

export type PlatformName = keyof typeof TEXT_LIMITS;

export function textLimit(platform: string): number {
  return platform in TEXT_LIMITS ? TEXT_LIMITS[platform as PlatformName] : TEXT_LIMITS.discord;
}

/**
 * Splits a text into parts of at most `limit` characters, preferring paragraph breaks, then
 * line breaks, then spaces; a single word longer than the limit is cut (never inside a
 * surrogate pair). Joining the parts with the separators they were cut at gives back the text.
 */
export function splitText(text: string, limit: number): string[] {
  if (limit < 2) throw new RangeError('limit must be at least 2');
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = cutPoint(rest, limit);
    parts.push(rest.slice(0, cut.end).trimEnd());
    rest = rest.slice(cut.resume);
  }
  if (rest.trim() !== '') parts.push(rest);
  return parts.filter((part) => part.trim() !== '');
}

function cutPoint(text: string, limit: number): { end: number; resume: number } {
  const window = text.slice(0, limit + 1);
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(separator);
    // Cutting in the first fifth would make many tiny parts; prefer a harder cut then.
    if (at > limit / 5 && at <= limit) return { end: at, resume: at + separator.length };
  }
  let end = limit;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { end, resume: end };
}

/** A titled group of entries (a digest topic) that may continue on the next message. */
export interface Section {
  readonly heading: string;
  /** The heading repeated at the top of a message that continues this section. */
  readonly continued: string;
  readonly entries: readonly string[];
}

/**
 * Packs an introduction and sections into messages of at most `limit` characters. An entry is
 * never cut unless it alone exceeds the limit; a section that continues on a new message
 * repeats its heading as `continued`.
 */
export function paginate(intro: string, sections: readonly Section[], limit: number, footer = ''): string[] {
  const pages: string[] = [];
  let page = intro;
  const push = () => {
    if (page.trim() !== '') pages.push(page);
    page = '';
  };
  const append = (block: string, separator: string) => {
    page = page === '' ? block : `${page}${separator}${block}`;
  };
  const fits = (block: string, separator: string) => (page === '' ? block.length : page.length + separator.length + block.length) <= limit;

  for (const section of sections) {
    let headingShown = false;
    section.entries.forEach((entry, index) => {
      const heading = headingShown ? null : index === 0 ? section.heading : section.continued;
      const block = heading === null ? entry : `${heading}\n${entry}`;
      const separator = heading === null ? '\n' : '\n\n';
      if (fits(block, separator)) {
        append(block, separator);
        headingShown = true;
        return;
      }
      push();
      const fresh = `${index === 0 ? section.heading : section.continued}\n${entry}`;
      if (fresh.length <= limit) {
        page = fresh;
      } else {
        // An entry longer than a whole message: cut it, the last piece stays open for more.
        const pieces = splitText(fresh, limit);
        pieces.slice(0, -1).forEach((piece) => pages.push(piece));
        page = pieces.at(-1) ?? '';
      }
      headingShown = true;
    });
  }
  if (footer !== '') {
    if (fits(footer, '\n\n')) append(footer, '\n\n');
    else {
      push();
      page = footer.slice(0, limit);
    }
  }
  push();
  return pages;
}
