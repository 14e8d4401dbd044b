/**
 * Starts the real application and the real discord.js client against the fake Discord, on a
 * temporary SQLite database; restarts the bot on the same database; collects the log lines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../../src/app.ts';
import { loadConfig, type Config } from '../../../src/config.ts';
import { startDiscord, type DiscordHandle, type DiscordOptions } from '../../../src/platforms/discord/index.ts';
import { createLogger } from '../../../src/shared/logger.ts';
import { startOpsServer, type OpsServer } from '../../../src/ops/http-server.ts';
import { FakeDiscord, type FakeMessage, type FakeInteraction, type FakeUser } from './fake-discord.ts';

export const TOKEN = 'fake-bot-token.for-tests-only';

// A malformed fixture can make discord.js reject outside any awaited promise: record it so the
// suite fails on it instead of the process dying.
export const stray: unknown[] = [];
process.on('unhandledRejection', (reason) => stray.push(reason));

export class Harness {
  readonly logs: string[] = [];
  app!: App;
  discord!: DiscordHandle;

  private constructor(
    readonly fake: FakeDiscord,
    readonly config: Config,
    private readonly dir: string,
    private readonly options: DiscordOptions,
  ) {}

  /** The instance's HTTP server, when interactions come over HTTP. */
  http: OpsServer | null = null;

  static async start(options: DiscordOptions & { now?: () => Date; env?: Record<string, string>; httpInteractions?: boolean } = {}): Promise<Harness> {
    const fake = await FakeDiscord.start({ token: TOKEN });
    const { httpInteractions, ...rest } = options;
    if (httpInteractions) {
      const http = await startOpsServer({ port: 0, host: '127.0.0.1' });
      const harness = await Harness.startWith(fake, { ...rest, http, env: { ...rest.env, DISCORD_PUBLIC_KEY: fake.publicKeyHex } });
      harness.http = http;
      fake.useInteractionsEndpoint([`http://127.0.0.1:${http.port}/discord/interactions`]);
      return harness;
    }
    return Harness.startWith(fake, rest);
  }

  private static async startWith(fake: FakeDiscord, options: DiscordOptions & { now?: () => Date; env?: Record<string, string> }): Promise<Harness> {
    const dir = mkdtempSync(path.join(tmpdir(), 'confreres-discord-'));
    const config = loadConfig({
      DATA_DIR: dir,
      DATABASE_URL: `file:${path.join(dir, 'test.db')}`,
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_ROOT: fake.apiRoot,
      LOG_LEVEL: 'debug',
      ...options.env,
    });
    const harness = new Harness(fake, config, dir, options);
    await harness.boot(options.now);
    return harness;
  }

  get databaseFile(): string {
    return path.join(this.dir, 'test.db');
  }

  private async boot(now?: () => Date): Promise<void> {
    const logger = createLogger('debug', (line) => this.logs.push(line));
    this.app = await createApp(this.config, { logger, ...(now ? { now } : {}) });
    const { now: _now, env: _env, ...discordOptions } = this.options as DiscordOptions & { now?: unknown; env?: unknown };
    this.discord = await startDiscord(this.app, discordOptions);
  }

  /** Stops the bot and closes the database, then starts both again on the same files. */
  async restart(): Promise<void> {
    await this.discord.stop();
    await this.app.close();
    await this.boot();
  }

  async stop(): Promise<void> {
    await this.discord.stop();
    await this.app.close();
    await this.http?.close();
    await this.fake.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  // ---- Conveniences over the fake ----

  /** Runs a slash command and waits for its answer. */
  async command(user: FakeUser, name: string, options: Parameters<FakeDiscord['slash']>[2] = {}): Promise<FakeInteraction> {
    return this.fake.answered(this.fake.slash(user, name, options));
  }

  async click(user: FakeUser, message: FakeMessage, customId: string): Promise<FakeInteraction> {
    return this.fake.answered(this.fake.click(user, message, customId));
  }

  async select(user: FakeUser, message: FakeMessage, customId: string, values: string[]): Promise<FakeInteraction> {
    return this.fake.answered(this.fake.select(user, message, customId, values));
  }
}
