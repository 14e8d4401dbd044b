/**
 * Localized texts of CME and digest-settings failures, and the date formats of scheduled
 * posts. Commands use them; the codes stay the stable part.
 */
import { t, type MessageKey } from '../i18n/index.ts';
import type { Language } from '../shared/language.ts';
import type { CmeError, DigestSettingsError } from './errors.ts';

export function describeCmeError(language: Language, error: CmeError | DigestSettingsError): string {
  // Every code has an "error.<code>" text (checked by test/cme/messages.test.ts).
  return (t as (language: Language, key: MessageKey, params?: unknown) => string)(language, `error.${error.code}` as MessageKey, error);
}

/** "lundi 2 mars 2026 à 08:00" / "Monday 2 March 2026 at 08:00", in the community's zone. */
export function formatWhen(date: Date, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(date);
}

/** The localized name of a weekday (0 = Sunday). */
export function weekdayName(weekday: number, language: Language): string {
  // 4 January 1970 was a Sunday.
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(1970, 0, 4 + weekday)));
}
