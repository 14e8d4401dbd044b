/**
 * A small structured logger writing one JSON line per event to stderr. Callers pass context
 * objects; by the anonymity rules they never contain tokens, user ids or answer values, and
 * errors are reduced to their name, message and stack.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
  const emit = (at: Exclude<LogLevel, 'silent'>, message: string, context?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: at, message, ...serialize(context) }));
  };
  return {
    debug: (m, c) => emit('debug', m, c),
    info: (m, c) => emit('info', m, c),
    warn: (m, c) => emit('warn', m, c),
    error: (m, c) => emit('error', m, c),
  };
}

function serialize(context?: Record<string, unknown>): Record<string, unknown> {
  if (!context) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) {
    out[key] = value instanceof Error ? describeError(value) : value;
  }
  return out;
}

/**
 * Database errors can quote the values of the query that failed (answers among them), so
 * their message is left out; the error's name, code and call stack still say where it came from.
 */
function describeError(error: Error): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  const fromDatabase = /^Prisma|SqliteError/.test(error.name) || error.constructor.name.startsWith('Prisma');
  const frames = (error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '));
  return {
    name: error.name,
    ...(code === undefined ? {} : { code }),
    ...(fromDatabase ? {} : { message: error.message }),
    stack: frames.slice(0, 8).join('\n'),
  };
}

export const silentLogger: Logger = createLogger('silent');
