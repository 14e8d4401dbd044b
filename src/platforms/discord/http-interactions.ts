/**
 * Discord's HTTP interactions: with an "Interactions Endpoint URL" set in the Developer
 * Portal, Discord POSTs every slash command, button and modal to that URL instead of the
 * gateway, so any instance behind the load balancer can serve them.
 *
 * Every request is authenticated: Ed25519 over timestamp + body with the application's
 * public key (DISCORD_PUBLIC_KEY), checked with node:crypto; a request without a valid
 * signature, or with a timestamp too far from now, gets 401 (Discord itself sends such
 * requests to check that the endpoint refuses them). A request seen before (same signature)
 * is a replay and is refused too. PING is answered with PONG.
 *
 * The interaction is then handed to discord.js as if it came from the gateway, so the same
 * router and handlers serve both paths. Their first answer (reply, defer, update, modal),
 * which discord.js sends to the callback route, is caught on its way out and becomes the
 * body of the HTTP response, as Discord expects for this transport; later calls (edits,
 * follow-ups) go to the REST API as usual. A first answer carrying files cannot be an HTTP
 * response body: it goes out as a deferral, and its content as an edit of the original.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { Client } from 'discord.js';
import { readBody, type RouteHandler } from '../../ops/http-server.ts';

/** DER prefix of an Ed25519 public key in SubjectPublicKeyInfo form (RFC 8410). */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Refuse requests signed longer ago (or further ahead, clock skew) than this. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export class DiscordPublicKeyError extends Error {
  constructor() {
    super('DISCORD_PUBLIC_KEY must be the application\'s public key: 64 hexadecimal characters');
    this.name = 'DiscordPublicKeyError';
  }
}

export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new DiscordPublicKeyError();
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

export type SignatureCheck = 'valid' | 'invalid' | 'stale' | 'replayed';

/**
 * Checks a request's signature and freshness. Signatures seen within the freshness window
 * are remembered, so the same request sent again is refused; older ones need no memory, their
 * timestamp refuses them.
 */
export class SignatureVerifier {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly key: KeyObject,
    private readonly nowSeconds: () => number = () => Date.now() / 1000,
  ) {}

  check(signatureHex: string | undefined, timestamp: string | undefined, body: Buffer): SignatureCheck {
    if (!signatureHex || !timestamp || !/^[0-9a-fA-F]{128}$/.test(signatureHex) || !/^\d{1,12}$/.test(timestamp)) return 'invalid';
    const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), body]);
    if (!verify(null, signed, this.key, Buffer.from(signatureHex, 'hex'))) return 'invalid';
    const now = this.nowSeconds();
    if (Math.abs(now - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) return 'stale';
    this.forgetOlderThan(now - 2 * MAX_CLOCK_SKEW_SECONDS);
    const id = signatureHex.toLowerCase();
    if (this.seen.has(id)) return 'replayed';
    this.seen.set(id, now);
    return 'valid';
  }

  private forgetOlderThan(limit: number): void {
    for (const [id, at] of this.seen) {
      if (at >= limit) break;
      this.seen.delete(id);
    }
  }
}

/** Interaction callback types (Discord API v10). */
const PING = 1;
const PONG = 1;
const DEFERRED_CHANNEL_MESSAGE = 5;
const DEFERRED_UPDATE_MESSAGE = 6;
const UPDATE_MESSAGE = 7;

/** Interactions are a few kilobytes; this bounds what an unauthenticated sender can make us read. */
const MAX_BODY_BYTES = 256 * 1024;
/** Discord waits 3 s for the answer; the router defers after 1.5 s, so this is a last resort. */
const ANSWER_TIMEOUT_MS = 2800;

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

interface Pending {
  resolve(body: unknown): void;
}

export interface HttpInteractionsOptions {
  readonly client: Client;
  readonly verifier: SignatureVerifier;
  /** Claims an interaction id across instances; false when another instance has it. */
  readonly admit?: (interactionId: string) => Promise<boolean>;
  /** Called for each interaction handed to discord.js (metrics). */
  readonly onInteraction?: (outcome: 'handled' | 'refused' | 'duplicate' | 'failed') => void;
}

/**
 * The REST side: wraps discord.js's request function so an interaction's first answer is
 * caught for the HTTP response. Install with `new Client({ rest: { makeRequest } })`.
 */
export class InteractionAnswers {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly send: Fetch = (url, init) => fetch(url, init)) {}

  /** For discord.js's `rest.makeRequest`. */
  readonly makeRequest = async (url: string, init: RequestInit): Promise<Response> => {
    const match = /\/interactions\/(\d+)\/([^/]+)\/callback(?:\?|$)/.exec(url);
    const pending = match ? this.pending.get(match[1] ?? '') : undefined;
    if (!match || !pending) return this.send(url, init);
    this.pending.delete(match[1] ?? '');
    if (typeof init.body === 'string') {
      pending.resolve(JSON.parse(init.body) as unknown);
      return new Response(null, { status: 204 });
    }
    if (init.body instanceof FormData) {
      const payload = JSON.parse(String(init.body.get('payload_json') ?? '{}')) as { type?: number; data?: { flags?: number } };
      const update = payload.type === UPDATE_MESSAGE || payload.type === DEFERRED_UPDATE_MESSAGE;
      pending.resolve(update ? { type: DEFERRED_UPDATE_MESSAGE } : { type: DEFERRED_CHANNEL_MESSAGE, data: { flags: payload.data?.flags ?? 0 } });
      // The original exists once Discord has our HTTP answer: edit it with the files.
      const applicationUrl = url.replace(/\/interactions\/(\d+)\/([^/?]+)\/callback.*$/, `/webhooks/${this.applicationIdOf(match[1] ?? '')}/$2/messages/@original`);
      const form = new FormData();
      for (const [name, value] of init.body.entries()) form.append(name, name === 'payload_json' ? JSON.stringify(payload.data ?? {}) : value);
      setTimeout(() => {
        void this.send(applicationUrl, { ...init, method: 'PATCH', body: form }).catch(() => undefined);
      }, 50);
      return new Response(null, { status: 204 });
    }
    pending.resolve({ type: DEFERRED_UPDATE_MESSAGE });
    return new Response(null, { status: 204 });
  };

  private readonly applications = new Map<string, string>();

  private applicationIdOf(interactionId: string): string {
    const id = this.applications.get(interactionId) ?? '';
    this.applications.delete(interactionId);
    return id;
  }

  /** Waits for the first answer to this interaction, or null after the timeout. */
  expect(interactionId: string, applicationId: string, timeoutMs = ANSWER_TIMEOUT_MS): Promise<unknown> {
    this.applications.set(interactionId, applicationId);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(interactionId);
        this.applications.delete(interactionId);
        resolve(null);
      }, timeoutMs);
      this.pending.set(interactionId, {
        resolve: (body) => {
          clearTimeout(timer);
          resolve(body);
        },
      });
    });
  }
}

/** The route for POST <interactions path>. */
export function interactionsRoute(options: HttpInteractionsOptions & { readonly answers: InteractionAnswers }): RouteHandler {
  const { client, verifier, answers } = options;
  const report = options.onInteraction ?? (() => undefined);
  return async (request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const body = await readBody(request, MAX_BODY_BYTES);
    if (!body) return reply(413, 'too large');
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const check = verifier.check(header('x-signature-ed25519'), header('x-signature-timestamp'), body);
    if (check !== 'valid') {
      report('refused');
      return reply(401, check === 'invalid' ? 'invalid request signature' : `${check} request`);
    }
    let interaction: { id?: unknown; type?: unknown; application_id?: unknown };
    try {
      interaction = JSON.parse(body.toString('utf8')) as typeof interaction;
    } catch {
      return reply(400, 'bad json');
    }
    if (interaction.type === PING) return reply(200, { type: PONG });
    if (typeof interaction.id !== 'string' || typeof interaction.application_id !== 'string') return reply(400, 'bad interaction');
    if (options.admit && !(await options.admit(interaction.id))) {
      report('duplicate');
      return reply(409, 'already handled');
    }
    const answer = answers.expect(interaction.id, interaction.application_id);
    dispatchToClient(client, interaction);
    const first = await answer;
    if (first === null) {
      report('failed');
      return reply(500, 'no answer');
    }
    report('handled');
    reply(200, first);
  };
}

/**
 * Hands a raw interaction to discord.js, which builds the interaction object and emits
 * interactionCreate as it does for a gateway INTERACTION_CREATE.
 */
function dispatchToClient(client: Client, data: unknown): void {
  const actions = (client as unknown as { actions: { InteractionCreate: { handle(data: unknown): void } } }).actions;
  actions.InteractionCreate.handle(data);
}
