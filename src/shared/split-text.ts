/**
 * Splits a long text into messages of at most `max` characters (2000 on Discord, 4096 on
 * Telegram): at a paragraph break where possible, else a line break, else a space, so that no
 * table row or digest entry is cut needlessly; a single word longer than `max` is cut, never
 * inside a surrogate pair (an emoji). Lengths are counted in UTF-16 code units, as Telegram
 * counts them; Discord counts code points, never more numerous, so a part that fits here fits
 * there. An empty or blank text gives no message at all.
 */
export const DISCORD_MESSAGE_LIMIT = 2000;
export const TELEGRAM_MESSAGE_LIMIT = 4096;

export function splitText(text: string, max: number): string[] {
  if (!Number.isInteger(max) || max < 2) throw new RangeError(`splitText: max must be an integer of at least 2, got ${max}`);
  if (text.trim() === '') return [];
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = cutPoint(rest, max);
    const part = rest.slice(0, cut.end).trimEnd();
    if (part.trim() !== '') parts.push(part);
    rest = rest.slice(cut.resume);
  }
  if (rest.trim() !== '') parts.push(rest);
  return parts;
}

function cutPoint(text: string, max: number): { end: number; resume: number } {
  const window = text.slice(0, max + 1);
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(separator);
    // Cutting in the first fifth would make many tiny parts; prefer a harder cut then.
    if (at > max / 5 && at <= max) return { end: at, resume: at + separator.length };
  }
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { end, resume: end };
}
