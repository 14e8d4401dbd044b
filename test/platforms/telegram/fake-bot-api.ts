/**
 * A fake Telegram Bot API server (HTTP on 127.0.0.1) for end-to-end tests: the real grammY
 * bot talks to it through TELEGRAM_API_ROOT. It keeps chats and messages, long-polls updates
 * with offset confirmation the way Telegram does, posts to a webhook with the secret header,
 * and applies the limits the bot must respect (4096-character texts, 1024-character captions,
 * 64-byte callback data, one answer per callback query, "message is not modified"). Unknown
 * methods get Telegram's 404. Tests play users: they send messages and commands, press
 * buttons, react to messages, add the bot to groups, and inject failures such as a 429 with
 * retry_after. As Telegram does, reactions reach only a bot that is an admin of the group and
 * asked for them in allowed_updates, whose default leaves them (and chat_member) out.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser {
  readonly id: number;
  readonly is_bot: false;
  readonly first_name: string;
  readonly username?: string;
  readonly language_code?: string;
}

export interface FakeChat {
  readonly id: number;
  readonly type: 'private' | 'group' | 'supergroup';
  readonly title?: string;
  readonly first_name?: string;
  readonly username?: string;
}

export interface InlineButton {
  readonly text: string;
  readonly callback_data?: string;
  readonly url?: string;
}

export interface FakeMessage {
  message_id: number;
  date: number;
  chat: FakeChat;
  from?: FakeUser | BotUser;
  sender_chat?: FakeChat;
  text?: string;
  entities?: { type: string; offset: number; length: number }[];
  caption?: string;
  caption_entities?: { type: string; offset: number; length: number }[];
  reply_markup?: { inline_keyboard?: InlineButton[][]; force_reply?: boolean; input_field_placeholder?: string };
  reply_to_message?: FakeMessage;
  photo?: { file_id: string; file_unique_id: string; width: number; height: number; file_size: number }[];
  document?: { file_id: string; file_unique_id: string; file_name?: string; file_size: number };
  /** Test bookkeeping, not sent to the bot: how often the bot edited it, and the file bytes. */
  edits?: number;
  bytes?: Buffer;
}

interface BotUser {
  readonly id: number;
  readonly is_bot: true;
  readonly first_name: string;
  readonly username: string;
  readonly can_join_groups: boolean;
  readonly can_read_all_group_messages: boolean;
  readonly supports_inline_queries: boolean;
  readonly can_connect_to_business: boolean;
  readonly has_main_web_app: boolean;
}

export interface ApiCall {
  readonly method: string;
  readonly payload: Record<string, unknown>;
  readonly status: number;
  /** When the call was answered (performance.now()), for latency measurements. */
  readonly at: number;
}

type Update = { update_id: number } & Record<string, unknown>;

/** Telegram's default when allowed_updates was never given: everything but these. */
const NOT_BY_DEFAULT = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

export type MemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';
type Payload = Record<string, unknown>;

interface Failure {
  readonly method: string;
  remaining: number;
  readonly status: number;
  readonly body: Payload;
}

class ApiError extends Error {
  constructor(readonly status: number, readonly description: string, readonly parameters?: Payload) {
    super(description);
  }
}

const NOT_MODIFIED =
  'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

export class FakeBotApi {
  readonly bot: BotUser;
  readonly calls: ApiCall[] = [];
  readonly commandMenus = new Map<string, { command: string; description: string }[]>();
  readonly webhookDeliveries: { updateId: number; status: number }[] = [];
  webhook: { url: string; secret: string | undefined } | null = null;
  /** The last allowed_updates the bot gave (getUpdates or setWebhook); null for Telegram's default. */
  allowedUpdates: string[] | null = null;
  /** The offset of the latest getUpdates, as soon as it arrives (a long poll is logged in `calls` only once answered). */
  pollOffset = 0;
  /** Updates Telegram would not have sent the bot (not in allowed_updates), by type. */
  readonly withheld: string[] = [];

  private server: Server | null = null;
  private port = 0;
  private pending: Update[] = [];
  private nextUpdateId = 5000;
  private nextCallbackId = 1;
  private readonly chats = new Map<number, { chat: FakeChat; messages: FakeMessage[]; nextId: number }>();
  private readonly statuses = new Map<number, Map<number, { status: MemberStatus; isMember?: boolean }>>();
  /** Each user's reactions on each message, keyed "chatId/messageId", to fill old_reaction. */
  private readonly reactions = new Map<string, Map<number, string[]>>();
  private readonly started = new Set<number>();
  private readonly callbackQueries = new Map<string, { answered: boolean; text?: string }>();
  private readonly failures: Failure[] = [];
  private readonly waiters = new Set<() => void>();
  private duplicateNext = false;
  /** Files users sent, by file_id: served by getFile and the file download URL. */
  private readonly uploads = new Map<string, { path: string; data: Buffer }>();

  constructor(readonly token = '123456:TEST-fake-token', username = 'confreres_test_bot') {
    this.bot = {
      id: Number(token.split(':')[0]),
      is_bot: true,
      first_name: 'Confrères',
      username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    };
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.route(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const wake of this.waiters) wake();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  // ---- the world -----------------------------------------------------------------------

  user(id: number, firstName: string, options: { username?: string; language_code?: string } = {}): FakeUser {
    return { id, is_bot: false, first_name: firstName, ...options };
  }

  /** A supergroup; with a username it is public, and its messages have t.me/<username>/<id> links. */
  group(id: number, title: string, options: { username?: string } = {}): FakeChat {
    const chat: FakeChat = { id, type: 'supergroup', title, ...(options.username ? { username: options.username } : {}) };
    this.chatState(chat);
    return chat;
  }

  /** A channel the bot can see; `linkedTo` makes it the discussion group's linked channel. */
  channel(id: number, title: string, options: { linkedTo?: FakeChat } = {}): { id: number; type: 'channel'; title: string } {
    const chat = { id, type: 'channel' as const, title };
    this.channels.set(id, chat);
    if (options.linkedTo) this.linked.set(options.linkedTo.id, id);
    return chat;
  }

  private readonly channels = new Map<number, { id: number; type: 'channel'; title: string }>();
  private readonly linked = new Map<number, number>();

  private getChat(p: Payload): Record<string, unknown> {
    const id = Number(p['chat_id']);
    const channel = this.channels.get(id);
    if (channel) return { ...channel };
    const state = this.chats.get(id);
    if (!state || id > 0) throw new ApiError(400, 'Bad Request: chat not found');
    const linked = this.linked.get(id);
    return { ...state.chat, ...(linked !== undefined ? { linked_chat_id: linked } : {}) };
  }

  privateChat(user: FakeUser): FakeChat {
    return { id: user.id, type: 'private', first_name: user.first_name, ...(user.username ? { username: user.username } : {}) };
  }

  /** A user's status in a group; `isMember` is a restricted user's is_member (true by default). */
  setStatus(group: FakeChat, user: FakeUser, status: MemberStatus, options: { isMember?: boolean } = {}): void {
    const statuses = this.statuses.get(group.id) ?? new Map<number, { status: MemberStatus; isMember?: boolean }>();
    statuses.set(user.id, status === 'restricted' ? { status, isMember: options.isMember ?? true } : { status });
    this.statuses.set(group.id, statuses);
  }

  /** A group admin makes the bot an administrator (it then receives reactions). */
  promoteBot(group: FakeChat): void {
    this.setStatusOfBot(group, 'administrator');
  }

  /**
   * A user sets their reactions on a message (emojis; [] removes them all). Telegram sends a
   * message_reaction update only to a bot that is an admin of the group; returns its id, or
   * null when none is sent.
   */
  react(from: FakeUser, message: FakeMessage, emojis: readonly string[]): number | null {
    const key = `${message.chat.id}/${message.message_id}`;
    const byUser = this.reactions.get(key) ?? new Map<number, string[]>();
    this.reactions.set(key, byUser);
    const old = byUser.get(from.id) ?? [];
    byUser.set(from.id, [...emojis]);
    if (!this.botIsAdmin(message.chat)) return null;
    const asTypes = (list: readonly string[]) => list.map((emoji) => ({ type: 'emoji', emoji }));
    return this.push({
      message_reaction: { chat: message.chat, message_id: message.message_id, user: from, date: now(), old_reaction: asTypes(old), new_reaction: asTypes(emojis) },
    });
  }

  /**
   * Anonymous reactions changed: Telegram sends the message's totals (grouped, possibly late),
   * again only to an admin bot. Returns the update id, or null when none is sent.
   */
  reactionCount(message: FakeMessage, totals: Record<string, number>): number | null {
    if (!this.botIsAdmin(message.chat)) return null;
    const reactions = Object.entries(totals)
      .filter(([, count]) => count > 0)
      .map(([emoji, total_count]) => ({ type: { type: 'emoji', emoji }, total_count }));
    return this.push({ message_reaction_count: { chat: message.chat, message_id: message.message_id, date: now(), reactions } });
  }

  addBotToGroup(group: FakeChat, by: FakeUser): void {
    this.setStatusOfBot(group, 'member');
    this.push({
      my_chat_member: {
        chat: group,
        from: by,
        date: now(),
        old_chat_member: { status: 'left', user: this.bot },
        new_chat_member: { status: 'member', user: this.bot },
      },
    });
  }

  /** A user sends a text (a command when it starts with "/") in a chat. */
  send(from: FakeUser, chat: FakeChat, text: string, options: { replyTo?: FakeMessage } = {}): FakeMessage {
    if (chat.type === 'private') this.started.add(from.id);
    const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
    const message = this.store(chat, {
      from,
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
      ...(options.replyTo ? { reply_to_message: stripped(options.replyTo) } : {}),
    });
    this.push({ message: stripped(message) });
    return message;
  }

  /** A user sends a file, with an optional caption (a command when it starts with "/"). */
  sendDocument(from: FakeUser, chat: FakeChat, fileName: string, data: Buffer, options: { caption?: string } = {}): FakeMessage {
    if (chat.type === 'private') this.started.add(from.id);
    const fileId = `doc${this.uploads.size + 1}-${chat.id}`;
    this.uploads.set(fileId, { path: `documents/file_${this.uploads.size + 1}_${fileName}`, data });
    const command = options.caption ? /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(options.caption) : null;
    const message = this.store(chat, {
      from,
      document: { file_id: fileId, file_unique_id: `u${fileId}`, file_name: fileName, file_size: data.length },
      ...(options.caption ? { caption: options.caption } : {}),
      ...(command ? { caption_entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    });
    this.push({ message: stripped(message) });
    return message;
  }

  /** A user presses the inline button labelled `label` (or carrying exactly that data). */
  press(from: FakeUser, message: FakeMessage, label: string): string {
    const button = (message.reply_markup?.inline_keyboard ?? []).flat().find((b) => b.text === label || b.callback_data === label);
    if (!button?.callback_data) throw new Error(`No button "${label}" on message ${message.message_id}: ${buttonLabels(message).join(' | ')}`);
    return this.pressData(from, message, button.callback_data);
  }

  /** Sends a callback query with any data, as a modified client can. */
  pressData(from: FakeUser, message: FakeMessage, data: string): string {
    const id = String(this.nextCallbackId++);
    this.callbackQueries.set(id, { answered: false });
    this.push({ callback_query: { id, from, message: stripped(message), chat_instance: `ci${message.chat.id}`, data } });
    return id;
  }

  /**
   * Behind a load balancer: each webhook delivery goes to one of `urls` at random (instead of
   * the URL given to setWebhook), and a delivery that fails (no answer, 5xx) is retried after
   * `retryMs` at random again, as Telegram retries an update it could not deliver.
   */
  spreadWebhook(urls: readonly string[], retryMs = 50): void {
    this.webhookTargets = [...urls];
    this.webhookRetryMs = retryMs;
  }

  private webhookTargets: string[] = [];
  private webhookRetryMs: number | null = null;

  private async postUpdate(update: Update): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const targets = this.webhookTargets;
      const url = targets.length > 0 ? (targets[Math.floor(Math.random() * targets.length)] ?? '') : (this.webhook?.url ?? '');
      const status = await postJson(url, update, this.webhook?.secret).catch(() => 0);
      this.webhookDeliveries.push({ updateId: update.update_id, status });
      if (this.webhookRetryMs === null || (status !== 0 && status < 500)) return;
      await new Promise((resolve) => setTimeout(resolve, this.webhookRetryMs ?? 0));
    }
  }

  /** The id of the latest update queued. */
  get lastUpdateId(): number {
    return this.nextUpdateId - 1;
  }

  /** Queues an update as Telegram would; returns its id. */
  push(body: Record<string, unknown>): number {
    const update = { update_id: this.nextUpdateId++, ...body };
    this.deliver(update);
    return update.update_id;
  }

  /** The next batch of updates (polling) or the next update (webhook) is delivered twice. */
  duplicateNextDelivery(): void {
    this.duplicateNext = true;
  }

  /** The next `times` calls of `method` fail with this error. */
  failNext(method: string, times: number, error: { status: number; description: string; parameters?: Payload }): void {
    this.failures.push({
      method,
      remaining: times,
      status: error.status,
      body: { ok: false, error_code: error.status, description: error.description, ...(error.parameters ? { parameters: error.parameters } : {}) },
    });
  }

  messages(chat: FakeChat | number): FakeMessage[] {
    return this.chats.get(typeof chat === 'number' ? chat : chat.id)?.messages ?? [];
  }

  botMessages(chat: FakeChat | number): FakeMessage[] {
    return this.messages(chat).filter((m) => m.from?.id === this.bot.id);
  }

  lastBotMessage(chat: FakeChat | number): FakeMessage | undefined {
    return this.botMessages(chat).at(-1);
  }

  callbackAnswer(queryId: string): { answered: boolean; text?: string } | undefined {
    return this.callbackQueries.get(queryId);
  }

  allCallbackQueries(): [string, { answered: boolean; text?: string }][] {
    return [...this.callbackQueries.entries()];
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Polls a condition on the fake's state (no fixed sleeps); fails after `timeoutMs`. */
  async waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== null && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Posts an update to the webhook with any secret header, as an attacker could. */
  async postToWebhook(update: Payload, secret: string | undefined): Promise<number> {
    if (!this.webhook) throw new Error('No webhook is set');
    return postJson(this.webhook.url, update, secret);
  }

  // ---- delivery --------------------------------------------------------------------------

  private deliver(update: Update): void {
    if (this.webhook) {
      if (!this.allowed(update)) return;
      const times = this.duplicateNext ? 2 : 1;
      this.duplicateNext = false;
      void (async () => {
        for (let i = 0; i < times; i++) await this.postUpdate(update);
      })();
      return;
    }
    this.pending.push(update);
    for (const wake of this.waiters) wake();
  }

  private async getUpdates(payload: Payload, res: ServerResponse): Promise<Update[]> {
    if (this.webhook) throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const offset = Number(payload['offset'] ?? 0);
    this.pollOffset = offset;
    const limit = Math.min(100, Math.max(1, Number(payload['limit'] ?? 100)));
    const timeout = Number(payload['timeout'] ?? 0);
    this.setAllowedUpdates(payload['allowed_updates']);
    // Telegram forgets updates below the offset: that is how a bot confirms them.
    if (offset > 0) this.pending = this.pending.filter((u) => u.update_id >= offset);
    this.pending = this.pending.filter((u) => this.allowed(u));
    if (this.pending.length === 0 && timeout > 0) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, timeout * 1000);
        this.waiters.add(wake);
        // The bot aborts its long poll when it stops.
        res.once('close', wake);
      });
    }
    this.pending = this.pending.filter((u) => this.allowed(u));
    const batch = this.pending.slice(0, limit);
    if (this.duplicateNext && batch.length > 0) {
      this.duplicateNext = false;
      return batch.flatMap((u) => [u, u]);
    }
    return batch;
  }

  // ---- HTTP ------------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec((req.url ?? '').split('?')[0] ?? '');
    if (download) {
      const upload = [...this.uploads.values()].find((u) => u.path === decodeURIComponent(download[2] ?? ''));
      this.calls.push({ method: 'file', payload: {}, status: download[1] === this.token && upload ? 200 : 404, at: performance.now() });
      if (download[1] !== this.token || !upload) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(upload.data);
      return;
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec((req.url ?? '').split('?')[0] ?? '');
    let method = 'unknown';
    let payload: Payload = {};
    try {
      payload = await readPayload(req);
      if (!match) throw new ApiError(404, 'Not Found');
      method = match[2] ?? '';
      if (match[1] !== this.token) throw new ApiError(401, 'Unauthorized');
      const failure = this.failures.find((f) => f.method === method && f.remaining > 0);
      if (failure) {
        failure.remaining -= 1;
        this.calls.push({ method, payload, status: failure.status, at: performance.now() });
        return reply(res, failure.status, failure.body);
      }
      const result = await this.call(method, payload, res);
      this.calls.push({ method, payload, status: 200, at: performance.now() });
      reply(res, 200, { ok: true, result });
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 500;
      const description = error instanceof ApiError ? error.description : `Internal Server Error: ${String(error)}`;
      this.calls.push({ method, payload, status, at: performance.now() });
      if (!res.destroyed) {
        reply(res, status, {
          ok: false,
          error_code: status,
          description,
          ...(error instanceof ApiError && error.parameters ? { parameters: error.parameters } : {}),
        });
      }
    }
  }

  private async call(method: string, p: Payload, res: ServerResponse): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return this.bot;
      case 'getUpdates':
        return this.getUpdates(p, res);
      case 'setWebhook':
        this.webhook = { url: String(p['url']), secret: p['secret_token'] === undefined ? undefined : String(p['secret_token']) };
        this.setAllowedUpdates(p['allowed_updates']);
        for (const update of this.pending.splice(0)) this.deliver(update);
        return true;
      case 'deleteWebhook':
        this.webhook = null;
        if (p['drop_pending_updates'] === true) this.pending = [];
        return true;
      case 'getWebhookInfo':
        return { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: this.pending.length };
      case 'setMyCommands':
        return this.setMyCommands(p);
      case 'sendMessage':
        return this.sendMessage(p);
      case 'editMessageText':
        return this.editMessage(p, true);
      case 'editMessageReplyMarkup':
        return this.editMessage(p, false);
      case 'answerCallbackQuery':
        return this.answerCallbackQuery(p);
      case 'sendPhoto':
      case 'sendDocument':
        return this.sendFile(method, p);
      case 'getFile': {
        const upload = this.uploads.get(String(p['file_id']));
        if (!upload) throw new ApiError(400, 'Bad Request: invalid file_id');
        return { file_id: String(p['file_id']), file_unique_id: `u${String(p['file_id'])}`, file_size: upload.data.length, file_path: upload.path };
      }
      case 'getChatMember':
        return this.getChatMember(p);
      case 'getChat':
        return this.getChat(p);
      default:
        throw new ApiError(404, 'Not Found');
    }
  }

  private setMyCommands(p: Payload): true {
    const commands = p['commands'] as { command: string; description: string }[];
    for (const c of commands) {
      if (!/^[a-z0-9_]{1,32}$/.test(c.command)) throw new ApiError(400, 'Bad Request: BOT_COMMAND_INVALID');
      if (c.description.length < 1 || c.description.length > 256) throw new ApiError(400, 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID');
    }
    const scope = (p['scope'] as { type?: string } | undefined)?.type ?? 'default';
    this.commandMenus.set(`${scope}/${String(p['language_code'] ?? '')}`, commands);
    return true;
  }

  private sendMessage(p: Payload): FakeMessage {
    const chat = this.writableChat(p['chat_id']);
    const text = String(p['text'] ?? '');
    if (text.length === 0) throw new ApiError(400, 'Bad Request: message text is empty');
    if (text.length > 4096) throw new ApiError(400, 'Bad Request: message is too long');
    const markup = checkMarkup(p['reply_markup']);
    const replyTo = (p['reply_parameters'] as { message_id?: number } | undefined)?.message_id;
    const quoted = replyTo === undefined ? undefined : this.messages(chat).find((m) => m.message_id === replyTo);
    return stripped(this.store(chat, { from: this.bot, text, ...(markup ? { reply_markup: markup } : {}), ...(quoted ? { reply_to_message: stripped(quoted) } : {}) }));
  }

  private editMessage(p: Payload, withText: boolean): FakeMessage {
    const chatId = Number(p['chat_id']);
    const message = this.messages(chatId).find((m) => m.message_id === Number(p['message_id']));
    if (!message) throw new ApiError(400, 'Bad Request: message to edit not found');
    if (message.from?.id !== this.bot.id) throw new ApiError(400, "Bad Request: message can't be edited");
    const text = withText ? String(p['text'] ?? '') : message.text;
    if (withText && (text ?? '').length === 0) throw new ApiError(400, 'Bad Request: message text is empty');
    if ((text ?? '').length > 4096) throw new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
    const markup = checkMarkup(p['reply_markup']);
    const inline = markup?.inline_keyboard?.length ? markup : undefined;
    if (text === message.text && JSON.stringify(inline) === JSON.stringify(message.reply_markup)) throw new ApiError(400, NOT_MODIFIED);
    message.text = text;
    if (inline) message.reply_markup = inline;
    else delete message.reply_markup;
    message.edits = (message.edits ?? 0) + 1;
    return stripped(message);
  }

  private answerCallbackQuery(p: Payload): true {
    const query = this.callbackQueries.get(String(p['callback_query_id']));
    if (!query || query.answered) throw new ApiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
    const text = p['text'] === undefined ? undefined : String(p['text']);
    if (text !== undefined && text.length > 200) throw new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
    query.answered = true;
    if (text !== undefined) query.text = text;
    return true;
  }

  private sendFile(method: string, p: Payload): FakeMessage {
    const chat = this.writableChat(p['chat_id']);
    const caption = p['caption'] === undefined ? undefined : String(p['caption']);
    if (caption !== undefined && caption.length > 1024) throw new ApiError(400, 'Bad Request: message caption is too long');
    const field = method === 'sendPhoto' ? 'photo' : 'document';
    const file = p[field];
    if (!(file instanceof UploadedFile)) throw new ApiError(400, `Bad Request: there is no ${field} in the request`);
    const id = `file${this.nextCallbackId++}`;
    const attachment =
      field === 'photo'
        ? { photo: [{ file_id: id, file_unique_id: id, width: 800, height: 600, file_size: file.data.length }] }
        : { document: { file_id: id, file_unique_id: id, file_name: file.name, file_size: file.data.length } };
    return stripped(this.store(chat, { from: this.bot, ...attachment, ...(caption ? { caption } : {}), bytes: file.data }));
  }

  private getChatMember(p: Payload): unknown {
    const chatId = Number(p['chat_id']);
    const userId = Number(p['user_id']);
    if (!this.chats.has(chatId)) throw new ApiError(400, 'Bad Request: chat not found');
    const known = this.statuses.get(chatId)?.get(userId) ?? { status: 'left' };
    const user = { id: userId, is_bot: false, first_name: 'member' };
    if (known.status === 'restricted') return { status: 'restricted', user, is_member: known.isMember ?? true, until_date: 0 };
    if (known.status === 'kicked') return { status: 'kicked', user, until_date: 0 };
    return { status: known.status, user };
  }

  // ---- state -----------------------------------------------------------------------------

  private writableChat(chatId: unknown): FakeChat {
    const id = Number(chatId);
    const state = this.chats.get(id);
    if (id > 0) {
      if (!this.started.has(id)) throw new ApiError(403, "Forbidden: bot can't initiate conversation with a user");
      return state?.chat ?? { id, type: 'private' };
    }
    if (!state) throw new ApiError(400, 'Bad Request: chat not found');
    if (!['member', 'administrator'].includes(this.statuses.get(id)?.get(this.bot.id)?.status ?? 'left')) throw new ApiError(403, 'Forbidden: bot is not a member of the supergroup chat');
    return state.chat;
  }

  private setStatusOfBot(group: FakeChat, status: MemberStatus): void {
    const statuses = this.statuses.get(group.id) ?? new Map<number, { status: MemberStatus; isMember?: boolean }>();
    statuses.set(this.bot.id, { status });
    this.statuses.set(group.id, statuses);
  }

  private botIsAdmin(chat: FakeChat): boolean {
    return this.statuses.get(chat.id)?.get(this.bot.id)?.status === 'administrator';
  }

  /** allowed_updates given as an array (JSON body) or a JSON string (form body); absent keeps the last one. */
  private setAllowedUpdates(value: unknown): void {
    if (value === undefined) return;
    const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
    this.allowedUpdates = Array.isArray(list) && list.length > 0 ? list.map(String) : null;
  }

  /** Whether Telegram would send this update to the bot; a withheld one is noted and dropped. */
  private allowed(update: Update): boolean {
    const type = Object.keys(update).find((key) => key !== 'update_id') ?? '';
    const ok = this.allowedUpdates ? this.allowedUpdates.includes(type) : !NOT_BY_DEFAULT.has(type);
    if (!ok) this.withheld.push(type);
    return ok;
  }

  private chatState(chat: FakeChat) {
    let state = this.chats.get(chat.id);
    if (!state) {
      state = { chat, messages: [], nextId: 1 };
      this.chats.set(chat.id, state);
    }
    return state;
  }

  private store(chat: FakeChat, fields: Omit<FakeMessage, 'message_id' | 'date' | 'chat'>): FakeMessage {
    const state = this.chatState(chat);
    const message: FakeMessage = { message_id: state.nextId++, date: now(), chat: state.chat, ...fields };
    state.messages.push(message);
    return message;
  }
}

class UploadedFile {
  constructor(readonly name: string, readonly data: Buffer) {}
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

/** The message as the Bot API shows it: without the fake's bookkeeping. */
function stripped(message: FakeMessage): FakeMessage {
  const { edits: _edits, bytes: _bytes, ...rest } = message;
  return structuredClone(rest);
}

export function buttonLabels(message: FakeMessage | undefined): string[] {
  return (message?.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
}

function checkMarkup(value: unknown): FakeMessage['reply_markup'] | undefined {
  if (value === undefined) return undefined;
  const markup = (typeof value === 'string' ? JSON.parse(value) : value) as FakeMessage['reply_markup'];
  for (const button of (markup?.inline_keyboard ?? []).flat()) {
    if (!button.text) throw new ApiError(400, 'Bad Request: text buttons are unallowed in the inline keyboard');
    if (button.callback_data !== undefined) {
      const size = Buffer.byteLength(button.callback_data);
      if (size < 1 || size > 64) throw new ApiError(400, 'Bad Request: BUTTON_DATA_INVALID');
    } else if (!button.url || !/^(https?|tg):\/\//.test(button.url)) {
      throw new ApiError(400, 'Bad Request: BUTTON_URL_INVALID');
    }
  }
  return markup;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readPayload(req: IncomingMessage): Promise<Payload> {
  const body = await readBody(req);
  const type = req.headers['content-type'] ?? '';
  if (body.length === 0) return {};
  if (type.startsWith('application/json')) return JSON.parse(body.toString('utf8')) as Payload;
  const boundary = /boundary=(.+)$/.exec(type)?.[1];
  if (type.startsWith('multipart/form-data') && boundary) return parseMultipart(body, boundary);
  throw new ApiError(400, 'Bad Request: unsupported content type');
}

/**
 * grammY's multipart bodies: plain fields (objects JSON-encoded), and files referenced from
 * a field as "attach://<id>" and sent as parts named <id>.
 */
function parseMultipart(body: Buffer, boundary: string): Payload {
  const fields: Record<string, string> = {};
  const files = new Map<string, UploadedFile>();
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    start = next;
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const headers = part.subarray(0, split).toString('utf8');
    const data = part.subarray(split + 4);
    const name = /name="([^"]+)"/i.exec(headers)?.[1];
    const filename = /filename="?([^";\r\n]+)"?/i.exec(headers)?.[1];
    if (!name) continue;
    if (filename !== undefined) files.set(name, new UploadedFile(filename, Buffer.from(data)));
    else fields[name] = data.toString('utf8');
  }
  const payload: Payload = {};
  for (const [key, value] of Object.entries(fields)) {
    const attached = /^attach:\/\/(.+)$/.exec(value)?.[1];
    if (attached !== undefined) payload[key] = files.get(attached);
    else payload[key] = /^[[{]/.test(value) ? (JSON.parse(value) as unknown) : value;
  }
  return payload;
}

function postJson(url: string, body: unknown, secret: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = httpRequest(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': data.length,
          ...(secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret }),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
