/**
 * Packing digests and long posts into each platform's message limit; the splitting itself is
 * the shared one (src/shared/split-text.ts).
 */
import { DISCORD_MESSAGE_LIMIT, splitText, TELEGRAM_MESSAGE_LIMIT } from '../shared/split-text.ts';

export const TEXT_LIMITS = {
  discord: DISCORD_MESSAGE_LIMIT,
  telegram: TELEGRAM_MESSAGE_LIMIT,
  // The terminal has no limit; a large one keeps the code path identical.
  console: 100_000,
} as const satisfies Record<string, number>;

export type PlatformName = keyof typeof TEXT_LIMITS;

export function textLimit(platform: string): number {
  return platform in TEXT_LIMITS ? TEXT_LIMITS[platform as PlatformName] : TEXT_LIMITS.discord;
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
