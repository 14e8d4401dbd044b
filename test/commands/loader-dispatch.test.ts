import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/commands/command.ts';
import { CommandDispatcher } from '../../src/commands/dispatch.ts';
import { CommandLoadError, loadCommands, validateCommands } from '../../src/commands/loader.ts';
import type { Services } from '../../src/commands/services.ts';
import { createLogger } from '../../src/shared/logger.ts';

const describeBoth = (text: string) => ({ fr: text, en: text });

describe('command loader', () => {
  it('loads the commands folder and validates every export', async () => {
    const names = (await loadCommands()).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['forget', 'help', 'lang', 'survey']));
  });

  it('refuses bad command files with every problem named', () => {
    const good: Command = { name: 'ok', description: describeBoth('fine'), audience: 'member', scope: 'any', handle: async () => ({}) };
    const attempt = () =>
      validateCommands([
        { file: 'a.ts', exported: good },
        { file: 'b.ts', exported: { ...good, name: 'Bad-Name', description: { fr: 'x' } } },
        { file: 'c.ts', exported: { ...good, handle: 'not a function' } },
        { file: 'd.ts', exported: good },
        { file: 'e.ts', exported: undefined },
      ]);
    expect(attempt).toThrow(CommandLoadError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as CommandLoadError).problems;
      expect(problems.some((p) => p.startsWith('b.ts: name'))).toBe(true);
      expect(problems.some((p) => p.startsWith('b.ts: description.en'))).toBe(true);
      expect(problems).toContain('c.ts: handle: handle must be a function');
      expect(problems).toContain('d.ts: the name /ok is used twice');
      expect(problems.some((p) => p.startsWith('e.ts'))).toBe(true);
    }
  });
});

describe('command dispatcher', () => {
  const logged: string[] = [];
  const logger = createLogger('error', (line) => logged.push(line));
  const echo: Command = {
    name: 'echo',
    description: describeBoth('echo'),
    audience: 'member',
    scope: 'any',
    subcommands: [
      { name: 'say', audience: 'member', description: describeBoth('say'), options: [{ name: 'mood', type: 'string', description: describeBoth('m'), choices: [{ value: 'calm', label: describeBoth('calm') }] }] },
      { name: 'admin', audience: 'admin', description: describeBoth('admin only') },
      { name: 'crash', audience: 'member', description: describeBoth('fails') },
    ],
    async handle({ invocation }) {
      if (invocation.subcommand === 'crash') throw new Error('database exploded with value 42');
      return { text: `ran ${invocation.subcommand} ${invocation.options['mood'] ?? ''}`.trim() };
    },
  };
  const dispatcher = new CommandDispatcher([echo], logger);
  const base = {
    name: 'echo',
    options: {},
    member: { platform: 'console', userId: 'u-123' },
    isAdmin: false,
    language: 'en' as const,
    community: null,
    services: {} as Services,
    now: new Date('2026-11-28T10:00:00Z'),
  };

  it('runs a member subcommand with a valid option', async () => {
    expect(await dispatcher.dispatch({ ...base, subcommand: 'say', options: { mood: 'calm' } })).toEqual({ text: 'ran say calm' });
  });

  it('refuses an admin subcommand to a member, even when it reaches the bot', async () => {
    const reply = await dispatcher.dispatch({ ...base, subcommand: 'admin' });
    expect(reply).toEqual({ text: 'This command is for the community’s admins.', private: true });
    expect((await dispatcher.dispatch({ ...base, subcommand: 'admin', isAdmin: true })).text).toBe('ran admin');
  });

  it('refuses unknown commands, subcommands and option values in the member’s language', async () => {
    expect((await dispatcher.dispatch({ ...base, name: 'nope', subcommand: null })).text).toBe('Unknown command: /nope. Type /help for the list.');
    expect((await dispatcher.dispatch({ ...base, subcommand: 'dance', language: 'fr' })).text).toBe(
      'Valeur « dance » invalide pour /echo. Valeurs possibles : say, admin, crash.',
    );
    expect((await dispatcher.dispatch({ ...base, subcommand: 'say', options: { mood: 'angry' } })).text).toBe(
      'Invalid value “angry” for mood. Allowed values: calm.',
    );
  });

  it('turns an unexpected error into a polite reply and a log line without user data', async () => {
    const reply = await dispatcher.dispatch({ ...base, subcommand: 'crash' });
    expect(reply.text).toBe('Something unexpected went wrong; nothing was lost. Please try again in a moment.');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('"command":"echo"');
    expect(logged[0]).not.toContain('u-123');
    // The dispatcher keeps working after the failure.
    expect((await dispatcher.dispatch({ ...base, subcommand: 'say' })).text).toBe('ran say');
  });
});
