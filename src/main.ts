/**
 * Composition root: reads the configuration, builds the application, and starts the
 * platforms whose tokens are set, or the terminal mode when none is.
 */
import path from 'node:path';
import { createApp, type App } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DefinitionError } from './survey/definition.ts';
import { CommandLoadError } from './commands/loader.ts';
import { createLogger } from './shared/logger.ts';
import { ConsoleSession } from './platforms/console/console.ts';
import type { TelegramHandle } from './platforms/telegram/index.ts';
import type { DiscordHandle } from './platforms/discord/index.ts';
import { ConsolePublisher } from './platforms/console/publisher.ts';
import { startOpsServer } from './ops/http-server.ts';
import { PrometheusTelemetry } from './ops/metrics.ts';
import { databaseCheck, platformCheck } from './ops/readiness.ts';
import { Shutdown } from './ops/shutdown.ts';
import { startHousekeeping } from './ops/housekeeping.ts';
import { PrismaUpdateLedger } from './store/processed-updates.ts';
import { PrismaLeases } from './store/leases.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { error: reason }));
  const app = await createApp(config, { logger });
  // SIGTERM/SIGINT: stop taking updates, finish those in hand, stop cron, release leases, close the database.
  const shutdown = new Shutdown({ logger });
  shutdown.add('scheduler', 'scheduler', () => app.schedule.scheduler.stop());
  shutdown.add('database', 'database', () => app.close());
  shutdown.install();

  if (config.mode.console) {
    // Scheduled posts and reminders print in the terminal too.
    app.schedule.publishers.set('console', new ConsolePublisher(process.stdout));
    await startScheduler(app);
    await runTerminal(app);
    process.exit(await shutdown.run('end of input'));
  }
  // One HTTP server for everything: /healthz, /readyz, /metrics, and the platforms' routes.
  const telemetry = new PrometheusTelemetry();
  const http = await startOpsServer({ port: config.PORT, metrics: () => telemetry.render() });
  http.addReadinessCheck(databaseCheck(app.db, telemetry));
  app.schedule.observe(telemetry);
  // Shared by the instances through the database: updates handled once, the gateway on one instance.
  const ledger = new PrismaUpdateLedger(app.db);
  const housekeeping = startHousekeeping(ledger, logger);
  shutdown.add('scheduler', 'housekeeping', () => housekeeping.stop());
  shutdown.add('readiness', 'http', () => http.markDraining());
  shutdown.add('server', 'http', () => http.close());
  if (config.mode.telegram) {
    // Not ready until the adapter has started (its webhook route is mounted): the check comes
    // before the platform library loads (lazily: discord.js alone is ~15 MB).
    let telegram: TelegramHandle | null = null;
    http.addReadinessCheck(platformCheck('telegram', () => telegram?.ready() ?? false));
    const { startTelegram } = await import('./platforms/telegram/index.ts');
    telegram = await startTelegram(app, { http, telemetry, ledger });
    shutdown.add('intake', 'telegram', () => telegram.stop());
    app.schedule.publishers.set('telegram', telegram.publisher);
  }
  if (config.mode.discord) {
    let discord: DiscordHandle | null = null;
    http.addReadinessCheck(platformCheck('discord', () => discord?.ready() ?? false));
    const { startDiscord } = await import('./platforms/discord/index.ts');
    discord = await startDiscord(app, { http, telemetry, ledger, leases: new PrismaLeases(app.db) });
    shutdown.add('intake', 'discord', () => discord.stop());
    app.schedule.publishers.set('discord', discord.publisher);
  }
  // After every adapter has registered its publisher: the catch-up at start posts through them.
  await startScheduler(app);
  logger.info('started', { discord: config.mode.discord, telegram: config.mode.telegram });
}

/** Digests, result posts and reminders; stopped by app.close(). */
async function startScheduler(app: App): Promise<void> {
  const report = await app.schedule.scheduler.start();
  app.logger.info('scheduler started', { communities: report.communities, failures: report.failures });
}

async function runTerminal(app: App): Promise<void> {
  const session = new ConsoleSession({
    input: process.stdin,
    output: process.stdout,
    services: app.services,
    dispatcher: app.dispatcher,
    logger: app.logger,
    member: { platform: 'console', userId: app.config.CONSOLE_USER },
    isAdmin: app.config.CONSOLE_ADMIN,
    language: app.config.consoleLanguage,
    communityName: 'Confrères (terminal)',
    now: app.now,
    filesDir: path.join(app.config.DATA_DIR, 'exports'),
  });
  await session.run();
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DefinitionError || error instanceof CommandLoadError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Confrères could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
