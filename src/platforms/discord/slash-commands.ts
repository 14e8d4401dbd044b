/**
 * The commands of `commands/` as Discord application commands (the JSON of
 * PUT /applications/:id/commands). Used by the deploy script; the router reads invocations
 * back with `invocationOf`, so both sides agree on names and option types.
 *
 * Descriptions and choice labels carry French and English localizations. Commands whose every
 * action is for admins get `default_member_permissions` = Manage Server, which hides them from
 * other members; that is a convenience only, the dispatcher checks permissions again.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type LocalizationMap,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { Command, CommandOption } from '../../commands/command.ts';
import type { Localized } from '../../shared/language.ts';

export type SlashCommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Channels a 'channel' option offers: those the bot posts digests and announcements in. */
export const POSTABLE_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

/** The permission that makes a member an admin of the community on Discord. */
export const ADMIN_PERMISSION = PermissionFlagsBits.ManageGuild;

export function slashCommands(commands: readonly Command[]): SlashCommandJson[] {
  return commands.map(slashCommand);
}

/**
 * Message menus ("Apps" on a message): each runs a command with that message as its
 * `referenced` message, as a Telegram reply does. Discord shows their names, so they are words.
 */
export const MESSAGE_MENUS: readonly { readonly command: string; readonly label: Localized }[] = [
  { command: 'cme', label: { en: 'Add to CME digest', fr: 'Ajouter au digest FMC' } },
];

/** Everything the deploy script registers: slash commands, and the message menus of existing commands. */
export function applicationCommands(commands: readonly Command[]): (SlashCommandJson | RESTPostAPIContextMenuApplicationCommandsJSONBody)[] {
  const menus = MESSAGE_MENUS.flatMap((menu) => {
    const command = commands.find((c) => c.name === menu.command);
    if (!command) return [];
    return [
      {
        type: ApplicationCommandType.Message as const,
        name: menu.label.en,
        name_localizations: localizations(menu.label),
        contexts: contextsOf(command.scope),
        integration_types: [ApplicationIntegrationType.GuildInstall],
      },
    ];
  });
  return [...slashCommands(commands), ...menus];
}

/** The command a message menu runs, by the menu's (English) name. */
export function commandOfMenu(menuName: string): string | undefined {
  return MESSAGE_MENUS.find((menu) => menu.label.en === menuName)?.command;
}

export function slashCommand(command: Command): SlashCommandJson {
  const adminOnly =
    command.subcommands && command.subcommands.length > 0
      ? command.subcommands.every((sub) => sub.audience === 'admin') && (!command.defaultAction || command.audience === 'admin')
      : command.audience === 'admin';
  const options = command.subcommands?.length
    ? command.subcommands.map(
        (sub): APIApplicationCommandSubcommandOption => ({
          type: ApplicationCommandOptionType.Subcommand,
          name: sub.name,
          ...describe(sub.description),
          ...(sub.options?.length ? { options: basicOptions(sub.options) } : {}),
        }),
      )
    : basicOptions(command.options ?? []);
  return {
    type: ApplicationCommandType.ChatInput,
    name: command.name,
    ...describe(command.description),
    ...(options.length > 0 ? { options } : {}),
    ...(adminOnly ? { default_member_permissions: String(ADMIN_PERMISSION) } : {}),
    contexts: contextsOf(command.scope),
    integration_types: [ApplicationIntegrationType.GuildInstall],
  };
}

function basicOptions(options: readonly CommandOption[]): APIApplicationCommandBasicOption[] {
  // Discord wants the required options first.
  const sorted = [...options].sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)));
  return sorted.map((option) => {
    const base = { name: option.name, ...describe(option.description), required: Boolean(option.required) };
    switch (option.type) {
      case 'boolean':
        return { ...base, type: ApplicationCommandOptionType.Boolean };
      case 'integer':
        return option.choices
          ? { ...base, type: ApplicationCommandOptionType.Integer, choices: option.choices.map((c) => ({ ...choiceName(c.label), value: Number(c.value) })) }
          : { ...base, type: ApplicationCommandOptionType.Integer, autocomplete: Boolean(option.autocomplete) };
      case 'string':
        return option.choices
          ? { ...base, type: ApplicationCommandOptionType.String, choices: option.choices.map((c) => ({ ...choiceName(c.label), value: c.value })) }
          : { ...base, type: ApplicationCommandOptionType.String, autocomplete: Boolean(option.autocomplete) };
      case 'channel':
        // Where the bot can post: text and announcement channels (the value is the channel id).
        return { ...base, type: ApplicationCommandOptionType.Channel, channel_types: [...POSTABLE_CHANNELS] };
      case 'attachment':
        // A file sent with the command (/survey load file:); the router hands it to the command.
        return { ...base, type: ApplicationCommandOptionType.Attachment };
    }
  });
}

function contextsOf(scope: Command['scope']): InteractionContextType[] {
  switch (scope) {
    case 'community':
      return [InteractionContextType.Guild];
    case 'private':
      return [InteractionContextType.BotDM];
    case 'any':
      return [InteractionContextType.Guild, InteractionContextType.BotDM];
  }
}

/** English is Discord's default locale; French and both English locales are listed. */
function describe(text: Localized): { description: string; description_localizations: LocalizationMap } {
  return { description: text.en, description_localizations: localizations(text) };
}

function choiceName(label: Localized): { name: string; name_localizations: LocalizationMap } {
  return { name: label.en.slice(0, 100), name_localizations: localizations(label) };
}

function localizations(text: Localized): LocalizationMap {
  return { fr: text.fr, 'en-US': text.en, 'en-GB': text.en };
}
