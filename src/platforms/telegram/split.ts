/**
 * Telegram refuses a message text over 4096 characters and a caption over 1024. Long texts
 * are split by the shared splitter (src/shared/split-text.ts).
 */
import { TELEGRAM_MESSAGE_LIMIT } from '../../shared/split-text.ts';

export const MESSAGE_MAX = TELEGRAM_MESSAGE_LIMIT;
export const CAPTION_MAX = 1024;

/** A caption within Telegram's limit, shortened with an ellipsis when needed. */
export function captionOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  if (text.length <= CAPTION_MAX) return text;
  let end = CAPTION_MAX - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
