/**
 * The structured logger, on pino: one JSON line per event on stderr, or a readable coloured
 * line when stderr is a terminal. Callers keep the call style `logger.info(message, context)`.
 *
 * Anonymity rule 7 (logs never contain tokens, user ids or answer values) is enforced here
 * as well as by the callers: context keys that name such things are replaced by
 * "[redacted]", whatever their depth, and anything shaped like a Telegram or Discord token is
 * cut out of every string (error messages and stacks quote request URLs). Errors are reduced
 * to their name, code, message and stack; a database error loses its message, which can
 * quote the failed query's values.
 */
import { pino, stdTimeFunctions, type DestinationStream } from 'pino';
import pretty from 'pino-pretty';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/**
 * What every module logs through. Kept to four methods and plain context objects, so tests
 * and other packages can implement it without pino.
 */
export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  /** Human-readable lines instead of JSON; defaults to whether stderr is a terminal. */
  readonly pretty?: boolean;
}

/**
 * `write` receives each JSON line (without its newline): tests collect them. Without it, lines
 * go to stderr synchronously, so the last ones before an exit are not lost.
 */
export function createLogger(level: LogLevel, write?: (line: string) => void, options: LoggerOptions = {}): Logger {
  const destination: DestinationStream = write
    ? { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) }
    : (options.pretty ?? process.stderr.isTTY === true)
      ? pretty({ destination: 2, sync: true, colorize: true, messageKey: 'message', translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' })
      : pino.destination({ fd: 2, sync: true });
  const base = pino(
    {
      level,
      messageKey: 'message',
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // The pid and host tell the instances of a deployment apart; neither is personal.
      base: { pid: process.pid },
    },
    destination,
  );
  const emit = (at: Exclude<LogLevel, 'silent'>) => (message: string, context?: Record<string, unknown>) => {
    if (!base.isLevelEnabled(at)) return;
    base[at](context ? (scrubValue(context, 0) as Record<string, unknown>) : {}, scrubText(message));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = createLogger('silent', () => undefined);

export const REDACTED = '[redacted]';

/**
 * Context keys whose values are never logged: secrets, platform ids of people and private
 * chats, message texts and answers. Community ids (our own cuid) and group chat ids are not
 * personal, but "chatId" is ambiguous (a private chat is a person), so it goes too.
 */
const SENSITIVE_KEY =
  /^(token|.*_?token|secret|.*secret|password|authorization|cookie|api_?key|user_?id|userid|users|member_?id|from|username|user|chat_?id|address|participant_?key|member_?key|answer|answers|value|values|raw|text|selected|payload|body|callback_?data|data|signature)$/i;

/** Telegram bot tokens (123456:AA…) and Discord bot tokens (three base64url parts). */
const TOKEN_PATTERNS = [/\d{5,}:[A-Za-z0-9_-]{30,}\b/g, /\b[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{25,}\b/g];

export function scrubText(text: string): string {
  let out = text;
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}

const MAX_DEPTH = 5;

function scrubValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value instanceof Error) return describeError(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (depth >= MAX_DEPTH) return '[nested]';
  if (Array.isArray(value)) return value.map((entry) => scrubValue(entry, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    out[key] = SENSITIVE_KEY.test(key) ? REDACTED : scrubValue(entry, depth + 1);
  }
  return out;
}

/**
 * Database errors can quote the values of the query that failed (answers among them), so
 * their message is left out; the error's name, code and call stack still say where it came from.
 */
function describeError(error: Error): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  const fromDatabase = isDatabaseError(error);
  const frames = (error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '));
  return {
    name: error.name,
    ...(code === undefined ? {} : { code }),
    ...(fromDatabase ? {} : { message: scrubText(error.message) }),
    stack: scrubText(frames.slice(0, 8).join('\n')),
  };
}

/** Prisma, better-sqlite3 and node-postgres errors: the ones that may quote stored values. */
export function isDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return /^Prisma|SqliteError|DriverAdapterError/.test(error.name) || error.constructor.name.startsWith('Prisma') || error.constructor.name === 'DatabaseError';
}
