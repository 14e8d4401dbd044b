/**
 * The Discord adapter: logs in, routes interactions, counts 👍 reactions as CME endorsements,
 * and offers a publisher for scheduled posts. Started by the composition root when DISCORD_TOKEN is set, beside Telegram or alone.
 * Slash commands are registered separately (deploy-commands.ts), not at every start.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Events, type Client } from 'discord.js';
import type { App } from '../../app.ts';
import type { HttpRoutes } from '../../ops/http-server.ts';
import { noTelemetry, type Telemetry } from '../../ops/telemetry.ts';
import type { CommunityPublisher } from '../publisher.ts';
import type { UpdateLedger } from '../update-ledger.ts';
import { createDiscordClient } from './client.ts';
import { GatewayLease, type LeaseStore } from './gateway-lease.ts';
import { InteractionAnswers, interactionsRoute, publicKeyFromHex, SignatureVerifier } from './http-interactions.ts';
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
  /** The instance's HTTP server: with DISCORD_PUBLIC_KEY, interactions are received there. */
  readonly http?: HttpRoutes;
  readonly telemetry?: Telemetry;
  /** Given, the gateway runs only while this instance holds the "discord-gateway" lease. */
  readonly leases?: LeaseStore;
  /** Interactions handled already, across instances. */
  readonly ledger?: UpdateLedger;
  /** Names this instance in the lease; defaults to host, pid and a random suffix. */
  readonly instance?: string;
  /** Lease lifetime (the takeover delay when the holder dies) and renewal period. */
  readonly leaseTtlMs?: number;
  readonly leaseIntervalMs?: number;
}

export interface DiscordHandle {
  readonly publisher: CommunityPublisher;
  /** Resolves when the interactions and reactions received so far are handled. */
  settle(): Promise<void>;
  /** Waits for the interactions and reactions being handled, then disconnects. */
  stop(): Promise<void>;
  /** Connected to the gateway, or standing by for it while interactions come over HTTP. */
  ready(): boolean;
  /** Whether this instance runs the gateway now. */
  holdsGateway(): boolean;
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
  const telemetry = options.telemetry ?? noTelemetry;
  const apiRoot = options.apiRoot ?? app.config.DISCORD_API_ROOT;
  const publicKey = app.config.DISCORD_PUBLIC_KEY;
  const answers = publicKey ? new InteractionAnswers() : null;
  const client = createDiscordClient({ ...(apiRoot ? { apiRoot } : {}), ...(answers ? { makeRequest: answers.makeRequest } : {}) });
  const router = new InteractionRouter(app, {
    deferAfterMs: options.deferAfterMs ?? DEFER_AFTER_MS,
    slowCommands: new Set(options.slowCommands ?? SLOW_COMMANDS),
    telemetry,
  });
  const reactions = new ReactionCounter(app);
  watch(app, client, telemetry);
  client.on(Events.InteractionCreate, router.listener);
  client.on(Events.MessageReactionAdd, reactions.added);
  client.on(Events.MessageReactionRemove, reactions.removed);
  // REST works without the gateway: publishers and interaction answers need only the token.
  client.token = token;
  client.rest.setToken(token);

  if (publicKey && answers) {
    if (!options.http) throw new DiscordStartError('DISCORD_PUBLIC_KEY is set but no HTTP server was given for the interactions endpoint');
    const ledger = options.ledger;
    options.http.route(
      'POST',
      app.config.DISCORD_INTERACTIONS_PATH,
      interactionsRoute({
        client,
        answers,
        verifier: new SignatureVerifier(publicKeyFromHex(publicKey)),
        ...(ledger ? { admit: async (id: string) => (await ledger.admit(`discord:${id}`, new Date())) === 'first' } : {}),
        onInteraction: (outcome) => telemetry.update('discord', 'http_interaction', outcome),
      }),
    );
    app.logger.info('discord interactions endpoint ready', { path: app.config.DISCORD_INTERACTIONS_PATH });
  }

  let connected = false;
  const connect = async () => {
    // Attached before login: the ready event may come before login() resolves.
    const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
    try {
      await client.login(token);
    } catch (cause) {
      throw new DiscordStartError('Discord login failed (check DISCORD_TOKEN and DISCORD_API_ROOT)', { cause });
    }
    const user = await ready;
    connected = true;
    const expected = app.config.DISCORD_APPLICATION_ID;
    if (expected && user.application.id !== expected) {
      app.logger.warn('discord application id differs from DISCORD_APPLICATION_ID', { expected, actual: user.application.id });
    }
    app.logger.info('discord ready', { guilds: user.guilds.cache.size });
  };
  const disconnect = async () => {
    connected = false;
    await client.destroy();
    // destroy() forgets the token; REST calls (answers, posts) still need it.
    client.token = token;
    client.rest.setToken(token);
  };

  const lease = options.leases
    ? new GatewayLease({
        store: options.leases,
        holder: options.instance ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
        logger: app.logger,
        connect,
        disconnect,
        ...(options.leaseTtlMs ? { ttlMs: options.leaseTtlMs } : {}),
        ...(options.leaseIntervalMs ? { intervalMs: options.leaseIntervalMs } : {}),
      })
    : null;
  try {
    if (lease) await lease.start();
    else await connect();
  } catch (error) {
    await client.destroy();
    throw error;
  }
  return {
    publisher: new DiscordPublisher(client, app.config.DISCORD_APPLICATION_ID),
    async settle() {
      await Promise.all([router.settle(), reactions.settle()]);
    },
    async stop() {
      client.off(Events.InteractionCreate, router.listener);
      client.off(Events.MessageReactionAdd, reactions.added);
      client.off(Events.MessageReactionRemove, reactions.removed);
      await Promise.all([router.settle(), reactions.settle()]);
      if (lease) await lease.stop();
      await client.destroy();
    },
    // A standby instance serves HTTP interactions and posts; only the lease holder needs the socket.
    ready: () => (lease && !lease.holding ? publicKey !== undefined : connected),
    holdsGateway: () => (lease ? lease.holding : connected),
  };
}

/** Client-level problems go to the log; none of them carries a user id or the token. */
function watch(app: App, client: Client, telemetry: Telemetry): void {
  const { logger } = app;
  client.on(Events.Error, (error) => logger.error('discord client error', { error }));
  client.on(Events.Warn, (message) => logger.warn('discord warning', { message }));
  client.on(Events.ShardDisconnect, (event) => logger.warn('discord gateway disconnected', { code: event.code }));
  // Routes are logged as their bucket templates (ids and tokens replaced); URLs never are.
  client.rest.on('rateLimited', (info) => {
    logger.debug('discord rate limit wait', { method: info.method, route: info.route, waitMs: info.timeToReset, global: info.global });
  });
  client.rest.on('response', (request, response) => {
    const route = `${request.method} ${request.route}`;
    // discord.js retries a 429 after Retry-After by itself; this only makes it visible.
    if (response.status === 429) {
      telemetry.platformCall('discord', route, 'rate_limited');
      const retryAfter = response.headers.get('retry-after');
      logger.warn('discord rate limited', { method: request.method, route: request.route, retryAfterSeconds: retryAfter === null ? null : Number(retryAfter) });
      return;
    }
    telemetry.platformCall('discord', route, response.ok ? 'ok' : 'error');
  });
}
