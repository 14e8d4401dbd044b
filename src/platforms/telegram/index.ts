/**
 * Starts the Telegram adapter on an application: long polling through grammY's runner by
 * default, or a webhook server when TELEGRAM_WEBHOOK_URL is set. Returns how to stop it and
 * the publisher scheduled work uses to post in Telegram groups.
 */
import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Bot, MiddlewareFn } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { App } from '../../app.ts';
import { startOpsServer, type HttpRoutes, type OpsServer } from '../../ops/http-server.ts';
import { noTelemetry, type Telemetry } from '../../ops/telemetry.ts';
import { PrismaTelegramLinks } from '../../store/telegram-links.ts';
import type { CommunityPublisher } from '../publisher.ts';
import { MemoryUpdateLedger, type UpdateLedger } from '../update-ledger.ts';
import { ALLOWED_UPDATES, createTelegramClients, describe, updateType } from './bot.ts';
import type { TelegramDeps } from './context.ts';
import { MembershipCache } from './membership.ts';
import { menuEntries, registerMenu } from './menu.ts';
import { TelegramPublisher } from './publisher.ts';
import { installRoutes } from './routing.ts';
import type { ThrottleOptions } from './throttle.ts';
import { mountWebhook, telegramWebhookRoute, type WebhookOutcome } from './webhook.ts';

export interface StartTelegramOptions {
  /** Skips getMe at start (tests). */
  readonly botInfo?: UserFromGetMe;
  /** Overrides the default limits (tests run without the one-second spacing per chat). */
  readonly throttle?: ThrottleOptions;
  /** Overrides PORT for the webhook server (when no `http` server is given). */
  readonly port?: number;
  /** Long-polling timeout in seconds (Telegram's maximum useful value is 50). */
  readonly pollTimeoutSeconds?: number;
  /** The instance's HTTP server: the webhook is mounted there instead of on a server of its own. */
  readonly http?: HttpRoutes;
  readonly telemetry?: Telemetry;
  /** Updates handled already, across instances (webhook mode); in memory when not given. */
  readonly ledger?: UpdateLedger;
  /** How long a "member of the group" answer is trusted (default one minute). */
  readonly membershipTtlMs?: number;
}

export interface TelegramHandle {
  /** Stops taking updates, finishes the ones in hand, and (polling) confirms them to Telegram. */
  stop(): Promise<void>;
  readonly publisher: CommunityPublisher;
  /** The webhook server's port, in webhook mode. */
  readonly webhookPort?: number;
  /** Whether updates can come in (polling running, or webhook set). */
  ready(): boolean;
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
  const telemetry = options.telemetry ?? noTelemetry;
  const { bot, broadcast } = createTelegramClients({
    token: config.TELEGRAM_BOT_TOKEN,
    apiRoot: config.TELEGRAM_API_ROOT,
    botInfo: options.botInfo,
    throttle: options.throttle,
    logger,
    telemetry,
  });
  const tracker = new InFlight(telemetry);
  bot.use(tracker.middleware);
  const deps: TelegramDeps = {
    app,
    links: new PrismaTelegramLinks(app.db),
    username: () => bot.botInfo.username,
    membership: new MembershipCache(options.membershipTtlMs),
    telemetry,
  };
  installRoutes(bot, deps);
  await bot.init();

  const refused = await registerMenu(bot.api, menuEntries(app.dispatcher.commands, config.DEFAULT_LANGUAGE));
  for (const error of refused) logger.warn('telegram command menu refused', { error: describe(error) });

  const publisher = new TelegramPublisher(broadcast);
  if (config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET) {
    const ledger = options.ledger ?? new MemoryUpdateLedger();
    const route = telegramWebhookRoute({
      secret: config.TELEGRAM_WEBHOOK_SECRET,
      handle: (update) => handleOnce(bot, ledger, telemetry, update),
    });
    const path = new URL(config.TELEGRAM_WEBHOOK_URL).pathname;
    // Without the instance's server (tests, tools), a server of its own with /healthz.
    const own: OpsServer | null = options.http ? null : await startOpsServer({ port: options.port ?? config.PORT });
    mountWebhook(options.http ?? (own as OpsServer), path, route);
    await bot.api.setWebhook(config.TELEGRAM_WEBHOOK_URL, { secret_token: config.TELEGRAM_WEBHOOK_SECRET, allowed_updates: [...ALLOWED_UPDATES] });
    logger.info('telegram started', { mode: 'webhook', ...(own ? { port: own.port } : {}) });
    return {
      publisher,
      ...(own ? { webhookPort: own.port } : {}),
      ready: () => true,
      // The webhook stays set, so Telegram keeps the updates that arrive while we restart.
      stop: async () => {
        route.stopAccepting();
        // The ledger's "done" is written after the update is handled: wait for the requests, not only the handlers.
        await route.drained();
        await tracker.drained();
        await own?.close();
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
  return { publisher, ready: () => runner.isRunning(), stop: () => stopPolling(bot, runner, tracker) };
}

/**
 * A webhook update, handled once across instances: one done already is skipped, one another
 * instance is still handling is sent back for later (503), one whose claim outlived its lease
 * (that instance died) is handled here.
 */
async function handleOnce(bot: Bot, ledger: UpdateLedger, telemetry: Telemetry, update: Update): Promise<WebhookOutcome> {
  const key = `telegram:${update.update_id}`;
  const admission = await ledger.admit(key, new Date());
  if (admission !== 'first') {
    telemetry.update('telegram', updateType(update), 'duplicate');
    return admission === 'done' ? 'handled' : 'retry';
  }
  try {
    await bot.handleUpdate(update);
  } catch (error) {
    await bot.errorHandler(error as Parameters<typeof bot.errorHandler>[0]);
  }
  await ledger.complete(key, new Date());
  return 'handled';
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

/** Counts the updates being handled, so stopping can wait for them, and reports how each ended. */
class InFlight {
  private readonly running = new Set<Promise<unknown>>();
  lastUpdateId: number | null = null;

  constructor(private readonly telemetry: Telemetry) {}

  readonly middleware: MiddlewareFn = (ctx, next) => {
    const id = ctx.update.update_id;
    if (this.lastUpdateId === null || id > this.lastUpdateId) this.lastUpdateId = id;
    const kind = updateType(ctx.update);
    const task = next().then(
      () => this.telemetry.update('telegram', kind, 'handled'),
      (error: unknown) => {
        this.telemetry.update('telegram', kind, 'failed');
        throw error;
      },
    );
    this.running.add(task);
    return task.finally(() => this.running.delete(task));
  };

  async drained(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
