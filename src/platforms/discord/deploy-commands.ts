/**
 * `npm run deploy-commands`: registers the slash commands built from `commands/` (and the
 * message menus of slash-commands.ts) with Discord, in one server when DISCORD_GUILD_ID is set (instant, for testing) or globally.
 * Run it when the commands change, not at every start: a PUT replaces the whole set.
 */
import { pathToFileURL } from 'node:url';
import { REST, Routes } from 'discord.js';
import type { Command } from '../../commands/command.ts';
import { CommandLoadError, loadCommands } from '../../commands/loader.ts';
import { ConfigError, loadConfig } from '../../config.ts';
import { applicationCommands } from './slash-commands.ts';

export interface DeployOptions {
  readonly token: string;
  readonly applicationId: string;
  /** Registers in this server only; globally when absent. */
  readonly guildId?: string;
  /** The REST root without the version; discord.com when absent. */
  readonly apiRoot?: string;
  readonly commands: readonly Command[];
}

export interface DeployResult {
  readonly count: number;
  readonly scope: 'global' | 'guild';
}

export async function deployCommands(options: DeployOptions): Promise<DeployResult> {
  const rest = new REST(options.apiRoot ? { api: options.apiRoot } : {}).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const registered = (await rest.put(route, { body: applicationCommands(options.commands) })) as unknown[];
  return { count: registered.length, scope: options.guildId ? 'guild' : 'global' };
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    throw new ConfigError(['DISCORD_TOKEN and DISCORD_APPLICATION_ID: both are needed to register the commands']);
  }
  const result = await deployCommands({
    token: config.DISCORD_TOKEN,
    applicationId: config.DISCORD_APPLICATION_ID,
    ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
    ...(config.DISCORD_API_ROOT ? { apiRoot: config.DISCORD_API_ROOT } : {}),
    commands: await loadCommands(),
  });
  const where = result.scope === 'guild' ? `in server ${config.DISCORD_GUILD_ID}` : 'globally (may take up to an hour to appear)';
  process.stdout.write(`Registered ${result.count} slash commands ${where}.\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    const known = error instanceof ConfigError || error instanceof CommandLoadError;
    process.stderr.write(`${known ? (error as Error).message : `Could not register the commands: ${error instanceof Error ? error.message : String(error)}`}\n`);
    process.exit(1);
  });
}
