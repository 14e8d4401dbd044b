/**
 * The discord.js client: the Guilds intent only (no privileged intent: the bot reads no
 * messages, no member lists, no presences), and an optional REST base for a proxy such as
 * @discordjs/proxy or for tests. The gateway address comes from GET /gateway/bot on that base.
 */
import { Client, GatewayIntentBits, Options } from 'discord.js';

export interface ClientOptions {
  /** The REST root without the version, e.g. https://discord.com/api (the default). */
  readonly apiRoot?: string;
}

export function createDiscordClient(options: ClientOptions = {}): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    ...(options.apiRoot ? { rest: { api: options.apiRoot } } : {}),
    // Interactions carry the messages they concern; keeping copies would only hold memory.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
    allowedMentions: { parse: [] },
  });
}
