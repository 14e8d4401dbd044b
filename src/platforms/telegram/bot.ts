/**
 * Builds the grammY bot: API root (a self-hosted Bot API server, or a fake in tests), the
 * outgoing-call transformers (throttle outside, auto-retry inside, so a flood wait holds that
 * chat's queue), and the error boundary that keeps one bad update from stopping the bot.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { Api, Bot, GrammyError, HttpError, type RawApi } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { noTelemetry, type Telemetry } from '../../ops/telemetry.ts';
import type { Logger } from '../../shared/logger.ts';
import { createThrottles, type ThrottleOptions, type Throttles } from './throttle.ts';

export interface BotOptions {
  readonly token: string;
  readonly apiRoot?: string | undefined;
  /** Given, the bot skips getMe at start (tests, or a known deployment). */
  readonly botInfo?: UserFromGetMe | undefined;
  readonly throttle?: ThrottleOptions | undefined;
  readonly logger: Logger;
  readonly telemetry?: Telemetry | undefined;
}

/** The bot (handlers answer members through ctx.api) and the API scheduled posts go through. */
export interface TelegramClients {
  readonly bot: Bot;
  /** Every message queued at Telegram's pace: digests, progress posts, reminders. */
  readonly broadcast: Api;
}

/**
 * Updates the bot asks for: commands and replies, button presses, being added to a group, and
 * reactions (👍 as CME endorsements; Telegram sends them only to a group admin bot, and only
 * when asked for here, since they are not in its default list).
 */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member', 'message_reaction', 'message_reaction_count'] as const;

export function createBot(options: BotOptions): Bot {
  return createTelegramClients(options).bot;
}

export function createTelegramClients(options: BotOptions): TelegramClients {
  // grammY wants the root without a trailing slash.
  const client = options.apiRoot ? { apiRoot: options.apiRoot.replace(/\/+$/, '') } : {};
  const bot = new Bot(options.token, { client, ...(options.botInfo ? { botInfo: options.botInfo } : {}) });
  const broadcast = new Api(options.token, client);
  const throttles = createThrottles(options.throttle);
  configure(bot.api, options, throttles.interactive);
  configure(broadcast, options, throttles.broadcast);
  bot.catch((error) => {
    // The update is left out: it holds user ids and message texts (anonymity rule 7).
    options.logger.error('telegram update failed', { updateType: updateType(error.ctx.update), error: describe(error.error) });
  });
  return { bot, broadcast };
}

/**
 * Transformers installed first run innermost: every attempt is logged and counted, each retry
 * waits its retry_after, and the throttle sees one call however many attempts it takes.
 */
function configure(api: Api<RawApi>, options: BotOptions, throttle: Throttles['interactive']): void {
  const telemetry = options.telemetry ?? noTelemetry;
  api.config.use(async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok && result.error_code === 429) {
        options.logger.warn('telegram rate limited', { method, retryAfter: result.parameters?.retry_after });
        telemetry.platformCall('telegram', method, 'rate_limited');
      } else {
        telemetry.platformCall('telegram', method, result.ok ? 'ok' : 'error');
      }
      return result;
    } catch (error) {
      telemetry.platformCall('telegram', method, 'error');
      if (!signal?.aborted) options.logger.warn('telegram call failed', { method, error: describe(error) });
      throw error;
    }
  });
  api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 600 }));
  api.config.use(throttle);
}

export function updateType(update: object): string {
  return Object.keys(update).find((key) => key !== 'update_id') ?? 'unknown';
}

/** GrammyError carries the request payload (chat ids, texts): keep only what says what failed. */
export function describe(error: unknown): Record<string, unknown> | unknown {
  if (error instanceof GrammyError) return { name: error.name, method: error.method, code: error.error_code, description: error.description };
  if (error instanceof HttpError) return { name: error.name, message: error.message };
  return error;
}
