/**
 * Anonymity rule 7 at the logger: whatever a caller passes, tokens, user and chat ids, message
 * texts and answer values do not reach the log line; the rest of the context does.
 */
import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED } from '../../src/shared/logger.ts';

const TELEGRAM_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq';
const DISCORD_TOKEN = 'MTAxMjM0NTY3ODkwMTIzNDU2Nw.GhIjKl.abcdefghijklmnopqrstuvwxyz012345';

function capture(level: Parameters<typeof createLogger>[0] = 'debug') {
  const lines: string[] = [];
  return { lines, logger: createLogger(level, (line) => lines.push(line)), parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('logger', () => {
  it('writes one JSON line per event with level, time and message, and honours the level', () => {
    const { logger, parsed } = capture('info');
    logger.debug('hidden');
    logger.info('digest posted', { community: 'c1', messages: 2 });
    logger.error('failed', { job: 'digest' });
    const [first, second, third] = parsed();
    expect(third).toBeUndefined();
    expect(first).toMatchObject({ level: 'info', message: 'digest posted', community: 'c1', messages: 2 });
    expect(new Date(String(first?.['time'])).getTime()).not.toBeNaN();
    expect(second).toMatchObject({ level: 'error', message: 'failed', job: 'digest' });
  });

  it('redacts tokens, ids, texts and answers at any depth, and keeps the rest', () => {
    const { logger, lines, parsed } = capture();
    logger.warn('call failed', {
      method: 'sendMessage',
      userId: 424242,
      chat_id: 515151,
      nested: { token: TELEGRAM_TOKEN, answer: 'Omnidoc', deeper: { value: 7, text: 'Rien à ajouter', kept: 'yes' } },
      list: [{ participantKey: 'abcd' }],
    });
    const text = lines.join('\n');
    for (const needle of ['424242', '515151', TELEGRAM_TOKEN, 'Omnidoc', 'Rien à ajouter', 'abcd']) expect(text).not.toContain(needle);
    expect(parsed()[0]).toMatchObject({
      method: 'sendMessage',
      userId: REDACTED,
      chat_id: REDACTED,
      nested: { token: REDACTED, answer: REDACTED, deeper: { value: REDACTED, text: REDACTED, kept: 'yes' } },
      list: [{ participantKey: REDACTED }],
    });
  });

  it('cuts tokens out of messages, error messages and stacks', () => {
    const { logger, lines } = capture();
    const error = new Error(`request to https://api.telegram.org/bot${TELEGRAM_TOKEN}/getMe failed`);
    logger.error(`login with ${DISCORD_TOKEN} refused`, { error, detail: `Bot ${DISCORD_TOKEN}` });
    const text = lines.join('\n');
    expect(text).not.toContain(TELEGRAM_TOKEN);
    expect(text).not.toContain(DISCORD_TOKEN);
    expect(text).toContain('getMe failed');
    expect(text).toContain('refused');
  });

  it('keeps a database error to its name and code: its message may quote stored values', () => {
    const { logger, parsed } = capture();
    class PrismaClientKnownRequestError extends Error {
      code = 'P2002';
      constructor() {
        super('Unique constraint failed on value "Omnidoc"');
        this.name = 'PrismaClientKnownRequestError';
      }
    }
    logger.error('store failed', { error: new PrismaClientKnownRequestError() });
    const error = parsed()[0]?.['error'] as Record<string, unknown>;
    expect(error).toMatchObject({ name: 'PrismaClientKnownRequestError', code: 'P2002' });
    expect(JSON.stringify(error)).not.toContain('Omnidoc');
  });

  it('writes nothing at level silent', () => {
    const { logger, lines } = capture('silent');
    logger.error('nothing');
    expect(lines).toEqual([]);
  });
});
