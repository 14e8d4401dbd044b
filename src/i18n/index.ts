/**
 * Localized texts. `t(lang, key, params)` is typed by the French dictionary: a missing key or
 * a wrong parameter is a compile error, not a blank message at run time.
 */
import type { Language } from '../shared/language.ts';
import type { SurveyError } from '../survey/errors.ts';
import { en } from './en.ts';
import { fr, type Messages } from './fr.ts';

const DICTIONARIES: Readonly<Record<Language, Messages>> = { fr, en };

export type MessageKey = keyof Messages;
type ParamsOf<K extends MessageKey> = Messages[K] extends (p: infer P) => string ? [params: P] : [];

export function t<K extends MessageKey>(language: Language, key: K, ...params: ParamsOf<K>): string {
  const entry = DICTIONARIES[language][key] as string | ((p: unknown) => string);
  return typeof entry === 'function' ? entry(params[0]) : entry;
}

/** The localized text of an expected survey failure. */
export function describeError(language: Language, error: SurveyError): string {
  const key = `error.${error.code}` as MessageKey;
  if (error.code === 'text.identifier') {
    return t(language, 'error.text.identifier', { kind: t(language, `identifier.${error.kind}`) });
  }
  const entry = DICTIONARIES[language][key] as string | ((p: unknown) => string);
  return typeof entry === 'function' ? entry(echoed(error)) : entry;
}

/** Messages quote at most this many characters of what a member typed. */
export const ECHO_MAX = 80;

/** The error with every quoted value cut to ECHO_MAX characters (a 10,000-character line is not repeated). */
function echoed<T extends object>(error: T): T {
  const copy = { ...error } as Record<string, unknown>;
  for (const [name, value] of Object.entries(copy)) {
    if (typeof value !== 'string') continue;
    const chars = Array.from(value.length > ECHO_MAX * 2 ? value.slice(0, ECHO_MAX * 2) : value);
    if (chars.length > ECHO_MAX) copy[name] = `${chars.slice(0, ECHO_MAX).join('')}…`;
  }
  return copy as T;
}
