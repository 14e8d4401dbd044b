/**
 * A community's settings for scheduled posts (weekly digest, survey progress, final summary),
 * and the parsing of `/digest config` options. Every option given is checked before anything
 * is saved, so a typo changes nothing and names the faulty value.
 */
import { z } from '../shared/zod.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Language } from '../shared/language.ts';
import type { DigestSettingsError } from './errors.ts';

export interface DigestSettings {
  /** Discord channel id or Telegram chat id; null: the community's own group (Telegram, terminal). */
  readonly destination: string | null;
  /** 0 = Sunday … 6 = Saturday, as in cron. */
  readonly weekday: number;
  /** "HH:MM", 24-hour, in `timeZone`. */
  readonly time: string;
  readonly timeZone: string;
  /** Whether the weekly digest is posted. */
  readonly enabled: boolean;
  /** Whether a week without any point still gets a (short) post. */
  readonly emptyWeeks: boolean;
  /** Whether survey progress posts and the final summary are posted. */
  readonly results: boolean;
  /** The language of the community's scheduled posts and reminders. */
  readonly language: Language;
}

export const DEFAULT_DIGEST_SETTINGS: DigestSettings = {
  destination: null,
  weekday: 1,
  time: '08:00',
  timeZone: 'Europe/Paris',
  enabled: true,
  emptyWeeks: false,
  results: true,
  language: 'fr',
};

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const DAY_NAMES: Readonly<Record<string, number>> = {
  sun: 0, sunday: 0, dim: 0, dimanche: 0, mon: 1, monday: 1, lun: 1, lundi: 1, tue: 2, tuesday: 2, mar: 2, mardi: 2,
  wed: 3, wednesday: 3, mer: 3, mercredi: 3, thu: 4, thursday: 4, jeu: 4, jeudi: 4, fri: 5, friday: 5, ven: 5,
  vendredi: 5, sat: 6, saturday: 6, sam: 6, samedi: 6,
};

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const flag = z.string().trim().toLowerCase().pipe(z.enum(['true', 'false', 'on', 'off', 'yes', 'no', 'oui', 'non', '1', '0']));

export interface DigestOptions {
  readonly channel?: string | undefined;
  readonly day?: string | undefined;
  readonly time?: string | undefined;
  readonly timezone?: string | undefined;
  readonly enabled?: string | undefined;
  readonly empty_weeks?: string | undefined;
  readonly results?: string | undefined;
}

/** The settings with the given options applied, or the first faulty option. */
export function applyDigestOptions(current: DigestSettings, options: DigestOptions, language: Language): Result<DigestSettings, DigestSettingsError> {
  let next: DigestSettings = { ...current, language };
  if (options.channel !== undefined && options.channel.trim() !== '') {
    const destination = parseDestination(options.channel);
    if (!destination.ok) return destination;
    next = { ...next, destination: destination.value };
  }
  if (options.day !== undefined && options.day.trim() !== '') {
    const weekday = parseWeekday(options.day);
    if (weekday === null) return err({ code: 'digest.bad_day', value: options.day.trim().slice(0, 20) });
    next = { ...next, weekday };
  }
  if (options.time !== undefined && options.time.trim() !== '') {
    const time = parseTime(options.time);
    if (time === null) return err({ code: 'digest.bad_time', value: options.time.trim().slice(0, 20) });
    next = { ...next, time };
  }
  if (options.timezone !== undefined && options.timezone.trim() !== '') {
    const zone = options.timezone.trim();
    if (!/^[A-Za-z_+\-/0-9]{1,64}$/.test(zone) || !isValidTimeZone(zone)) return err({ code: 'digest.bad_timezone', value: zone.slice(0, 40) });
    next = { ...next, timeZone: zone };
  }
  for (const [option, field] of [['enabled', 'enabled'], ['empty_weeks', 'emptyWeeks'], ['results', 'results']] as const) {
    const value = options[option];
    if (value === undefined || value.trim() === '') continue;
    const parsed = flag.safeParse(value);
    if (!parsed.success) return err({ code: 'digest.bad_flag', option, value: value.trim().slice(0, 20) });
    next = { ...next, [field]: ['true', 'on', 'yes', 'oui', '1'].includes(parsed.data) };
  }
  return ok(next);
}

/** "lundi", "Mon", "monday", or 1–7 (ISO: 1 = Monday, 7 = Sunday). */
export function parseWeekday(input: string): number | null {
  const value = input.trim().toLowerCase().replace(/\.$/, '');
  if (/^[1-7]$/.test(value)) return Number(value) % 7;
  return DAY_NAMES[value] ?? null;
}

/** "8:00", "08:30", "8h", "8h30", "20h05" → "HH:MM". */
export function parseTime(input: string): string | null {
  const match = /^(\d{1,2})(?:[:hH](\d{2})?)?$/.exec(input.trim());
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2] ?? '0');
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/**
 * A Discord channel (<#123…> or its id), a Telegram chat id (-100…) or public channel
 * (@name); "default" returns to the community's own group.
 */
export function parseDestination(input: string): Result<string | null, DigestSettingsError> {
  const value = input.trim();
  if (/^(default|défaut|defaut|here|ici)$/i.test(value)) return ok(null);
  const mention = /^<#(\d{15,25})>$/.exec(value);
  if (mention?.[1]) return ok(mention[1]);
  if (/^-?\d{5,25}$/.test(value)) return ok(value);
  if (/^@[A-Za-z][A-Za-z0-9_]{4,31}$/.test(value)) return ok(value);
  return err({ code: 'digest.bad_channel', value: value.slice(0, 40) });
}

/** Hour and minute of a "HH:MM" time. */
export function timeParts(time: string): { hour: number; minute: number } {
  const [hour, minute] = time.split(':').map(Number);
  return { hour: hour ?? 0, minute: minute ?? 0 };
}
