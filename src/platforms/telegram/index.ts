/**
 * Starts the Telegram adapter on an application: long polling through grammY's runner by
 * default, or a webhook server when TELEGRAM_WEBHOOK_URL is set. Returns how to stop it and
 * the publisher scheduled work uses to post in Telegram groups.
 */
import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Bot, MiddlewareFn } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { App } from '../../app.ts';
import { PrismaTelegramLinks } from '../../store/telegram-links.ts';
import type { CommunityPublisher } from '../publisher.ts';
import { ALLOWED_UPDATES, createBot, describe } from './bot.ts';
import type { TelegramDeps } from './context.ts';
import { menuEntries, registerMenu } from './menu.ts';
import { TelegramPublisher } from './publisher.ts';
import { installRoutes } from './routing.ts';
import type { ThrottleOptions } from './throttle.ts';
import { startWebhookServer, type WebhookServer } from './webhook.ts';

export interface StartTelegramOptions {
  /** Skips getMe at start (tests). */
  readonly botInfo?: UserFromGetMe;
  /** Overrides the default limits (tests run without the one-second spacing per chat). */
  readonly throttle?: ThrottleOptions;
  /** Overrides PORT for the webhook server. */
  readonly port?: number;
  /** Long-polling timeout in seconds (Telegram's maximum useful value is 50). */
  readonly pollTimeoutSeconds?: number;
}

export interface TelegramHandle {
  stop(): Promise<void>;
  readonly publisher: CommunityPublisher;
  /** The webhook server's port, in webhook mode. */
  readonly webhookPort?: number;
}

export class TelegramConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TelegramConfigError';
  }
}

export async function startTelegram(app: App, options: StartTelegramOptions = {}): Promise<TelegramHandle> {
  const { config, logger } = app;
  if (!config.TELEGRAM_BOT_TOKEN) throw new TelegramConfigError('TELEGRAM_BOT_TOKEN is not set');
  const bot = createBot({ token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, botInfo: options.botInfo, throttle: options.throttle, logger });
  const tracker = new InFlight();
  bot.use(tracker.middleware);
  const deps: TelegramDeps = { app, links: new PrismaTelegramLinks(app.db), username: () => bot.botInfo.username };
  installRoutes(bot, deps);
  await bot.init();

  const refused = await registerMenu(bot.api, menuEntries(app.dispatcher.commands, config.DEFAULT_LANGUAGE));
  for (const error of refused) logger.warn('telegram command menu refused', { error: describe(error) });

  const publisher = new TelegramPublisher(bot.api);
  if (config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET) {
    const server = await startWebhook(bot, app, options, config.TELEGRAM_WEBHOOK_URL, config.TELEGRAM_WEBHOOK_SECRET);
    logger.info('telegram started', { mode: 'webhook', port: server.port });
    return {
      publisher,
      webhookPort: server.port,
      // The webhook stays set, so Telegram keeps the updates that arrive while we restart.
      stop: async () => {
        await server.close();
        await tracker.drained();
      },
    };
  }

  // A webhook left from an earlier deployment would make getUpdates fail with 409.
  await bot.api.deleteWebhook({ drop_pending_updates: false });
  const runner = run(bot, {
    runner: { fetch: { timeout: options.pollTimeoutSeconds ?? 30, allowed_updates: [...ALLOWED_UPDATES] }, silent: true },
  });
  void runner.task()?.catch((error: unknown) => logger.error('telegram polling stopped', { error: describe(error) }));
  logger.info('telegram started', { mode: 'polling' });
  return { publisher, stop: () => stopPolling(bot, runner, tracker) };
}

async function startWebhook(bot: Bot, app: App, options: StartTelegramOptions, url: string, secret: string): Promise<WebhookServer> {
  const server = await startWebhookServer({
    port: options.port ?? app.config.PORT,
    path: new URL(url).pathname,
    secret,
    handle: async (update) => {
      try {
        await bot.handleUpdate(update);
      } catch (error) {
        await bot.errorHandler(error as Parameters<typeof bot.errorHandler>[0]);
      }
    },
  });
  await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
  return server;
}

/**
 * Stops fetching, lets the updates in hand finish, then confirms them to Telegram (a
 * getUpdates with the next offset), so a restart does not receive them again.
 */
async function stopPolling(bot: Bot, runner: RunnerHandle, tracker: InFlight): Promise<void> {
  if (runner.isRunning()) await runner.stop();
  await tracker.drained();
  const last = tracker.lastUpdateId;
  if (last === null) return;
  try {
    await bot.api.getUpdates({ offset: last + 1, limit: 1, timeout: 0 });
  } catch {
    // Unconfirmed updates come again after the restart; handlers are idempotent.
  }
}

/** Counts the updates being handled, so stopping can wait for them. */
class InFlight {
  private readonly running = new Set<Promise<unknown>>();
  lastUpdateId: number | null = null;

  readonly middleware: MiddlewareFn = (ctx, next) => {
    const id = ctx.update.update_id;
    if (this.lastUpdateId === null || id > this.lastUpdateId) this.lastUpdateId = id;
    const task = next();
    this.running.add(task);
    return task.finally(() => this.running.delete(task));
  };

  async drained(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
