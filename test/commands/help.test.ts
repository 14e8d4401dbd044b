/** /help shows how options are typed; /help <command> explains one command with examples. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DispatchRequest } from '../../src/commands/dispatch.ts';
import { createTempApp, type TempApp } from '../support/temp-app.ts';

let temp: TempApp;
beforeAll(async () => {
  temp = await createTempApp();
});
afterAll(() => temp.cleanup());

async function help(options: Record<string, string>, extra: Partial<DispatchRequest> = {}): Promise<string> {
  const reply = await temp.app.dispatcher.dispatch({
    name: 'help',
    subcommand: null,
    options,
    member: { platform: 'console', userId: 'x' },
    isAdmin: false,
    language: 'en',
    community: null,
    services: temp.app.services,
    now: new Date('2026-03-25T10:00:00Z'),
    ...extra,
  });
  return reply.text ?? '';
}

describe('/help', () => {
  it('shows the option syntax of every command, /back included', async () => {
    const text = await help({}, { isAdmin: true });
    for (const syntax of ['[item:<text>]', '[by:<text>]', '[live:on|off]', '[day:<text>]', '[time:<text>]', '[topic:<text>]', '[credit:<text>]', '/back', '/cme [url] [title]']) {
      expect(text).toContain(syntax);
    }
    expect(text).toContain('One command in detail: /help <command> (e.g. /help cme).');
    expect(await help({})).not.toContain('/export');
  });

  it('explains one command with its options, values and examples, and nothing else', async () => {
    const cme = await help({ command: 'cme' });
    expect(cme.startsWith('/cme — Share a CME point')).toBe(true);
    expect(cme).toContain('credit: — Name to be credited with');
    expect(cme).toContain('/cme doi:10.1186/s12909-024-05149-z');
    expect(cme).not.toContain('/survey');
    const results = await help({ command: '/results' }, { language: 'fr' });
    expect(results).toContain('Syntaxe :');
    expect(results).toContain('/results item:q13 by:gp');
    expect(results).toContain('live: — ');
    expect(await help({ command: 'nope' })).toMatch(/^No command \/nope\. Commands: \/cme, /);
    // Typed: "/help cme" reaches the option.
    const typed = await temp.app.dispatcher.dispatch({
      name: 'help',
      subcommand: null,
      options: (await import('../../src/commands/typed-command.ts')).parseInvocation('/help digest', temp.app.dispatcher.find('help')).options,
      member: { platform: 'console', userId: 'x' },
      isAdmin: true,
      language: 'en',
      community: null,
      services: temp.app.services,
      now: new Date(),
    });
    expect(typed.text).toContain('/digest config day:mon time:08:00 timezone:Europe/Paris');
  });
});
