/**
 * A 'channel' option: Discord shows a channel picker (test/platforms/discord); the terminal and
 * Telegram take it as typed text, matched to the option like any string.
 */
import { describe, expect, it } from 'vitest';
import digest from '../../commands/digest.ts';
import type { Command } from '../../src/commands/command.ts';
import { CommandLoadError, validateCommands } from '../../src/commands/loader.ts';
import { parseInvocation } from '../../src/commands/typed-command.ts';
import { parseDestination } from '../../src/cme/digest-settings.ts';

const both = (text: string) => ({ fr: text, en: text });
const withOption = (type: string): unknown => ({
  name: 'post',
  description: both('post'),
  audience: 'admin',
  scope: 'community',
  options: [{ name: 'where', type, description: both('where') }],
  handle: () => Promise.resolve({}),
});

describe("'channel' command options", () => {
  it('are accepted by the loader; unknown option types are not', () => {
    expect(validateCommands([{ file: 'post.ts', exported: withOption('channel') }]).map((c) => c.name)).toEqual(['post']);
    expect(() => validateCommands([{ file: 'post.ts', exported: withOption('user') }])).toThrow(CommandLoadError);
  });

  it('declare /digest config channel: as a channel', () => {
    const config = (digest as Command).subcommands?.find((s) => s.name === 'config');
    expect(config?.options?.find((o) => o.name === 'channel')?.type).toBe('channel');
  });

  it('are typed text in the terminal and on Telegram, by name or position', () => {
    expect(parseInvocation('/digest config channel:@cme_weekly day:fri', digest).options).toEqual({ channel: '@cme_weekly', day: 'fri' });
    expect(parseInvocation('/digest config -1001234567890 fri 08:00', digest)).toEqual({
      name: 'digest',
      subcommand: 'config',
      options: { channel: '-1001234567890', day: 'fri', time: '08:00' },
    });
    expect(parseInvocation('/digest config <#123456789012345678>', digest).options).toEqual({ channel: '<#123456789012345678>' });
  });

  it('reach the digest settings as a mention, a Discord channel id (the picker’s value) or a chat', () => {
    expect(parseDestination('<#123456789012345678>')).toEqual({ ok: true, value: '123456789012345678' });
    expect(parseDestination('123456789012345678')).toEqual({ ok: true, value: '123456789012345678' });
    expect(parseDestination('@cme_weekly')).toEqual({ ok: true, value: '@cme_weekly' });
  });
});
