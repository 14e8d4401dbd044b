import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../../src/commands/command.ts';
import { loadCommands } from '../../../src/commands/loader.ts';
import { deployCommands } from '../../../src/platforms/discord/deploy-commands.ts';
import { slashCommand, slashCommands } from '../../../src/platforms/discord/slash-commands.ts';
import { FakeDiscord } from './fake-discord.ts';

const TOKEN = 'deploy-token.for-tests';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const adminOnly: Command = {
  name: 'digest_now',
  description: { fr: 'Publier le digest maintenant', en: 'Post the digest now' },
  audience: 'admin',
  scope: 'community',
  options: [
    { name: 'topic', type: 'string', description: { fr: 'Thème', en: 'Topic' } },
    { name: 'weeks', type: 'integer', required: true, description: { fr: 'Semaines', en: 'Weeks' }, choices: [{ value: '1', label: { fr: 'Une', en: 'One' } }] },
    { name: 'item', type: 'string', autocomplete: true, description: { fr: 'Question', en: 'Item' } },
  ],
  handle: () => Promise.resolve({ text: 'ok' }),
};

describe('slash commands built from commands/', () => {
  it('carries French and English descriptions, subcommands and choices', async () => {
    const json = slashCommands(await loadCommands());
    const survey = json.find((c) => c.name === 'survey');
    expect(survey).toMatchObject({
      type: 1,
      description: 'Take the survey, or manage it (admins)',
      description_localizations: { fr: 'Répondre au questionnaire, ou le gérer (administrateurs)', 'en-US': 'Take the survey, or manage it (admins)' },
      contexts: [0],
    });
    expect(survey?.options?.map((o) => [o.type, o.name])).toEqual([
      [1, 'resume'],
      [1, 'open'],
      [1, 'load'],
      [1, 'close'],
      [1, 'status'],
    ]);
    // /survey load file: is Discord's attachment option; /survey open form: is autocompleted.
    const load = survey?.options?.find((o) => o.name === 'load');
    expect(load && 'options' in load ? load.options?.map((o) => [o.type, o.name]) : null).toEqual([[11, 'file'], [3, 'instrument']]);
    const open = survey?.options?.find((o) => o.name === 'open');
    expect(open && 'options' in open ? open.options?.[0] : null).toMatchObject({ type: 3, name: 'form', autocomplete: true });
    // Members use /survey resume: the command cannot be hidden; its admin subcommands are checked by the bot.
    expect(survey?.default_member_permissions).toBeUndefined();
    const lang = json.find((c) => c.name === 'lang');
    expect(lang?.options?.[0]).toMatchObject({ type: 3, name: 'language', choices: [{ name: 'French', value: 'fr', name_localizations: { fr: 'Français' } }, { name: 'English', value: 'en' }] });
    expect(lang?.contexts).toEqual([0, 1]);
  });

  it('offers a channel picker (text and announcement channels) for /digest config channel:', async () => {
    const digest = slashCommands(await loadCommands()).find((c) => c.name === 'digest');
    const config = digest?.options?.find((o) => o.name === 'config');
    const channel = config && 'options' in config ? config.options?.find((o) => o.name === 'channel') : undefined;
    expect(channel).toEqual({
      type: 7,
      name: 'channel',
      description: 'Channel or group to post in',
      description_localizations: { fr: 'Salon ou groupe de publication', 'en-US': 'Channel or group to post in', 'en-GB': 'Channel or group to post in' },
      required: false,
      channel_types: [0, 5],
    });
  });

  it('stays within what Discord accepts, for every command of commands/', async () => {
    const within = (text: string | undefined, max: number) => text !== undefined && text.length >= 1 && text.length <= max;
    for (const command of slashCommands(await loadCommands())) {
      expect(command.name).toMatch(/^[-_\p{L}\p{N}]{1,32}$/u);
      expect(within(command.description, 100), command.name).toBe(true);
      for (const text of Object.values(command.description_localizations ?? {})) expect(within(text ?? undefined, 100), command.name).toBe(true);
      const options = command.options ?? [];
      expect(options.length).toBeLessThanOrEqual(25);
      const leaves = options.flatMap((o) => (o.type === 1 ? (o.options ?? []) : [o]));
      for (const group of [options.filter((o) => o.type !== 1), ...options.filter((o) => o.type === 1).map((o) => o.options ?? [])]) {
        const required = group.map((o) => ('required' in o && o.required) === true);
        expect(required, `${command.name}: required options first`).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
      }
      for (const leaf of leaves) {
        expect(within(leaf.description, 100), `${command.name} ${leaf.name}`).toBe(true);
        const choices = 'choices' in leaf ? (leaf.choices ?? []) : [];
        expect(choices.length).toBeLessThanOrEqual(25);
        for (const choice of choices) expect(within(choice.name, 100)).toBe(true);
        if ('autocomplete' in leaf && leaf.autocomplete) expect(choices).toEqual([]);
      }
    }
  });

  it('hides admin commands behind Manage Server and lists required options first', () => {
    const json = slashCommand(adminOnly);
    expect(json.default_member_permissions).toBe('32');
    expect(json.options?.map((o) => o.name)).toEqual(['weeks', 'topic', 'item']);
    expect(json.options?.[0]).toMatchObject({ type: 4, required: true, choices: [{ name: 'One', value: 1 }] });
    expect(json.options?.[2]).toMatchObject({ type: 3, autocomplete: true });
  });
});

describe('deploy-commands', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start({ token: TOKEN });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('registers the commands globally, or in one server', async () => {
    const commands = [...(await loadCommands()), adminOnly];
    const global = await deployCommands({ token: TOKEN, applicationId: fake.applicationId, apiRoot: fake.apiRoot, commands });
    // Every slash command, plus the "Add to CME digest" message menu.
    expect(global).toEqual({ count: commands.length + 1, scope: 'global' });
    const registered = fake.registered.get('global') ?? [];
    expect(registered.filter((c) => c.type === 1).map((c) => c.name).sort()).toEqual(commands.map((c) => c.name).sort());
    expect(registered.find((c) => c.type === 3)).toMatchObject({ name: 'Add to CME digest', name_localizations: { fr: 'Ajouter au digest FMC' }, contexts: [0] });
    expect(registered.find((c) => c.name === 'digest_now')?.default_member_permissions).toBe('32');
    const digestConfig = registered.find((c) => c.name === 'digest')?.options?.find((o: { name: string }) => o.name === 'config');
    expect(digestConfig?.options?.find((o: { name: string }) => o.name === 'channel')).toMatchObject({ type: 7, channel_types: [0, 5] });
    const put = fake.calls.find((c) => c.method === 'PUT');
    expect(put?.path).toBe(`/api/v10/applications/${fake.applicationId}/commands`);
    expect(put?.authorization).toBe(`Bot ${TOKEN}`);

    await deployCommands({ token: TOKEN, applicationId: fake.applicationId, guildId: fake.guildId, apiRoot: fake.apiRoot, commands });
    expect(fake.registered.get(`guild:${fake.guildId}`)?.length).toBe(commands.length + 1);
  });

  it('runs as a script from the environment, in one server when DISCORD_GUILD_ID is set', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/platforms/discord/deploy-commands.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_GUILD_ID: fake.guildId,
        DISCORD_API_ROOT: fake.apiRoot,
      },
    });
    expect(stdout).toMatch(new RegExp(`Registered \\d+ slash commands in server ${fake.guildId}`));
    expect(fake.problems).toEqual([]);
  });

  it('fails with a clear message without a token', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/platforms/discord/deploy-commands.ts'], {
      cwd: ROOT,
      env: { ...process.env, DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '' },
    });
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('DISCORD_TOKEN and DISCORD_APPLICATION_ID') });
  });
});
