/**
 * Builds the grammY bot: API root (a self-hosted Bot API server, or a fake in tests), the
 * outgoing-call transformers (throttle outside, auto-retry inside, so a flood wait holds that
 * chat's queue), and the error boundary that keeps one bad update from stopping the bot.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, GrammyError, HttpError } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Logger } from '../../shared/logger.ts';
import { messageThrottler, type ThrottleOptions } from './throttle.ts';

export interface BotOptions {
  readonly token: string;
  readonly apiRoot?: string | undefined;
  /** Given, the bot skips getMe at start (tests, or a known deployment). */
  readonly botInfo?: UserFromGetMe | undefined;
  readonly throttle?: ThrottleOptions | undefined;
  readonly logger: Logger;
}

/**
 * Updates the bot asks for: commands and replies, button presses, being added to a group, and
 * reactions (👍 as CME endorsements; Telegram sends them only to a group admin bot, and only
 * when asked for here, since they are not in its default list).
 */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member', 'message_reaction', 'message_reaction_count'] as const;

export function createBot(options: BotOptions): Bot {
  const bot = new Bot(options.token, {
    // grammY wants the root without a trailing slash.
    client: options.apiRoot ? { apiRoot: options.apiRoot.replace(/\/+$/, '') } : {},
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  // Transformers installed first run innermost: every attempt is logged, each retry waits
  // its retry_after, and the throttle sees one call however many attempts it takes.
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok && result.error_code === 429) {
        options.logger.warn('telegram rate limited', { method, retryAfter: result.parameters?.retry_after });
      }
      return result;
    } catch (error) {
      if (!signal?.aborted) options.logger.warn('telegram call failed', { method, error: describe(error) });
      throw error;
    }
  });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 600 }));
  bot.api.config.use(messageThrottler(options.throttle));
  bot.catch((error) => {
    // The update is left out: it holds user ids and message texts (anonymity rule 7).
    options.logger.error('telegram update failed', { updateType: updateType(error.ctx.update), error: describe(error.error) });
  });
  return bot;
}

function updateType(update: object): string {
  return Object.keys(update).find((key) => key !== 'update_id') ?? 'unknown';
}

/** GrammyError carries the request payload (chat ids, texts): keep only what says what failed. */
export function describe(error: unknown): Record<string, unknown> | unknown {
  if (error instanceof GrammyError) return { name: error.name, method: error.method, code: error.error_code, description: error.description };
  if (error instanceof HttpError) return { name: error.name, message: error.message };
  return error;
}
