/**
 * Scheduled posts (digests, progress) on Discord: a channel of the guild, or a DM to a member.
 * Members often close DMs from server members (error 50007); that is an expected "cannot
 * reach", not a failure.
 */
import { DiscordAPIError, RESTJSONErrorCodes, type Client, type MessageCreateOptions } from 'discord.js';
import type { CommunityPublisher, DestinationCheck, OutgoingMessage } from '../publisher.ts';
import type { CommunityRecord } from '../../survey/ports.ts';
import { textAndFiles, type OutgoingView } from './reply-view.ts';

/** Why a DM did not arrive that says nothing is wrong with the bot. */
const UNREACHABLE = new Set<number>([
  RESTJSONErrorCodes.CannotSendMessagesToThisUser,
  RESTJSONErrorCodes.UnknownUser,
  RESTJSONErrorCodes.UnknownChannel,
]);

/**
 * An instance that does not hold the gateway has no guild in its cache: without this,
 * discord.js would drop a guild channel fetched over REST, and standby instances could not post.
 */
const FETCH = { allowUnknownGuild: true } as const;

export class DiscordChannelError extends Error {
  constructor(readonly channelId: string, options?: { cause?: unknown }) {
    super(`Discord channel ${channelId} does not exist for the bot or does not take messages`, options);
    this.name = 'DiscordChannelError';
  }
}

export class DiscordPublisher implements CommunityPublisher {
  readonly platform = 'discord' as const;

  /** `botId`: the bot's user id (the application id), for a client not logged in to the gateway. */
  constructor(private readonly client: Client, private readonly botId?: string) {}

  /** A channel of the community's own server; a DM, another server's channel or an unknown id is refused. */
  async checkDestination(community: CommunityRecord, destination: string): Promise<DestinationCheck> {
    try {
      const channel = await this.client.channels.fetch(destination, FETCH);
      if (!channel || channel.isDMBased() || !('guildId' in channel)) return { ok: false, reason: 'foreign' };
      return channel.guildId === community.externalId ? { ok: true } : { ok: false, reason: 'foreign' };
    } catch (error) {
      if (error instanceof DiscordAPIError) return { ok: false, reason: 'unknown' };
      throw error;
    }
  }

  /** Reads the channel's latest messages for one of the bot's starting with `text`. */
  async postedSince(destination: string, text: string, since: Date): Promise<boolean> {
    const channel = await this.client.channels.fetch(destination, FETCH);
    if (!channel?.isTextBased() || !('messages' in channel)) return false;
    const botId = this.client.user?.id ?? this.botId;
    const recent = await channel.messages.fetch({ limit: 50, cache: false });
    const head = text.slice(0, 200);
    return recent.some((message) => message.author.id === botId && message.createdTimestamp >= since.getTime() && message.content.startsWith(head));
  }

  async postToCommunity(destination: string, message: OutgoingMessage): Promise<void> {
    const channel = await this.client.channels.fetch(destination, FETCH).catch((error: unknown) => {
      if (error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownChannel || error.code === RESTJSONErrorCodes.MissingAccess)) {
        throw new DiscordChannelError(destination, { cause: error });
      }
      throw error;
    });
    if (!channel?.isSendable()) throw new DiscordChannelError(destination);
    for (const view of textAndFiles(message.text, message.files ?? [])) await channel.send(createOptions(view));
  }

  async sendPrivate(address: string, message: OutgoingMessage): Promise<boolean> {
    try {
      const channel = await this.client.users.createDM(address, { cache: false });
      for (const view of textAndFiles(message.text, message.files ?? [])) await channel.send(createOptions(view));
      return true;
    } catch (error) {
      if (error instanceof DiscordAPIError && typeof error.code === 'number' && UNREACHABLE.has(error.code)) return false;
      throw error;
    }
  }
}

function createOptions(view: OutgoingView): MessageCreateOptions {
  return {
    content: view.content,
    files: view.files.map((file) => ({ attachment: file.data, name: file.name, ...(file.description ? { description: file.description } : {}) })),
    allowedMentions: { parse: [] },
  };
}
