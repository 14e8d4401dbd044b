/**
 * Keeps outgoing messages within Telegram's limits (design.md: about 1 message/s per chat,
 * 20 messages/min per group, about 30 messages/s overall) with @grammyjs/transformer-throttler.
 * That transformer throttles every call carrying a chat_id; reads such as getChatMember must
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

export function messageThrottler(options?: ThrottleOptions): Transformer {
  const throttled = apiThrottler(options);
  return (prev, method, payload, signal) =>
    MESSAGE_METHODS.has(method) ? throttled(prev, method, payload, signal) : prev(method, payload, signal);
}
