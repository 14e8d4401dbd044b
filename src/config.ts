/**
 * The environment, read and checked once at start. Every problem is listed together, so a
 * broken deployment is fixed in one round; nothing else in the code reads process.env.
 */
import path from 'node:path';
import { z } from './shared/zod.ts';
import { languageFromLocale } from './shared/language.ts';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();
const optionalUrl = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .pipe(z.url({ message: 'must be a URL such as http://127.0.0.1:8081' }).optional())
  .optional();
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const schema = z.object({
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^(file:.+|postgres(ql)?:\/\/.+)/, 'must be a SQLite file URL such as file:./data/confreres.db, or a PostgreSQL URL such as postgres://user@host:5432/confreres')
    .optional(),
  /** The HMAC secret behind participant keys; generated into DATA_DIR when absent. */
  CONFRERES_SECRET: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).optional(),
  DEFAULT_LANGUAGE: z.enum(['fr', 'en']).default('fr'),
  /** Anonymity rule 5: smallest count printed in a subgroup table, and responses before any result. */
  RESULTS_MIN_CELL: z.coerce.number().int().min(1).default(5),
  RESULTS_MIN_COMPLETE: z.coerce.number().int().min(1).default(10),
  /** Hours without an answer before the one private reminder; 0 turns reminders off. */
  REMINDER_AFTER_HOURS: z.coerce.number().int().min(0).max(24 * 60).default(72),

  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.pipe(z.string().regex(/^\d{15,25}$/, 'must be the application id (digits)').optional()),
  DISCORD_API_ROOT: optionalUrl,
  DISCORD_GUILD_ID: optionalText.pipe(z.string().regex(/^\d{15,25}$/, 'must be a server id (digits)').optional()),
  /** Set: slash commands and buttons arrive over HTTP on PORT (Ed25519-signed), served by any instance. */
  DISCORD_PUBLIC_KEY: optionalText.pipe(z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be the application\'s public key (64 hexadecimal characters)').optional()),
  DISCORD_INTERACTIONS_PATH: z.string().trim().regex(/^\/[\w\-/]*$/, 'must be a path such as /discord/interactions').default('/discord/interactions'),

  TELEGRAM_BOT_TOKEN: optionalText.pipe(z.string().regex(/^\d+:[\w-]+$/, 'must look like 123456:ABC-DEF…').optional()),
  TELEGRAM_API_ROOT: optionalUrl,
  TELEGRAM_WEBHOOK_URL: optionalUrl,
  // Telegram accepts 1–256 characters; fewer than 32 would be guessable.
  TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'may hold A–Z a–z 0–9 _ - only')
      .min(32, 'must be at least 32 characters (Telegram accepts up to 256)')
      .max(256, 'must be at most 256 characters')
      .optional(),
  ),
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),

  /** Terminal mode: which member the person plays, and whether as a community admin. */
  CONSOLE_USER: z.string().trim().min(1).default('local-member'),
  CONSOLE_ADMIN: flag,
  /** The terminal's locale (fr_FR.UTF-8…): the terminal member's language unless /lang says otherwise. */
  LANG: optionalText,
});

export type Environment = z.output<typeof schema>;

export interface Config extends Environment {
  readonly databaseUrl: string;
  readonly logLevel: NonNullable<Environment['LOG_LEVEL']>;
  readonly consoleLanguage: 'fr' | 'en';
  readonly mode: { readonly discord: boolean; readonly telegram: boolean; readonly console: boolean };
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const values = parsed.data;
  const problems: string[] = [];
  if (values.DISCORD_TOKEN && !values.DISCORD_APPLICATION_ID) {
    problems.push('DISCORD_APPLICATION_ID: required when DISCORD_TOKEN is set');
  }
  if (values.TELEGRAM_WEBHOOK_URL && !values.TELEGRAM_WEBHOOK_SECRET) {
    problems.push('TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set, to authenticate Telegram');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const discord = Boolean(values.DISCORD_TOKEN);
  const telegram = Boolean(values.TELEGRAM_BOT_TOKEN);
  const consoleMode = !discord && !telegram;
  return {
    ...values,
    databaseUrl: values.DATABASE_URL ?? `file:${path.join(values.DATA_DIR, 'confreres.db')}`,
    // The terminal is shared with the conversation: only warnings and errors go to stderr there.
    logLevel: values.LOG_LEVEL ?? (consoleMode ? 'warn' : 'info'),
    consoleLanguage: values.LANG && !/^(C|POSIX)(\.|$)/.test(values.LANG) ? languageFromLocale(values.LANG) : values.DEFAULT_LANGUAGE,
    mode: { discord, telegram, console: consoleMode },
  };
}
