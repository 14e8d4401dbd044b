/**
 * What the Telegram handlers share: the application, the adapter's own store, and the
 * helpers that turn a Telegram user into a member and a language. A user id is used here
 * only as the input of keys (participant key, member key) and as a chat address of the
 * current request; it is never stored or logged.
 */
import type { User } from 'grammy/types';
import type { App } from '../../app.ts';
import type { Telemetry } from '../../ops/telemetry.ts';
import type { Member } from '../../privacy/keyring.ts';
import { languageFromLocale, type Language } from '../../shared/language.ts';
import type { PrismaTelegramLinks } from '../../store/telegram-links.ts';
import type { CommunityRecord } from '../../survey/ports.ts';

export interface TelegramDeps {
  readonly app: App;
  readonly links: PrismaTelegramLinks;
  /** The bot's username, for deep links (known once the bot is initialised). */
  readonly username: () => string;
  /** Recent "is a member of the group" answers, so presses do not each cost a getChatMember. */
  readonly membership: MembershipMemory;
  readonly telemetry: Telemetry;
}

export const PLATFORM = 'telegram';

/** `member`: may answer; `outsider`: Telegram says they are not in the group; `unknown`: the check failed. */
export type Membership = 'member' | 'outsider' | 'unknown';

/** What the handlers need of the membership cache (./membership.ts implements it). */
export interface MembershipMemory {
  /** The remembered answer for this member and community, else `ask()`'s (remembered if positive). */
  check(memberKey: string, community: CommunityRecord, ask: () => Promise<Membership>): Promise<Membership>;
}

export function memberOf(user: User): Member {
  return { platform: PLATFORM, userId: String(user.id) };
}

/** The member's chosen language, else their Telegram app's language. */
export function languageOf(deps: TelegramDeps, user: User): Promise<Language> {
  return deps.app.services.preferences.resolve(memberOf(user), languageFromLocale(user.language_code ?? deps.app.config.DEFAULT_LANGUAGE));
}

export function memberKeyOf(deps: TelegramDeps, user: User): string {
  return deps.app.keyring.memberKey(memberOf(user));
}

export function deepLink(username: string, token: string): string {
  return `https://t.me/${username}?start=${token}`;
}

/** Telegram's limit on answerCallbackQuery texts. */
export function clip(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
