/**
 * What the bot needs to know about whoever sent an interaction, decided on the server side:
 * the member (the user id only as keyring input), their language, the community (the guild),
 * and whether they are an admin (Manage Server in the permissions Discord computed for them in
 * this channel; `default_member_permissions` only hides commands and is not trusted).
 */
import { ApplicationCommandOptionType, type BaseInteraction, type ChatInputCommandInteraction, type Message } from 'discord.js';
import type { Attachment, ReferencedMessage } from '../../commands/command.ts';
import type { App } from '../../app.ts';
import type { Member } from '../../privacy/keyring.ts';
import { dayOf } from '../../shared/day.ts';
import { languageFromLocale, type Language } from '../../shared/language.ts';
import type { CommunityRecord } from '../../survey/ports.ts';
import { ADMIN_PERMISSION } from './slash-commands.ts';

export const PLATFORM = 'discord';

export interface MemberContext {
  readonly member: Member;
  readonly language: Language;
  readonly community: CommunityRecord | null;
  readonly isAdmin: boolean;
}

export function memberOf(interaction: BaseInteraction): Member {
  return { platform: PLATFORM, userId: interaction.user.id };
}

/** French when the member chose it with /lang, else when their Discord client is in French. */
export function languageOf(app: App, interaction: BaseInteraction): Promise<Language> {
  return app.services.preferences.resolve(memberOf(interaction), languageFromLocale(interaction.locale));
}

export async function contextOf(app: App, interaction: BaseInteraction): Promise<MemberContext> {
  const [language, community] = await Promise.all([languageOf(app, interaction), communityOf(app, interaction)]);
  const isAdmin = interaction.inGuild() && (interaction.memberPermissions?.has(ADMIN_PERMISSION) ?? false);
  return { member: memberOf(interaction), language, community, isAdmin };
}

/** The guild as a community, created on first use; null outside a guild (a DM). */
export async function communityOf(app: App, interaction: BaseInteraction): Promise<CommunityRecord | null> {
  const guildId = interaction.guildId;
  if (!guildId) return null;
  const { catalog } = app.services;
  // Read first: most interactions find the community, and a read does not take SQLite's write lock.
  return (
    (await catalog.findCommunity(PLATFORM, guildId)) ??
    catalog.ensureCommunity(PLATFORM, guildId, interaction.guild?.name ?? null, dayOf(app.now()))
  );
}

/** The subcommand and option values of a slash command, as the dispatcher takes them. */
export function invocationOf(interaction: ChatInputCommandInteraction): {
  subcommand: string | null;
  options: Record<string, string>;
  attachment?: Attachment;
} {
  const data = interaction.options.data;
  const sub = data.find((option) => option.type === ApplicationCommandOptionType.Subcommand);
  const leaves = sub ? (sub.options ?? []) : data;
  const options: Record<string, string> = {};
  let attachment: Attachment | undefined;
  for (const option of leaves) {
    if (option.value !== undefined && option.value !== null) options[option.name] = String(option.value);
    if (option.type === ApplicationCommandOptionType.Attachment && option.attachment) {
      const { name, size, url } = option.attachment;
      attachment = { name, size, read: () => download(url) };
    }
  }
  return { subcommand: sub?.name ?? null, options, ...(attachment ? { attachment } : {}) };
}

/** An attachment's bytes from Discord's CDN (or the REST root's host in tests). */
async function download(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`attachment download failed with HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * What a message menu passes to its command: the message's text, its first attachment (by id:
 * documents are never re-hosted) and its link. Never its author.
 */
export function referencedOf(message: Message): ReferencedMessage {
  const attachment = message.attachments.first();
  return {
    ...(message.content ? { text: message.content } : {}),
    ...(attachment ? { file: { id: attachment.id, name: attachment.name } } : {}),
    link: message.url,
  };
}
