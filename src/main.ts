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
import { ConsolePublisher } from './platforms/console/publisher.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { error: reason }));
  const app = await createApp(config, { logger });
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const stop of stops) await stop().catch((error: unknown) => logger.error('stop failed', { error }));
    await app.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  if (config.mode.console) {
    // Scheduled posts and reminders print in the terminal too.
    app.schedule.publishers.set('console', new ConsolePublisher(process.stdout));
    await startScheduler(app);
    await runTerminal(app);
    await shutdown(0);
    return;
  }
  if (config.mode.telegram) {
    // Platform libraries load only when their platform starts (discord.js alone is ~15 MB).
    const { startTelegram } = await import('./platforms/telegram/index.ts');
    const telegram = await startTelegram(app);
    stops.push(() => telegram.stop());
    app.schedule.publishers.set('telegram', telegram.publisher);
  }
  if (config.mode.discord) {
    const { startDiscord } = await import('./platforms/discord/index.ts');
    const discord = await startDiscord(app);
    stops.push(() => discord.stop());
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
