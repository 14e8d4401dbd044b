/**
 * The one HTTP server of an instance, on PORT: `GET /healthz` (the process answers),
 * `GET /readyz` (the database answers and every platform is connected; 503 otherwise, and
 * while shutting down, so a load balancer stops sending traffic before the process stops
 * taking it), `GET /metrics` (Prometheus), and the platforms' own routes mounted by the
 * adapters (Telegram's webhook, Discord's interactions endpoint).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A platform route: it reads the request and must answer it, whatever happens. */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** One thing readiness depends on; resolves true when it is fine. A throw counts as not ready. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<boolean>;
}

/** Where adapters mount their routes, so each needs no server of its own. */
export interface HttpRoutes {
  route(method: 'GET' | 'POST', path: string, handler: RouteHandler): void;
}

export interface OpsServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly metrics?: () => Promise<{ contentType: string; body: string }>;
  /** A readiness check slower than this counts as failed: a hung database is not ready. */
  readonly checkTimeoutMs?: number;
}

export interface OpsServer extends HttpRoutes {
  readonly port: number;
  addReadinessCheck(check: ReadinessCheck): void;
  /** From now on /readyz answers 503 (shutdown has begun); routes keep answering. */
  markDraining(): void;
  close(): Promise<void>;
}

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const routes = new Map<string, RouteHandler>();
  const checks: ReadinessCheck[] = [];
  let draining = false;
  const checkTimeoutMs = options.checkTimeoutMs ?? 2000;

  const readiness = async (): Promise<{ ready: boolean; checks: Record<string, boolean> }> => {
    const results = await Promise.all(checks.map(async (check) => [check.name, await withTimeout(check.check(), checkTimeoutMs)] as const));
    const byName = Object.fromEntries(results);
    return { ready: !draining && results.every(([, ok]) => ok), checks: { ...byName, ...(draining ? { draining: false } : {}) } };
  };

  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    };
    void (async () => {
      const handler = routes.get(`${request.method ?? ''} ${path}`);
      if (handler) return handler(request, response);
      if (request.method === 'GET' && path === '/healthz') return send(200, 'ok');
      if (request.method === 'GET' && path === '/readyz') {
        const state = await readiness();
        return send(state.ready ? 200 : 503, JSON.stringify(state), 'application/json');
      }
      if (request.method === 'GET' && path === '/metrics' && options.metrics) {
        const { contentType, body } = await options.metrics();
        return send(200, body, contentType);
      }
      const known = [...routes.keys()].some((key) => key.endsWith(` ${path}`));
      if (known) return send(405, 'method not allowed');
      send(404, 'not found');
    })().catch(() => {
      if (!response.headersSent) send(500, 'internal error');
      else response.destroy();
    });
  });
  // Keep-alive connections from a proxy must not hold a shutdown for minutes.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closed: Promise<void> | null = null;
  return {
    port: (server.address() as AddressInfo).port,
    route(method, path, handler) {
      routes.set(`${method} ${path}`, handler);
    },
    addReadinessCheck(check) {
      checks.push(check);
    },
    markDraining() {
      draining = true;
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests still running get a moment to answer, then their sockets go.
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      });
      return closed;
    },
  };
}

async function withTimeout(check: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([check.catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads a request body up to `limit` bytes; null when it is larger. */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
