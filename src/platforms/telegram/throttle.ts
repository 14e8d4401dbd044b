/**
 * Keeps outgoing messages within Telegram's limits (design.md: about 1 message/s per chat,
 * 20 messages/min per group, about 30 messages/s overall) with @grammyjs/transformer-throttler.
 *
 * Two uses of one throttler (one set of queues, so both count against the same budgets):
 * - `broadcast`: what the bot sends on its own initiative (digests, progress posts,
 *   reminders), every chat queued at Telegram's pace;
 * - `interactive`: what answers a member in their private chat (the edit after a press, the
 *   next prompt) goes out at once. One member cannot press faster than Telegram accepts an
 *   edit in practice, and should Telegram ever answer 429, auto-retry waits its retry_after.
 *   Group chats stay throttled here too: a command answered in a group is a group post.
 *
 * The transformer throttles every call carrying a chat_id; reads such as getChatMember must
 * not spend a group's 20-messages-a-minute budget, so only calls that post or change a
 * message go through it.
 */
import { apiThrottler, type APIThrottlerOptions } from '@grammyjs/transformer-throttler';
import type { Transformer } from 'grammy';

export type ThrottleOptions = APIThrottlerOptions;

const MESSAGE_METHODS: ReadonlySet<string> = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendMediaGroup',
  'copyMessage',
  'forwardMessage',
  'editMessageText',
  'editMessageCaption',
  'editMessageReplyMarkup',
]);

export interface Throttles {
  readonly interactive: Transformer;
  readonly broadcast: Transformer;
}

export function createThrottles(options?: ThrottleOptions): Throttles {
  const throttled = apiThrottler(options);
  return {
    broadcast: (prev, method, payload, signal) =>
      MESSAGE_METHODS.has(method) ? throttled(prev, method, payload, signal) : prev(method, payload, signal),
    interactive: (prev, method, payload, signal) =>
      MESSAGE_METHODS.has(method) && !isPrivateChat(payload) ? throttled(prev, method, payload, signal) : prev(method, payload, signal),
  };
}

/** Private chat ids are positive; groups and channels are negative, @names are channels. */
export function isPrivateChat(payload: unknown): boolean {
  if (typeof payload !== 'object' || payload === null || !('chat_id' in payload)) return false;
  const chatId = Number((payload as { chat_id: unknown }).chat_id);
  return Number.isFinite(chatId) && chatId > 0;
}

/** The throttler for every call (kept for callers that have one API only). */
export function messageThrottler(options?: ThrottleOptions): Transformer {
  return createThrottles(options).broadcast;
}
