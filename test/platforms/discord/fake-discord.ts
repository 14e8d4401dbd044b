/**
 * A fake Discord on 127.0.0.1, enough for the real discord.js client to run against it:
 * the REST routes under /api/v10 the bot uses (gateway discovery, interaction callbacks,
 * webhook edits and follow-ups with file uploads, channel messages, DMs, command
 * registration) and a WebSocket gateway (HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats
 * and ACKs, RESUME → RESUMED, INTERACTION_CREATE, and MESSAGE_REACTION_ADD / REMOVE when the
 * bot asked for the GuildMessageReactions intent). It keeps the messages it was sent, so
 * tests "click" on what the bot really rendered.
 *
 * Discord's behaviours it enforces, to catch bot mistakes: one initial response per
 * interaction (40060 otherwise), webhook edits only after a response, auth on bot routes.
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

/* eslint-disable @typescript-eslint/no-explicit-any -- the fake speaks raw Discord JSON */

const DISCORD_EPOCH = 1420070400000n;
let counter = 0n;

/** A real-looking snowflake (19 digits), increasing. */
export function snowflake(): string {
  counter = (counter + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | counter).toString();
}

export const MANAGE_GUILD = 1n << 5n;
export const SEND_MESSAGES = 1n << 11n;
/** Gateway intent bits the fake honours. */
export const INTENT_GUILDS = 1 << 0;
export const INTENT_GUILD_MESSAGE_REACTIONS = 1 << 10;

/** A slash-command option value; `{ channel }` is a channel option (type 7) naming one of the guild's channels. */
export type FakeOptionValue = string | number | boolean | { readonly channel: string } | { readonly attachment: { readonly name: string; readonly data: Buffer } };

export interface FakeUser {
  readonly id: string;
  readonly username: string;
  readonly locale: string;
  /** The member's permissions in the channel, as Discord computes them. */
  readonly permissions: bigint;
  readonly dmsClosed?: boolean;
}

export interface UploadedFile {
  readonly field: string;
  readonly name: string;
  readonly contentType: string;
  readonly data: Buffer;
}

export interface RestCall {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: any;
  readonly files: readonly UploadedFile[];
  readonly authorization: string | null;
  status: number;
}

export interface FakeMessage {
  readonly id: string;
  readonly channelId: string;
  /** A member's message; the bot's own messages have none. */
  readonly author?: FakeUser;
  content: string;
  components: any[];
  flags: number;
  attachments: UploadedFile[];
  deferred: boolean;
  deleted: boolean;
  edits: number;
}

export interface FakeInteraction {
  readonly id: string;
  readonly token: string;
  readonly type: number;
  readonly user: FakeUser;
  readonly payload: any;
  /** The message a component or modal came from. */
  readonly sourceMessageId?: string;
  readonly callbacks: { type: number; data: any }[];
  /** The message `@original` points at, once there is one. */
  originalMessageId?: string;
  readonly followUps: string[];
  readonly edits: number[];
}

interface Failure {
  readonly method: string | undefined;
  readonly path: RegExp;
  readonly status: number;
  readonly retryAfter: number;
  remaining: number;
}

export interface FakeDiscordOptions {
  readonly token: string;
  readonly applicationId?: string;
  readonly guildId?: string;
  readonly guildName?: string;
  readonly heartbeatIntervalMs?: number;
}

export class FakeDiscord {
  /** Files members attached to commands, by attachment id, served as Discord's CDN would. */
  private readonly attachments = new Map<string, Buffer>();
  attachmentDownloads = 0;
  readonly applicationId: string;
  readonly guildId: string;
  readonly channelId = snowflake();
  /** A channel of another server the bot is also in: never a destination for this community. */
  readonly foreignChannelId = snowflake();
  readonly foreignGuildId = snowflake();
  /** The bot user's id: Discord gives a bot user the id of its application. */
  readonly botId: string;
  readonly calls: RestCall[] = [];
  readonly messages = new Map<string, FakeMessage>();
  readonly interactions = new Map<string, FakeInteraction>();
  readonly registered = new Map<string, any[]>();
  readonly identifies: any[] = [];
  readonly problems: string[] = [];
  heartbeats = 0;
  acks = 0;
  resumes = 0;
  rateLimited = 0;
  private readonly failures: Failure[] = [];
  private readonly dmChannels = new Map<string, FakeUser | undefined>();
  private readonly users = new Map<string, FakeUser>();
  private readonly commandIds = new Map<string, string>();
  private socket: WebSocket | null = null;
  private sequence = 0;
  private sessionId = '';

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    private readonly options: FakeDiscordOptions,
  ) {
    this.applicationId = options.applicationId ?? snowflake();
    this.botId = this.applicationId;
    this.guildId = options.guildId ?? snowflake();
  }

  static async start(options: FakeDiscordOptions): Promise<FakeDiscord> {
    const server = createServer();
    const wss = new WebSocketServer({ noServer: true });
    const fake = new FakeDiscord(server, wss, options);
    server.on('request', (req, res) => void fake.handle(req, res));
    server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => fake.connect(ws)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** What DISCORD_API_ROOT is set to: discord.js appends /v10. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get connected(): boolean {
    return this.socket !== null;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  user(username: string, options: { locale?: string; admin?: boolean; dmsClosed?: boolean } = {}): FakeUser {
    const user: FakeUser = {
      id: snowflake(),
      username,
      locale: options.locale ?? 'en-US',
      permissions: SEND_MESSAGES | (options.admin ? MANAGE_GUILD : 0n),
      ...(options.dmsClosed ? { dmsClosed: true } : {}),
    };
    this.users.set(user.id, user);
    return user;
  }

  /** The next `times` requests matching answer `status` (429 carries Retry-After). */
  fail(path: RegExp, options: { method?: string; status?: number; retryAfter?: number; times?: number } = {}): void {
    this.failures.push({ method: options.method, path, status: options.status ?? 429, retryAfter: options.retryAfter ?? 0.05, remaining: options.times ?? 1 });
  }

  // ---- Polling helpers (no sleeps in tests) ----

  async until<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /**
   * Waits until the interaction got its initial response (and, if deferred, its first edit or
   * follow-up). Later follow-ups may still be on their way: wait for those with `until`.
   */
  async answered(interaction: FakeInteraction): Promise<FakeInteraction> {
    return this.until(() => {
      const first = interaction.callbacks[0];
      if (!first) return null;
      if (first.type === 5 || first.type === 6) return interaction.edits.length + interaction.followUps.length > 0 ? interaction : null;
      return interaction;
    }, `an answer to interaction ${interaction.payload.data?.name ?? interaction.payload.data?.custom_id}`);
  }

  /** The message an interaction's response created or updated. */
  original(interaction: FakeInteraction): FakeMessage {
    const message = interaction.originalMessageId ? this.messages.get(interaction.originalMessageId) : undefined;
    if (!message) throw new Error('The interaction has no response message');
    return message;
  }

  /** Messages sent in reply to this interaction (its response and follow-ups), in order. */
  repliesTo(interaction: FakeInteraction): FakeMessage[] {
    const ids = [interaction.originalMessageId, ...interaction.followUps].filter((id): id is string => id !== undefined);
    return [...new Set(ids)].map((id) => this.messages.get(id)).filter((m): m is FakeMessage => m !== undefined);
  }

  // ---- Gateway ----

  private connect(socket: WebSocket): void {
    this.socket = socket;
    socket.on('message', (raw) => this.onGateway(socket, raw));
    socket.on('close', () => {
      if (this.socket === socket) this.socket = null;
    });
    this.send(socket, { op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs ?? 45_000 } });
  }

  private onGateway(socket: WebSocket, raw: RawData): void {
    let payload: { op: number; d: any };
    try {
      payload = JSON.parse(String(raw)) as { op: number; d: any };
    } catch {
      this.problems.push('gateway: a frame that is not JSON');
      return;
    }
    switch (payload.op) {
      case 1:
        this.heartbeats += 1;
        this.send(socket, { op: 11 });
        this.acks += 1;
        return;
      case 2:
        this.identify(socket, payload.d);
        return;
      case 6:
        if (payload.d?.session_id === this.sessionId && payload.d?.token === this.options.token) {
          this.resumes += 1;
          this.dispatch('RESUMED', {});
        } else {
          this.send(socket, { op: 9, d: false });
        }
        return;
      default:
        this.problems.push(`gateway: unexpected op ${payload.op}`);
    }
  }

  private identify(socket: WebSocket, data: any): void {
    this.identifies.push(data);
    if (data?.token !== this.options.token) {
      socket.close(4004, 'Authentication failed');
      return;
    }
    this.sessionId = randomBytes(16).toString('hex');
    this.sequence = 0;
    this.dispatch('READY', {
      v: 10,
      user: this.botUser(),
      guilds: [{ id: this.guildId, unavailable: true }],
      session_id: this.sessionId,
      resume_gateway_url: `ws://127.0.0.1:${this.port}`,
      application: { id: this.applicationId, flags: 0 },
    });
    this.dispatch('GUILD_CREATE', this.guildJson());
  }

  /** Asks the client for a heartbeat now (op 1), as Discord may. */
  requestHeartbeat(): void {
    if (this.socket) this.send(this.socket, { op: 1, d: this.sequence });
  }

  /** Drops the connection as a network failure would; the client reconnects and resumes. */
  dropConnection(code = 4000): void {
    this.socket?.close(code, 'dropped by the test');
  }

  private dispatch(type: string, data: unknown): void {
    if (!this.socket) throw new Error(`No gateway connection to send ${type}`);
    this.sequence += 1;
    this.send(this.socket, { op: 0, t: type, s: this.sequence, d: data });
  }

  private send(socket: WebSocket, payload: Record<string, unknown>): void {
    socket.send(JSON.stringify({ s: null, t: null, d: null, ...payload }));
  }

  private botUser(): any {
    return { id: this.botId, username: 'Confreres', discriminator: '0000', global_name: null, avatar: null, bot: true };
  }

  private guildJson(): any {
    return {
      id: this.guildId,
      name: this.options.guildName ?? 'Médecins de test',
      unavailable: false,
      owner_id: snowflake(),
      icon: null,
      features: [],
      roles: [{ id: this.guildId, name: '@everyone', permissions: String(SEND_MESSAGES), position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
      emojis: [],
      stickers: [],
      channels: [this.channelJson()],
      threads: [],
      members: [],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      member_count: 4,
      large: false,
      joined_at: new Date().toISOString(),
      preferred_locale: 'fr',
      system_channel_id: this.channelId,
    };
  }

  private channelJson(): any {
    return { id: this.channelId, type: 0, guild_id: this.guildId, name: 'general', position: 0, permission_overwrites: [], nsfw: false, parent_id: null };
  }

  // ---- Interactions sent to the bot ----

  private interaction(user: FakeUser, type: number, data: any, sourceMessageId?: string, dm = false): FakeInteraction {
    const id = snowflake();
    const token = `tok_${randomBytes(24).toString('hex')}`;
    const source = sourceMessageId ? this.messages.get(sourceMessageId) : undefined;
    const userJson = { id: user.id, username: user.username, discriminator: '0', global_name: user.username, avatar: null };
    const where = dm
      ? { channel_id: this.dmChannelOf(user), channel: { id: this.dmChannelOf(user), type: 1, recipients: [userJson] }, user: userJson, context: 1 }
      : { guild_id: this.guildId, channel_id: this.channelId, channel: this.channelJson(), member: this.memberJson(user, userJson), context: 0 };
    const payload = {
      id,
      application_id: this.applicationId,
      type,
      token,
      version: 1,
      ...where,
      locale: user.locale,
      ...(dm ? {} : { guild_locale: 'fr' }),
      app_permissions: String(SEND_MESSAGES),
      entitlements: [],
      authorizing_integration_owners: { '0': this.guildId },
      attachment_size_limit: 26_214_400,
      data,
      ...(source ? { message: this.messageJson(source) } : {}),
    };
    const interaction: FakeInteraction = {
      id,
      token,
      type,
      user,
      payload,
      ...(sourceMessageId ? { sourceMessageId } : {}),
      callbacks: [],
      followUps: [],
      edits: [],
    };
    this.interactions.set(id, interaction);
    if (this.endpoints.length > 0) void this.postInteraction(interaction);
    else this.dispatch('INTERACTION_CREATE', payload);
    return interaction;
  }

  // ---- HTTP interactions (an Interactions Endpoint URL set in the portal) ----

  /** The application's signing key pair; `publicKeyHex` goes into DISCORD_PUBLIC_KEY. */
  private readonly signingKeys = generateKeyPairSync('ed25519');
  readonly publicKeyHex = this.signingKeys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  private endpoints: string[] = [];
  /** Each HTTP delivery: interaction id and the status the bot answered with (0: no answer). */
  readonly endpointDeliveries: { id: string; status: number }[] = [];

  /**
   * From now on interactions are POSTed, signed, to one of `urls` at random (a load balancer
   * in front of several instances) instead of the gateway; the HTTP answer is the callback.
   */
  useInteractionsEndpoint(urls: readonly string[]): void {
    this.endpoints = [...urls];
  }

  /** Signs a body as Discord does: Ed25519 over timestamp + body. */
  signRequest(body: string, timestamp = String(Math.floor(Date.now() / 1000)), key: KeyObject = this.signingKeys.privateKey): Record<string, string> {
    const signature = sign(null, Buffer.from(timestamp + body, 'utf8'), key).toString('hex');
    return { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp };
  }

  private async postInteraction(interaction: FakeInteraction): Promise<void> {
    const url = this.endpoints[Math.floor(Math.random() * this.endpoints.length)] ?? '';
    const body = JSON.stringify(interaction.payload);
    let status = 0;
    try {
      const response = await fetch(url, { method: 'POST', headers: this.signRequest(body), body });
      status = response.status;
      const text = await response.text();
      if (status === 200) this.callback(interaction.id, interaction.token, JSON.parse(text), [], () => undefined);
    } catch {
      status = 0;
    }
    this.endpointDeliveries.push({ id: interaction.id, status });
  }

  private dmChannelOf(user: FakeUser): string {
    const existing = [...this.dmChannels.entries()].find(([, recipient]) => recipient?.id === user.id)?.[0];
    if (existing) return existing;
    const id = snowflake();
    this.dmChannels.set(id, user);
    return id;
  }

  private memberJson(user: FakeUser, userJson: unknown): any {
    return {
      user: userJson,
      roles: [],
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      nick: null,
      avatar: null,
      permissions: String(user.permissions),
    };
  }

  /** A slash command as the member typed it. */
  slash(user: FakeUser, name: string, options: { subcommand?: string; options?: Record<string, FakeOptionValue>; dm?: boolean } = {}): FakeInteraction {
    const values = Object.values(options.options ?? {});
    const channels = values.flatMap((value) => (typeof value === 'object' && 'channel' in value ? [value.channel] : []));
    // A file option: Discord uploads it to its CDN and resolves it with a URL; here the fake serves it.
    const attachments: Record<string, unknown> = {};
    const given: Record<string, FakeOptionValue> = {};
    for (const [key, value] of Object.entries(options.options ?? {})) {
      if (typeof value === 'object' && 'attachment' in value) {
        const id = snowflake();
        this.attachments.set(id, value.attachment.data);
        attachments[id] = { id, filename: value.attachment.name, size: value.attachment.data.length, url: `http://127.0.0.1:${this.port}/attachments/${id}/${value.attachment.name}`, proxy_url: `http://127.0.0.1:${this.port}/attachments/${id}/${value.attachment.name}` };
        given[key] = { attachmentId: id } as unknown as FakeOptionValue;
      } else {
        given[key] = value;
      }
    }
    const resolved =
      channels.length > 0 || Object.keys(attachments).length > 0
        ? { resolved: { ...(channels.length > 0 ? { channels: Object.fromEntries(channels.map((id) => [id, this.resolvedChannel(id)])) } : {}), ...(Object.keys(attachments).length > 0 ? { attachments } : {}) } }
        : {};
    const data = { id: this.commandId(name), name, type: 1, ...(options.dm ? {} : { guild_id: this.guildId }), options: commandOptions({ ...options, options: given }), ...resolved };
    return this.interaction(user, 2, data, undefined, options.dm);
  }

  /** The member typing in an option marked autocomplete. */
  autocomplete(user: FakeUser, name: string, options: { subcommand?: string; options?: Record<string, string>; focused: string }): FakeInteraction {
    const values = commandOptions({ ...options, options: { ...options.options } });
    const leaves = options.subcommand ? (values[0]?.options ?? []) : values;
    for (const leaf of leaves) if (leaf.name === options.focused) leaf.focused = true;
    return this.interaction(user, 4, { id: this.commandId(name), name, type: 1, guild_id: this.guildId, options: values });
  }

  /** A member posts in the channel (the bot does not see it: it has no message intent). */
  memberMessage(author: FakeUser, content: string, files: UploadedFile[] = []): FakeMessage {
    const message: FakeMessage = { ...this.createMessage(this.channelId, { content }, files, 0), author };
    this.messages.set(message.id, message);
    return message;
  }

  /** A channel as an interaction's `resolved.channels` carries it (with the member's permissions there). */
  private resolvedChannel(id: string): any {
    if (id !== this.channelId) throw new Error(`The fake guild has no channel ${id}`);
    const { id: _id, type, name, parent_id } = this.channelJson();
    return { id, type, name, parent_id, permissions: String(SEND_MESSAGES) };
  }

  // ---- Reactions (sent only when the bot identified with GuildMessageReactions, as Discord does) ----

  /** Whether the last IDENTIFY asked for these intent bits. */
  hasIntents(bits: number): boolean {
    const intents = Number(this.identifies.at(-1)?.intents ?? 0);
    return (intents & bits) === bits;
  }

  /**
   * A user adds a reaction on a message of the channel (by default a unicode emoji; give `id`
   * for a custom one). Returns false when the bot lacks the intent and Discord would send nothing.
   */
  react(user: FakeUser | 'bot', message: FakeMessage, emoji: string, options: { id?: string; burst?: boolean } = {}): boolean {
    if (!this.hasIntents(INTENT_GUILD_MESSAGE_REACTIONS)) return false;
    const userJson = user === 'bot' ? this.botUser() : { id: user.id, username: user.username, discriminator: '0', global_name: user.username, avatar: null };
    // A gateway member carries no computed permissions (those come with interactions only).
    const { permissions: _permissions, ...member } = this.memberJson(user === 'bot' ? this.botUserAsMember() : user, userJson);
    this.dispatch('MESSAGE_REACTION_ADD', {
      ...this.reactionJson(user, message, emoji, options),
      member,
      message_author_id: message.author?.id ?? this.botId,
      burst_colors: [],
    });
    return true;
  }

  /** A user takes a reaction back; the payload carries no member, as Discord's does not. */
  unreact(user: FakeUser | 'bot', message: FakeMessage, emoji: string, options: { id?: string; burst?: boolean } = {}): boolean {
    if (!this.hasIntents(INTENT_GUILD_MESSAGE_REACTIONS)) return false;
    this.dispatch('MESSAGE_REACTION_REMOVE', this.reactionJson(user, message, emoji, options));
    return true;
  }

  private reactionJson(user: FakeUser | 'bot', message: FakeMessage, emoji: string, options: { id?: string; burst?: boolean }): any {
    return {
      user_id: user === 'bot' ? this.botId : user.id,
      channel_id: message.channelId,
      message_id: message.id,
      guild_id: this.guildId,
      emoji: options.id ? { id: options.id, name: emoji, animated: false } : { id: null, name: emoji },
      burst: options.burst ?? false,
      type: options.burst ? 1 : 0,
    };
  }

  private botUserAsMember(): FakeUser {
    return { id: this.botId, username: 'Confreres', locale: 'en-US', permissions: SEND_MESSAGES };
  }

  /** The member picks a message menu ("Apps") on a message. */
  messageMenu(user: FakeUser, name: string, target: FakeMessage): FakeInteraction {
    const data = { id: this.commandId(name), name, type: 3, guild_id: this.guildId, target_id: target.id, resolved: { messages: { [target.id]: this.messageJson(target) } } };
    return this.interaction(user, 2, data);
  }

  /** A click on a button the bot really rendered on that message. */
  click(user: FakeUser, message: FakeMessage, customId: string): FakeInteraction {
    const component = findComponent(message.components, customId);
    if (!component || component.type !== 2) throw new Error(`No button ${customId} on message ${message.id}`);
    return this.interaction(user, 3, { custom_id: customId, component_type: 2 }, message.id);
  }

  /** A choice in a select menu the bot rendered; values are what its options offer. */
  select(user: FakeUser, message: FakeMessage, customId: string, values: string[]): FakeInteraction {
    const component = findComponent(message.components, customId);
    if (!component || component.type !== 3) throw new Error(`No select menu ${customId} on message ${message.id}`);
    return this.interaction(user, 3, { custom_id: customId, component_type: 3, values }, message.id);
  }

  /** Any component payload, as a modified client could send it. */
  forge(user: FakeUser, message: FakeMessage, customId: string, options: { componentType?: number; values?: string[] } = {}): FakeInteraction {
    const componentType = options.componentType ?? 2;
    return this.interaction(user, 3, { custom_id: customId, component_type: componentType, ...(options.values ? { values: options.values } : {}) }, message.id);
  }

  /** Submits the modal the bot opened in answer to `opener`. */
  submitModal(user: FakeUser, opener: FakeInteraction, value: string): FakeInteraction {
    const modal = opener.callbacks.find((c) => c.type === 9)?.data;
    if (!modal) throw new Error('The bot opened no modal');
    const inputs = (modal.components as any[]).map((c) => c.component ?? c.components?.[0]);
    const input = inputs[0];
    return this.interaction(
      user,
      5,
      { custom_id: modal.custom_id, components: [{ type: 18, id: 1, component: { type: 4, id: 2, custom_id: input.custom_id, value } }] },
      opener.sourceMessageId,
    );
  }

  private commandId(name: string): string {
    let id = this.commandIds.get(name);
    if (!id) {
      id = snowflake();
      this.commandIds.set(name, id);
    }
    return id;
  }

  // ---- REST ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    const file = /^\/attachments\/(\d+)\//.exec(path);
    if (file) {
      const data = this.attachments.get(file[1] ?? '');
      this.attachmentDownloads += 1;
      res.writeHead(data ? 200 : 404, { 'content-type': 'application/octet-stream' });
      res.end(data);
      return;
    }
    const raw = await readBody(req);
    const { body, files } = await parseBody(req.headers['content-type'], raw);
    const call: RestCall = { method: req.method ?? 'GET', path, query: url.searchParams, body, files, authorization: req.headers.authorization ?? null, status: 0 };
    this.calls.push(call);
    const reply = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      res.writeHead(status, { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
      res.end(json === undefined ? undefined : JSON.stringify(json));
    };
    try {
      const failure = this.failures.find((f) => f.remaining > 0 && f.path.test(path) && (!f.method || f.method === call.method));
      if (failure) {
        failure.remaining -= 1;
        if (failure.status === 429) this.rateLimited += 1;
        const headers: Record<string, string> =
          failure.status === 429 ? { 'retry-after': String(failure.retryAfter), 'x-ratelimit-scope': 'user', 'x-ratelimit-bucket': 'fake' } : {};
        reply(failure.status, { message: failure.status === 429 ? 'You are being rate limited.' : 'Fake failure', code: 0, retry_after: failure.retryAfter, global: false }, headers);
        return;
      }
      this.route(call, reply);
    } catch (error) {
      this.problems.push(`REST ${call.method} ${path}: ${(error as Error).message}`);
      reply(500, { message: 'fake error', code: 0 });
    }
  }

  private route(call: RestCall, reply: (status: number, json?: unknown) => void): void {
    const { method, body } = call;
    const parts = call.path.replace(/^\/api\/v10/, '').split('/').filter(Boolean);
    const is = (m: string, pattern: string) => method === m && matches(parts, pattern);
    const bot = () => {
      if (call.authorization === `Bot ${this.options.token}`) return true;
      reply(401, { message: '401: Unauthorized', code: 0 });
      return false;
    };

    if (is('GET', 'gateway/bot')) {
      if (!bot()) return;
      reply(200, { url: `ws://127.0.0.1:${this.port}`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } });
      return;
    }
    if (is('POST', 'interactions/*/*/callback')) {
      this.callback(parts[1] as string, parts[2] as string, body, call.files, reply);
      return;
    }
    if (parts[0] === 'webhooks') {
      this.webhook(call, parts, reply);
      return;
    }
    if (is('GET', 'channels/*')) {
      if (!bot()) return;
      if (parts[1] === this.channelId) reply(200, this.channelJson());
      else if (parts[1] === this.foreignChannelId) reply(200, { ...this.channelJson(), id: this.foreignChannelId, guild_id: this.foreignGuildId, name: 'elsewhere' });
      else reply(404, { message: 'Unknown Channel', code: 10003 });
      return;
    }
    if (is('GET', 'channels/*/messages')) {
      if (!bot()) return;
      const limit = Number(call.query.get('limit') ?? 50);
      const inChannel = [...this.messages.values()].filter((m) => m.channelId === parts[1] && !m.deleted).reverse().slice(0, limit);
      reply(200, inChannel.map((m) => this.messageJson(m)));
      return;
    }
    if (is('POST', 'channels/*/messages')) {
      if (!bot()) return;
      const channelId = parts[1] as string;
      if (this.dmChannels.has(channelId)) {
        if (this.dmChannels.get(channelId)?.dmsClosed) {
          reply(403, { message: 'Cannot send messages to this user', code: 50007 });
          return;
        }
      } else if (channelId !== this.channelId) {
        reply(404, { message: 'Unknown Channel', code: 10003 });
        return;
      }
      const message = this.createMessage(channelId, body, call.files, 0);
      reply(200, this.messageJson(message));
      return;
    }
    if (is('POST', 'users/@me/channels')) {
      if (!bot()) return;
      const recipient = this.users.get(String(body?.recipient_id));
      const id = snowflake();
      this.dmChannels.set(id, recipient);
      reply(200, { id, type: 1, last_message_id: null, recipients: [{ id: String(body?.recipient_id), username: recipient?.username ?? 'unknown', discriminator: '0', avatar: null }] });
      return;
    }
    if (is('PUT', 'applications/*/commands') || is('PUT', 'applications/*/guilds/*/commands')) {
      if (!bot()) return;
      if (parts[1] !== this.applicationId) {
        reply(403, { message: 'Missing Access', code: 50001 });
        return;
      }
      const scope = parts.length === 5 ? `guild:${parts[3]}` : 'global';
      const commands = (body as any[]).map((c) => ({ ...c, id: this.commandId(c.name), application_id: this.applicationId, version: snowflake() }));
      this.registered.set(scope, commands);
      reply(200, commands);
      return;
    }
    this.problems.push(`REST: no route for ${method} ${call.path}`);
    reply(404, { message: '404: Not Found', code: 0 });
  }

  private callback(id: string, token: string, body: any, files: readonly UploadedFile[], reply: (status: number, json?: unknown) => void): void {
    const interaction = this.interactions.get(id);
    if (!interaction || interaction.token !== token) {
      reply(404, { message: 'Unknown interaction', code: 10062 });
      return;
    }
    if (interaction.callbacks.length > 0) {
      this.problems.push(`interaction ${id} answered twice`);
      reply(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
      return;
    }
    const data = body?.data ?? {};
    interaction.callbacks.push({ type: body?.type, data });
    switch (body?.type) {
      case 4:
      case 5: {
        const message = this.createMessage(this.channelId, body.type === 4 ? data : {}, files, data.flags ?? 0);
        message.deferred = body.type === 5;
        interaction.originalMessageId = message.id;
        break;
      }
      case 6:
      case 7: {
        const source = interaction.sourceMessageId ? this.messages.get(interaction.sourceMessageId) : undefined;
        if (!source) {
          this.problems.push(`interaction ${id}: update without a source message`);
          reply(400, { message: 'Invalid Form Body', code: 50035 });
          return;
        }
        interaction.originalMessageId = source.id;
        if (body.type === 7) this.editMessage(source, data, files);
        break;
      }
      case 8:
      case 9:
        break;
      default:
        this.problems.push(`interaction ${id}: unknown callback type ${body?.type}`);
    }
    reply(204);
  }

  private webhook(call: RestCall, parts: string[], reply: (status: number, json?: unknown) => void): void {
    const [, appId, token, what, messageId] = parts;
    const interaction = [...this.interactions.values()].find((i) => i.token === token);
    if (appId !== this.applicationId || !interaction) {
      reply(404, { message: 'Unknown Webhook', code: 10015 });
      return;
    }
    if (interaction.callbacks.length === 0) {
      this.problems.push(`interaction ${interaction.id}: webhook used before any response`);
      reply(404, { message: 'Unknown Webhook', code: 10015 });
      return;
    }
    if (call.method === 'POST' && what === undefined) {
      const message = this.createMessage(this.channelId, call.body, call.files, call.body?.flags ?? 0);
      interaction.followUps.push(message.id);
      reply(200, this.messageJson(message));
      return;
    }
    const target = messageId === '@original' ? interaction.originalMessageId : messageId;
    const message = target ? this.messages.get(target) : undefined;
    if (what !== 'messages' || !message) {
      reply(404, { message: 'Unknown Message', code: 10008 });
      return;
    }
    if (call.method === 'PATCH') {
      this.editMessage(message, call.body, call.files);
      message.deferred = false;
      interaction.edits.push(Date.now());
      reply(200, this.messageJson(message));
    } else if (call.method === 'DELETE') {
      message.deleted = true;
      reply(204);
    } else if (call.method === 'GET') {
      reply(200, this.messageJson(message));
    } else {
      reply(405, { message: 'Method Not Allowed', code: 0 });
    }
  }

  private createMessage(channelId: string, data: any, files: readonly UploadedFile[], flags: number): FakeMessage {
    const message: FakeMessage = {
      id: snowflake(),
      channelId,
      content: data?.content ?? '',
      components: data?.components ?? [],
      flags,
      attachments: [...files],
      deferred: false,
      deleted: false,
      edits: 0,
    };
    this.messages.set(message.id, message);
    return message;
  }

  private editMessage(message: FakeMessage, data: any, files: readonly UploadedFile[]): void {
    if (data?.content !== undefined) message.content = data.content;
    if (data?.components !== undefined) message.components = data.components;
    if (files.length > 0) message.attachments = [...files];
    message.edits += 1;
  }

  messageJson(message: FakeMessage): any {
    return {
      id: message.id,
      channel_id: message.channelId,
      type: 0,
      content: message.content,
      author: message.author
        ? { id: message.author.id, username: message.author.username, discriminator: '0', global_name: message.author.username, avatar: null }
        : this.botUser(),
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: message.attachments.map((file, index) => ({
        id: String(index),
        filename: file.name,
        size: file.data.length,
        url: `http://127.0.0.1:${this.port}/attachments/${message.id}/${file.name}`,
        proxy_url: `http://127.0.0.1:${this.port}/attachments/${message.id}/${file.name}`,
        content_type: file.contentType,
      })),
      embeds: [],
      pinned: false,
      flags: message.flags,
      components: message.components,
      application_id: this.applicationId,
    };
  }
}

function commandOptions(options: { subcommand?: string; options?: Record<string, FakeOptionValue> }): any[] {
  const leaves = Object.entries(options.options ?? {}).map(([name, value]) =>
    typeof value === 'object'
      ? 'attachmentId' in value
        ? { name, type: 11, value: (value as { attachmentId: string }).attachmentId }
        : { name, type: 7, value: (value as { channel: string }).channel }
      : { name, type: typeof value === 'boolean' ? 5 : typeof value === 'number' ? 4 : 3, value },
  );
  return options.subcommand ? [{ name: options.subcommand, type: 1, options: leaves }] : leaves;
}

/** A component by custom_id, in rows or nested layouts. */
export function findComponent(components: readonly any[], customId: string): any {
  for (const component of components) {
    if (component.custom_id === customId) return component;
    const nested = component.components ?? (component.component ? [component.component] : []);
    const found = findComponent(nested, customId);
    if (found) return found;
  }
  return undefined;
}

/** Every component with a custom_id, flattened. */
export function componentsOf(message: FakeMessage): any[] {
  const out: any[] = [];
  const walk = (list: readonly any[]) => {
    for (const component of list) {
      if (component.custom_id) out.push(component);
      walk(component.components ?? []);
    }
  };
  walk(message.components);
  return out;
}

function matches(parts: readonly string[], pattern: string): boolean {
  const expected = pattern.split('/');
  return expected.length === parts.length && expected.every((segment, i) => segment === '*' || segment === parts[i]);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function parseBody(contentType: string | undefined, raw: Buffer): Promise<{ body: any; files: UploadedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
    let body: any;
    const files: UploadedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (field === 'payload_json' && typeof value === 'string') body = JSON.parse(value);
      else if (typeof value !== 'string') {
        files.push({ field, name: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
      }
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString('utf8')), files: [] };
}
