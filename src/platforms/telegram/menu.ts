/**
 * The command menu Telegram shows as members type "/": one list per scope (private chats,
 * groups, group admins) and per language (French, English, and the default for other app
 * languages). Admin-only commands appear only in the admins' list; Telegram also checks
 * nothing, so the dispatcher still checks every call.
 */
import type { Api } from 'grammy';
import type { BotCommand, BotCommandScope } from 'grammy/types';
import type { Command } from '../../commands/command.ts';
import { LANGUAGES, type Language } from '../../shared/language.ts';

export interface MenuEntry {
  readonly scope: BotCommandScope;
  readonly languageCode?: Language;
  readonly commands: BotCommand[];
}

export function menuEntries(commands: readonly Command[], defaultLanguage: Language): MenuEntry[] {
  const forMembers = commands.filter((command) => command.audience === 'member');
  const scopes: { scope: BotCommandScope; commands: readonly Command[] }[] = [
    { scope: { type: 'all_private_chats' }, commands: forMembers },
    { scope: { type: 'all_group_chats' }, commands: forMembers.filter((command) => command.scope !== 'private') },
    { scope: { type: 'all_chat_administrators' }, commands: commands.filter((command) => command.scope !== 'private') },
  ];
  const entries: MenuEntry[] = [];
  for (const { scope, commands: listed } of scopes) {
    for (const language of [undefined, ...LANGUAGES]) {
      const shown = language ?? defaultLanguage;
      entries.push({
        scope,
        ...(language ? { languageCode: language } : {}),
        commands: listed.map((command) => ({ command: command.name, description: command.description[shown] })),
      });
    }
  }
  return entries;
}

/** Sets every list; returns how many Telegram refused (logged by the caller, not fatal). */
export async function registerMenu(api: Api, entries: readonly MenuEntry[]): Promise<unknown[]> {
  const failures: unknown[] = [];
  for (const entry of entries) {
    try {
      await api.setMyCommands(entry.commands, { scope: entry.scope, ...(entry.languageCode ? { language_code: entry.languageCode } : {}) });
    } catch (error) {
      failures.push(error);
    }
  }
  return failures;
}
