/**
 * Splits a long text into messages of at most `max` characters (2000 on Discord, 4096 on
 * Telegram), at line boundaries so that no table row is cut in two. A single line longer than
 * `max` (a long comment) is cut at the last space before the limit, or hard at the limit.
 * Lengths are counted in UTF-16 code units, as both platforms count them.
 */
export const DISCORD_MESSAGE_LIMIT = 2000;
export const TELEGRAM_MESSAGE_LIMIT = 4096;

export function splitText(text: string, max: number): string[] {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`splitText: max must be a positive integer, got ${max}`);
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim() !== '') parts.push(current.replace(/\n+$/, ''));
    current = '';
  };
  for (const line of text.split('\n')) {
    for (const piece of cutLine(line, max)) {
      const candidate = current === '' ? piece : `${current}\n${piece}`;
      if (candidate.length <= max) {
        current = candidate;
        continue;
      }
      flush();
      current = piece;
    }
  }
  flush();
  return parts;
}

function cutLine(line: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > max) {
    let at = rest.lastIndexOf(' ', max);
    if (at <= 0) at = max;
    // Do not split a surrogate pair (an emoji) in two.
    const code = rest.charCodeAt(at - 1);
    if (at === max && code >= 0xd800 && code <= 0xdbff) at -= 1;
    pieces.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  pieces.push(rest);
  return pieces;
}
