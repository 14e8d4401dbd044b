/**
 * Telegram refuses a message text over 4096 characters and a caption over 1024. Long texts
 * (results tables, digests) are split at paragraph or line breaks where possible, then at
 * spaces, and never inside a surrogate pair.
 */
export const MESSAGE_MAX = 4096;
export const CAPTION_MAX = 1024;

export function splitText(text: string, max = MESSAGE_MAX): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = cutPoint(rest, max);
    const chunk = rest.slice(0, cut).replace(/\s+$/, '');
    if (chunk.length > 0) chunks.push(chunk);
    rest = rest.slice(cut).replace(/^\n+/, '');
  }
  if (rest.trim().length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks;
}

function cutPoint(text: string, max: number): number {
  const window = text.slice(0, max + 1);
  // Prefer the last blank line, then line break, then space, in the second half of the window.
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(separator);
    if (at >= max / 2 && at <= max) return separator === ' ' ? at + 1 : at;
  }
  const code = text.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

/** A caption within Telegram's limit, shortened with an ellipsis when needed. */
export function captionOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  if (text.length <= CAPTION_MAX) return text;
  let end = CAPTION_MAX - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
