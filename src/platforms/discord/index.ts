/**
 * The Discord adapter: logs in, routes interactions, counts 👍 reactions as CME endorsements,
 * and offers a publisher for scheduled posts. Started by the composition root when DISCORD_TOKEN is set, beside Telegram or alone.
 * Slash commands are registered separately (deploy-commands.ts), not at every start.
 */
import { Events, type Client } from 'discord.js';
import type { App } from '../../app.ts';
import type { CommunityPublisher } from '../publisher.ts';
import { createDiscordClient } from './client.ts';
import { DiscordPublisher } from './publisher.ts';
import { ReactionCounter } from './reactions.ts';
import { InteractionRouter } from './router.ts';

export interface DiscordOptions {
  /** Defaults to DISCORD_TOKEN. */
  readonly token?: string;
  /** Defaults to DISCORD_API_ROOT. */
  readonly apiRoot?: string;
  /** Work longer than this is deferred first; ≤ 0 defers every interaction (tests of that path). */
  readonly deferAfterMs?: number;
  /** Commands deferred at once because they render charts. */
  readonly slowCommands?: readonly string[];
}

export interface DiscordHandle {
  readonly publisher: CommunityPublisher;
  /** Resolves when the interactions and reactions received so far are handled. */
  settle(): Promise<void>;
  /** Waits for the interactions and reactions being handled, then disconnects. */
  stop(): Promise<void>;
}

export class DiscordStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DiscordStartError';
  }
}

/** Well under Discord's 3 s, leaving room for the deferral's own round trip. */
const DEFER_AFTER_MS = 1500;
const SLOW_COMMANDS = ['results'];

export async function startDiscord(app: App, options: DiscordOptions = {}): Promise<DiscordHandle> {
  const token = options.token ?? app.config.DISCORD_TOKEN;
  if (!token) throw new DiscordStartError('DISCORD_TOKEN is not set');
  const apiRoot = options.apiRoot ?? app.config.DISCORD_API_ROOT;
  const client = createDiscordClient(apiRoot ? { apiRoot } : {});
  const router = new InteractionRouter(app, {
    deferAfterMs: options.deferAfterMs ?? DEFER_AFTER_MS,
    slowCommands: new Set(options.slowCommands ?? SLOW_COMMANDS),
  });
  const reactions = new ReactionCounter(app);
  watch(app, client);
  client.on(Events.InteractionCreate, router.listener);
  client.on(Events.MessageReactionAdd, reactions.added);
  client.on(Events.MessageReactionRemove, reactions.removed);
  // Attached before login: the ready event may come before login() resolves.
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(token);
  } catch (cause) {
    await client.destroy();
    throw new DiscordStartError('Discord login failed (check DISCORD_TOKEN and DISCORD_API_ROOT)', { cause });
  }
  const user = await ready;
  const expected = app.config.DISCORD_APPLICATION_ID;
  if (expected && user.application.id !== expected) {
    app.logger.warn('discord application id differs from DISCORD_APPLICATION_ID', { expected, actual: user.application.id });
  }
  app.logger.info('discord ready', { guilds: user.guilds.cache.size });
  return {
    publisher: new DiscordPublisher(client),
    async settle() {
      await Promise.all([router.settle(), reactions.settle()]);
    },
    async stop() {
      client.off(Events.InteractionCreate, router.listener);
      client.off(Events.MessageReactionAdd, reactions.added);
      client.off(Events.MessageReactionRemove, reactions.removed);
      await Promise.all([router.settle(), reactions.settle()]);
      await client.destroy();
    },
  };
}

/** Client-level problems go to the log; none of them carries a user id or the token. */
function watch(app: App, client: Client): void {
  const { logger } = app;
  client.on(Events.Error, (error) => logger.error('discord client error', { error }));
  client.on(Events.Warn, (message) => logger.warn('discord warning', { message }));
  client.on(Events.ShardDisconnect, (event) => logger.warn('discord gateway disconnected', { code: event.code }));
  // Routes are logged as their bucket templates (ids and tokens replaced); URLs never are.
  client.rest.on('rateLimited', (info) => {
    logger.debug('discord rate limit wait', { method: info.method, route: info.route, waitMs: info.timeToReset, global: info.global });
  });
  client.rest.on('response', (request, response) => {
    // discord.js retries a 429 after Retry-After by itself; this only makes it visible.
    if (response.status !== 429) return;
    const retryAfter = response.headers.get('retry-after');
    logger.warn('discord rate limited', { method: request.method, route: request.route, retryAfterSeconds: retryAfter === null ? null : Number(retryAfter) });
  });
}
