/**
 * Runs the real application and the real grammY bot against the fake Bot API, on a fresh
 * temporary database, and plays members who answer the questionnaire by pressing the
 * buttons they see. Waits are on observable state, never fixed sleeps.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../../src/app.ts';
import { loadConfig, type Config } from '../../../src/config.ts';
import { createLogger } from '../../../src/shared/logger.ts';
import { sqliteFilePath } from '../../../src/store/database-url.ts';
import { startTelegram, type StartTelegramOptions, type TelegramHandle } from '../../../src/platforms/telegram/index.ts';
import type { ThrottleOptions } from '../../../src/platforms/telegram/throttle.ts';
import { buttonLabels, FakeBotApi, type FakeChat, type FakeMessage, type FakeUser } from './fake-bot-api.ts';

/** Telegram's spacing of one message a second per chat would make a 27-item run take minutes. */
export const FAST_THROTTLE: ThrottleOptions = {
  global: { reservoir: 10_000, reservoirRefreshAmount: 10_000, reservoirRefreshInterval: 1000 },
  group: { maxConcurrent: 1, minTime: 0 },
  out: { maxConcurrent: 1, minTime: 0 },
};

export interface Harness {
  readonly fake: FakeBotApi;
  readonly config: Config;
  readonly dir: string;
  readonly logs: string[];
  app: App;
  telegram: TelegramHandle;
  /** Stops the bot and the application, then starts both again on the same database. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(options: { webhook?: boolean; env?: Record<string, string>; telegram?: StartTelegramOptions } = {}): Promise<Harness> {
  const fake = new FakeBotApi();
  await fake.start();
  const dir = mkdtempSync(path.join(tmpdir(), 'confreres-telegram-'));
  const port = options.webhook ? await freePort() : 8080;
  const config = loadConfig({
    DATA_DIR: dir,
    DATABASE_URL: `file:${path.join(dir, 'confreres.db')}`,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    LOG_LEVEL: 'debug',
    DEFAULT_LANGUAGE: 'fr',
    PORT: String(port),
    ...(options.webhook ? { TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`, TELEGRAM_WEBHOOK_SECRET: 'wh-secret_0123456789_abcdefghijklmnop' } : {}),
    ...options.env,
  });
  const logs: string[] = [];
  const logger = createLogger('debug', (line) => logs.push(line));
  const boot = async () => {
    const app = await createApp(config, { logger });
    const telegram = await startTelegram(app, { throttle: FAST_THROTTLE, ...options.telegram });
    return { app, telegram };
  };
  const first = await boot();
  const harness: Harness = {
    fake,
    config,
    dir,
    logs,
    app: first.app,
    telegram: first.telegram,
    async restart() {
      await harness.telegram.stop();
      await harness.app.close();
      const next = await boot();
      harness.app = next.app;
      harness.telegram = next.telegram;
    },
    async close() {
      await harness.telegram.stop();
      await harness.app.close();
      await fake.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const PROMPT = /^\[(\d+)\/(\d+)\]/;
const COMPLETED = /Merci !|Thank you!/;
const DONE = new Set(['Valider', 'Done']);
const NAVIGATION = /^‹ |›$/;

/** How a player answers: which option of a single choice, which scale value, what text. */
export interface Answers {
  single(labels: readonly string[], question: string): number;
  scale: number;
  text(question: string): string | null;
}

/** One Telegram user who takes the survey in the private chat, as a person would. */
export class Player {
  readonly chat: FakeChat;
  /** How long a press may take to be answered (longer where an instance is killed under it). */
  pressTimeoutMs = 15_000;

  constructor(private readonly fake: FakeBotApi, readonly user: FakeUser) {
    this.chat = fake.privateChat(user);
  }

  /** Sends a message and waits for the bot's answer (at least `expected` new messages). */
  async say(text: string, replyTo?: FakeMessage, expected = 1): Promise<FakeMessage[]> {
    const before = this.fake.botMessages(this.chat).length;
    this.fake.send(this.user, this.chat, text, replyTo ? { replyTo } : {});
    await this.fake.waitFor(`an answer to "${text}"`, () => this.fake.botMessages(this.chat).length >= before + expected, this.pressTimeoutMs);
    return this.fake.botMessages(this.chat).slice(before);
  }

  /** Opens the deep link (/start with its payload) and waits for the question it leads to. */
  async openLink(url: string): Promise<void> {
    const payload = new URL(url).searchParams.get('start') ?? '';
    const before = this.fake.botMessages(this.chat).length;
    this.fake.send(this.user, this.chat, `/start ${payload}`);
    await this.fake.waitFor('the question', () => this.fake.botMessages(this.chat).slice(before).some((m) => PROMPT.test(m.text ?? '')));
  }

  /** The message showing the current question (edited in place from item to item). */
  questionMessage(): FakeMessage | undefined {
    return this.fake.botMessages(this.chat).filter((m) => PROMPT.test(m.text ?? '')).at(-1);
  }

  /** The progress shown on the current question, e.g. [7, 27]. */
  progress(): [number, number] | null {
    const match = PROMPT.exec(this.questionMessage()?.text ?? '');
    return match ? [Number(match[1]), Number(match[2])] : null;
  }

  /** The question message (or a later message) now thanks the member. */
  isComplete(): boolean {
    return this.fake.botMessages(this.chat).some((m) => COMPLETED.test(m.text ?? ''));
  }

  /** Presses a button and waits for the callback answer and, when expected, the change it makes. */
  async press(message: FakeMessage, label: string, expectChange = true): Promise<string> {
    const live = this.fake.messages(this.chat).find((m) => m.message_id === message.message_id) ?? message;
    const edits = live.edits ?? 0;
    const count = this.fake.botMessages(this.chat).length;
    const id = this.fake.press(this.user, live, label);
    await this.fake.waitFor(`the answer to "${label}"`, () => this.fake.callbackAnswer(id)?.answered, this.pressTimeoutMs);
    if (expectChange) {
      await this.fake.waitFor(`the change after "${label}"`, () => (live.edits ?? 0) > edits || this.fake.botMessages(this.chat).length > count, this.pressTimeoutMs);
    }
    return id;
  }

  /** Answers the current item; false once the questionnaire is complete. */
  async answerOne(answers: Answers): Promise<boolean> {
    if (this.isComplete()) return false;
    const question = this.questionMessage();
    if (!question) throw new Error('No question is shown');
    const labels = buttonLabels(question);
    const options = labels.filter((l) => !NAVIGATION.test(l) && !DONE.has(l));
    if (options.length === 0) {
      // A text item: its question is edited first, then the ForceReply message follows.
      const forceReply = await this.fake.waitFor('the ForceReply prompt', () =>
        this.fake.botMessages(this.chat).find((m) => m.message_id > question.message_id && m.reply_markup?.force_reply),
      );
      const text = answers.text(question.text ?? '');
      if (text === null) await this.press(question, labels.find((l) => l.endsWith('›')) ?? 'no skip button');
      else await this.say(text, forceReply);
    } else if (labels.some((l) => DONE.has(l))) {
      const first = options.find((l) => !l.startsWith('✓ '));
      if (first) await this.press(question, first);
      await this.press(question, labels.find((l) => DONE.has(l)) ?? '');
    } else if (options.includes('10') && options.includes('0')) {
      await this.press(question, String(answers.scale));
    } else {
      await this.press(question, options[answers.single(options, question.text ?? '')] ?? '');
    }
    return !this.isComplete();
  }

  async answerAll(answers: Answers, limit = 60): Promise<void> {
    for (let i = 0; i < limit; i++) if (!(await this.answerOne(answers))) return;
    throw new Error('The questionnaire did not end');
  }
}

export const FIRST_CHOICES: Answers = { single: () => 0, scale: 8, text: () => 'Rien à ajouter' };
export const LAST_CHOICES: Answers = { single: (labels) => labels.length - 1, scale: 3, text: (q) => (/Laquelle|Which one/.test(q) ? 'Omnidoc' : null) };

/** The announcement's deep link, from its URL button. */
export function deepLinkOf(message: FakeMessage | undefined): string {
  const url = (message?.reply_markup?.inline_keyboard ?? []).flat().find((b) => b.url)?.url;
  if (!url) throw new Error('The message has no link button');
  return url;
}

/** Adds the bot to a new group whose creator opens the survey; returns the deep link. */
export async function openSurveyInGroup(h: Harness, groupId = -1009000000001): Promise<{ group: FakeChat; admin: FakeUser; link: string }> {
  const group = h.fake.group(groupId, 'Groupe de test');
  const admin = h.fake.user(9001, 'Admin', { username: 'admin_md', language_code: 'fr' });
  h.fake.setStatus(group, admin, 'creator');
  h.fake.addBotToGroup(group, admin);
  await h.fake.waitFor('the greeting', () => h.fake.lastBotMessage(group));
  h.fake.send(admin, group, '/survey open');
  const announcement = await h.fake.waitFor('the announcement', () =>
    h.fake.botMessages(group).find((m) => (m.reply_markup?.inline_keyboard ?? []).flat().some((b) => b.url)),
  );
  return { group, admin, link: deepLinkOf(announcement) };
}

/** Everything a response is made of, to check that a refused input changed nothing. */
export function responseState(databaseUrl: string): unknown {
  const db = new Database(sqliteFilePath(databaseUrl), { readonly: true });
  try {
    return {
      inProgress: db.prepare('SELECT participantKey, cursor, draft, version FROM InProgressResponse ORDER BY participantKey').all(),
      // Every stored answer as [item, value], wherever its response sits (in progress, pooled, released).
      answers: (
        db.prepare('SELECT answers FROM InProgressResponse UNION ALL SELECT answers FROM PendingRelease UNION ALL SELECT answers FROM Response').all() as {
          answers: string;
        }[]
      ).flatMap((row) => Object.entries(JSON.parse(row.answers) as Record<string, unknown>)),
      completions: db.prepare('SELECT count(*) AS n FROM Completion').get(),
    };
  } finally {
    db.close();
  }
}
