/**
 * The Telegram adapter's pure parts: the callback-data codec (only what it encodes decodes,
 * always within 64 bytes), text splitting, command-line parsing, the command menus.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src/commands/command.ts';
import { CALLBACK_DATA_MAX_BYTES, decodeCallback, encodeCallback, surveyTag, type CallbackAction } from '../../../src/platforms/telegram/callback-data.ts';
import { parseInvocation } from '../../../src/commands/typed-command.ts';
import { menuEntries } from '../../../src/platforms/telegram/menu.ts';
import { splitText } from '../../../src/shared/split-text.ts';
import { captionOf, MESSAGE_MAX } from '../../../src/platforms/telegram/split.ts';

describe('callback data', () => {
  const tag = surveyTag('4b0d8c9e-3f2a-4a51-9d7e-1c2b3a4d5e6f');

  it('round-trips every action within 64 bytes', () => {
    const actions: CallbackAction[] = [
      { op: 'choose', item: 0, index: 24 },
      { op: 'scale', item: 26, index: 10 },
      { op: 'add', item: 9999, index: 9999 },
      { op: 'remove', item: 3, index: 0 },
      { op: 'done', item: 20 },
      { op: 'skip', item: 26 },
      { op: 'back', item: 1 },
    ];
    for (const action of actions) {
      const data = encodeCallback({ tag, action });
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
      expect(decodeCallback(data)).toEqual({ tag, action });
    }
  });

  it('decodes nothing it could not have encoded', () => {
    for (const data of ['', 'c', 'c::1:2', `c:${tag}:1`, `d:${tag}:1:2`, `x:${tag}:1:2`, `c:${tag}:01:2`, `c:${tag}:-1:2`, `c:${tag}:1:2 `, `c:${tag}:1:2:3`, `c:${tag}x:1:2`, `c:${tag}:12345:2`]) {
      expect(decodeCallback(data), data).toBeNull();
    }
  });

  it('gives each survey run its own tag', () => {
    expect(surveyTag('a')).not.toBe(surveyTag('b'));
    expect(tag).toMatch(/^[A-Za-z0-9_-]{8}$/);
  });
});

describe('splitText', () => {
  it('keeps short texts whole and cuts long ones at line breaks within the limit', () => {
    expect(splitText('court', MESSAGE_MAX)).toEqual(['court']);
    const lines = Array.from({ length: 300 }, (_, i) => `Ligne ${i} ${'x'.repeat(30)}`).join('\n');
    const parts = splitText(lines, MESSAGE_MAX);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts.join('\n')).toBe(lines);
  });

  it('cuts a text without breaks, and never inside a surrogate pair', () => {
    const text = `${'a'.repeat(4095)}😀${'b'.repeat(10)}`;
    const parts = splitText(text, MESSAGE_MAX);
    expect(parts.join('')).toBe(text);
    expect(parts[0]?.length).toBe(4095);
  });

  it('shortens captions to 1024 characters', () => {
    expect(captionOf('x'.repeat(2000))?.length).toBe(1024);
    expect(captionOf('court')).toBe('court');
    expect(captionOf(undefined)).toBeUndefined();
  });
});

describe('parseInvocation', () => {
  const survey = { name: 'survey', subcommands: [{ name: 'open' }, { name: 'status' }], defaultAction: true } as unknown as Command;
  const cme = {
    name: 'cme',
    subcommands: [{ name: 'share', options: [{ name: 'url' }] }],
    defaultOptions: [{ name: 'url', type: 'string' }, { name: 'title', type: 'string' }],
  } as unknown as Command;
  const results = { name: 'results', options: [{ name: 'item' }, { name: 'by' }] } as unknown as Command;

  it('reads subcommands, positional and named options, and drops the @bot suffix', () => {
    expect(parseInvocation('/survey@confreres_bot open', survey)).toEqual({ name: 'survey', subcommand: 'open', options: {} });
    expect(parseInvocation('/survey', survey)).toEqual({ name: 'survey', subcommand: null, options: {} });
    expect(parseInvocation('/results q9 by:gp', results)).toEqual({ name: 'results', subcommand: null, options: { item: 'q9', by: 'gp' } });
    expect(parseInvocation('/cme https://has-sante.fr/guide "Guide HAS"', cme)).toEqual({
      name: 'cme',
      subcommand: null,
      options: { url: 'https://has-sante.fr/guide', title: 'Guide HAS' },
    });
    expect(parseInvocation('/cme share https://example.org', cme)).toEqual({ name: 'cme', subcommand: 'share', options: { url: 'https://example.org' } });
    // Unquoted words beyond the options go to the last free-text option.
    expect(parseInvocation('/cme https://has-sante.fr/guide Guide HAS 2024', cme).options).toEqual({ url: 'https://has-sante.fr/guide', title: 'Guide HAS 2024' });
    const lang = { name: 'lang', options: [{ name: 'language', type: 'string', choices: [{ value: 'fr' }] }] } as unknown as Command;
    expect(parseInvocation('/lang en extra', lang).options).toEqual({ language: 'en' });
  });
});

describe('command menus', () => {
  const command = (name: string, audience: 'member' | 'admin', scope: 'community' | 'private' | 'any') =>
    ({ name, audience, scope, description: { fr: `${name} fr`, en: `${name} en` } }) as unknown as Command;

  it('lists admin commands for group admins only, and private commands in private chats only', () => {
    const entries = menuEntries([command('survey', 'member', 'community'), command('export', 'admin', 'community'), command('mine', 'member', 'private')], 'fr');
    const names = (type: string, language?: string) =>
      entries.find((e) => e.scope.type === type && e.languageCode === language)?.commands.map((c) => c.command);
    expect(names('all_private_chats', 'en')).toEqual(['survey', 'mine']);
    expect(names('all_group_chats', 'fr')).toEqual(['survey']);
    expect(names('all_chat_administrators')).toEqual(['survey', 'export']);
    expect(entries.find((e) => e.scope.type === 'all_group_chats' && e.languageCode === undefined)?.commands[0]?.description).toBe('survey fr');
    expect(entries).toHaveLength(9);
  });
});
