/**
 * Webhook mode: a node:http server on PORT receives Telegram's POSTs at the path of
 * TELEGRAM_WEBHOOK_URL. Telegram sends the secret given to setWebhook in the
 * X-Telegram-Bot-Api-Secret-Token header; anything without it is refused with 401, so only
 * Telegram can feed the bot updates. The answer goes out once the update is handled, and a
 * failed update still gets 200: handlers are idempotent, and a poison update must not be
 * redelivered forever.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from 'grammy/types';

export interface WebhookServerOptions {
  readonly port: number;
  readonly host?: string;
  /** The request path, from the webhook URL ("/telegram"). */
  readonly path: string;
  readonly secret: string;
  readonly handle: (update: Update) => Promise<void>;
}

export interface WebhookServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Telegram's updates are small; this bounds what an unauthenticated sender can make us read. */
const MAX_BODY_BYTES = 1 << 20;

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const expected = Buffer.from(options.secret, 'utf8');
  const server: Server = createServer((request, response) => {
    const respond = (status: number, body = '', headers: Record<string, string> = {}): void => {
      response.writeHead(status, headers).end(body);
    };
    void (async () => {
      const path = (request.url ?? '').split('?')[0];
      if (request.method === 'GET' && path === '/healthz') return respond(200, 'ok');
      if (path !== options.path) return respond(404);
      if (request.method !== 'POST') return respond(405, '', { allow: 'POST' });
      if (!secretMatches(request, expected)) return respond(401, 'unauthorized');
      const update = await readUpdate(request);
      if (!update) return respond(400, 'bad update');
      await options.handle(update);
      respond(200, '{}', { 'content-type': 'application/json' });
    })().catch(() => {
      if (!response.headersSent) respond(500);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function secretMatches(request: IncomingMessage, expected: Buffer): boolean {
  const header = request.headers['x-telegram-bot-api-secret-token'];
  const given = Buffer.from(Array.isArray(header) ? (header[0] ?? '') : (header ?? ''), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readUpdate(request: IncomingMessage): Promise<Update | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  try {
    const update = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    return typeof update === 'object' && update !== null && typeof (update as { update_id?: unknown }).update_id === 'number'
      ? (update as Update)
      : null;
  } catch {
    return null;
  }
}
