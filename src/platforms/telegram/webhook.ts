/**
 * Webhook mode: Telegram POSTs updates to the path of TELEGRAM_WEBHOOK_URL on the instance's
 * HTTP server (src/ops/http-server.ts, shared with /healthz, /readyz and /metrics). Telegram
 * sends the secret given to setWebhook in the X-Telegram-Bot-Api-Secret-Token header;
 * anything without it is refused with 401, so only Telegram can feed the bot updates.
 *
 * The answer goes out once the update is handled, and a failed update still gets 200:
 * handlers are idempotent, and a poison update must not be redelivered forever. An update
 * another instance is still handling, and any update arriving while this instance shuts
 * down, get 503: Telegram delivers it again later, possibly to another instance.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Update } from 'grammy/types';
import { readBody, startOpsServer, type HttpRoutes, type RouteHandler } from '../../ops/http-server.ts';

/** `retry`: Telegram should deliver this update again later (503). */
export type WebhookOutcome = 'handled' | 'retry';

export interface WebhookRouteOptions {
  readonly secret: string;
  readonly handle: (update: Update) => Promise<WebhookOutcome>;
}

export interface WebhookRoute {
  readonly handler: RouteHandler;
  /** From now on updates are refused with 503 (shutdown); the ones in hand finish. */
  stopAccepting(): void;
  /** Resolves when the requests in hand have been answered. */
  drained(): Promise<void>;
}

/** Telegram's updates are small; this bounds what an unauthenticated sender can make us read. */
const MAX_BODY_BYTES = 1 << 20;

export function telegramWebhookRoute(options: WebhookRouteOptions): WebhookRoute {
  const expected = Buffer.from(options.secret, 'utf8');
  let accepting = true;
  const inHand = new Set<Promise<void>>();
  const handler: RouteHandler = (request, response) => {
    const task = handle(request, response);
    inHand.add(task);
    return task.finally(() => inHand.delete(task));
  };
  const handle: RouteHandler = async (request, response) => {
    const respond = (status: number, body = '', headers: Record<string, string> = {}): void => {
      response.writeHead(status, headers).end(body);
    };
    if (!secretMatches(request, expected)) return respond(401, 'unauthorized');
    if (!accepting) return respond(503, 'shutting down', { 'retry-after': '5' });
    const update = parseUpdate(await readBody(request, MAX_BODY_BYTES));
    if (!update) return respond(400, 'bad update');
    const outcome = await options.handle(update);
    if (outcome === 'retry') return respond(503, 'busy', { 'retry-after': '5' });
    respond(200, '{}', { 'content-type': 'application/json' });
  };
  return {
    handler,
    stopAccepting() {
      accepting = false;
    },
    async drained() {
      while (inHand.size > 0) await Promise.allSettled([...inHand]);
    },
  };
}

export function mountWebhook(routes: HttpRoutes, path: string, route: WebhookRoute): void {
  routes.route('POST', path, route.handler);
}

export interface WebhookServerOptions extends WebhookRouteOptions {
  readonly port: number;
  readonly host?: string;
  /** The request path, from the webhook URL ("/telegram"). */
  readonly path: string;
}

export interface WebhookServer {
  readonly port: number;
  close(): Promise<void>;
}

/** A server of its own for the webhook (when the caller gives none), with /healthz. */
export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const server = await startOpsServer({ port: options.port, ...(options.host ? { host: options.host } : {}) });
  mountWebhook(server, options.path, telegramWebhookRoute(options));
  return server;
}

function secretMatches(request: IncomingMessage, expected: Buffer): boolean {
  const header = request.headers['x-telegram-bot-api-secret-token'];
  const given = Buffer.from(Array.isArray(header) ? (header[0] ?? '') : (header ?? ''), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function parseUpdate(body: Buffer | null): Update | null {
  if (!body) return null;
  try {
    const update = JSON.parse(body.toString('utf8')) as unknown;
    return typeof update === 'object' && update !== null && typeof (update as { update_id?: unknown }).update_id === 'number'
      ? (update as Update)
      : null;
  } catch {
    return null;
  }
}
