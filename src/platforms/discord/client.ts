/**
 * The discord.js client: the Guilds and GuildMessageReactions intents, no privileged intent
 * (the bot reads no message content, no member lists, no presences), and an optional REST base
 * for a proxy such as @discordjs/proxy or for tests. The gateway address comes from
 * GET /gateway/bot on that base.
 *
 * Reactions arrive on messages the bot never saw (it keeps no message cache): the Message and
 * Reaction partials let discord.js emit them anyway, Channel covers channels it did not cache,
 * and User covers a removal (MESSAGE_REACTION_REMOVE carries no member) by someone it has not
 * met since it started.
 */
import { Client, GatewayIntentBits, Options, Partials } from 'discord.js';

export interface ClientOptions {
  /** The REST root without the version, e.g. https://discord.com/api (the default). */
  readonly apiRoot?: string;
  /** Replaces the HTTP request function (HTTP interactions catch their first answer there). */
  readonly makeRequest?: (url: string, init: RequestInit) => Promise<Response>;
}

export const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions] as const;

export function createDiscordClient(options: ClientOptions = {}): Client {
  return new Client({
    intents: [...INTENTS],
    partials: [Partials.Message, Partials.Reaction, Partials.Channel, Partials.User],
    rest: {
      ...(options.apiRoot ? { api: options.apiRoot } : {}),
      ...(options.makeRequest ? { makeRequest: options.makeRequest as never } : {}),
    },
    // Interactions carry the messages they concern; keeping copies would only hold memory.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
    allowedMentions: { parse: [] },
  });
}
