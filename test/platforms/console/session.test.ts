/**
 * The terminal as a new user meets it, in process (real app on SQLite, streams for the
 * keyboard and the screen): what happened at start and with which role, unknown
 * subcommands, /back after the end, control characters and long lines, /export files.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { generateCohort } from '../../../src/analytics/demo/cohort.ts';
import { en } from '../../../src/i18n/en.ts';
import { CONSOLE_COMMUNITY_ID, ConsoleSession } from '../../../src/platforms/console/console.ts';
import { cleanTypedLine } from '../../../src/platforms/console/input-text.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import { findInDatabase } from '../../support/anonymity-audit.ts';
import { createTempApp, type TempApp } from '../../support/temp-app.ts';

let temp: TempApp;
afterEach(() => temp.cleanup());

// q1–q27 as in the e2e test, q20 (free text) given by the caller.
const answers = (q20: string) => ['1', '2', '1', '1', '3', '1', '2', '3', '2', '2', '9', '8', '10', '6', '7', '5', '9', '8', '2', q20, '1,2', '1,2', '9', '8', '9', '1,2,3', ''];

async function session(lines: string[], options: { isAdmin?: boolean; language?: 'fr' | 'en' } = {}): Promise<string> {
  temp ??= await createTempApp();
  const input = new PassThrough();
  let text = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  const run = new ConsoleSession({
    input,
    output,
    services: temp.app.services,
    dispatcher: temp.app.dispatcher,
    logger: silentLogger,
    member: { platform: 'console', userId: 'local-member' },
    isAdmin: options.isAdmin ?? false,
    language: options.language ?? 'en',
    communityName: 'Confrères (terminal)',
    now: temp.app.now,
    filesDir: path.join(temp.dir, 'exports'),
  }).run();
  input.end(lines.map((line) => `${line}\n`).join(''));
  await run;
  return text;
}

describe('terminal session', () => {
  it('says at start that it opened the survey, and which role the person plays', async () => {
    temp = await createTempApp();
    const first = await session(['/survey bogus', '/survey close', '/survey open'], { isAdmin: true });
    expect(first).toContain('→ Take the survey: /survey');
    expect(first).toContain('You are an admin of the community “Confrères (terminal)” (CONSOLE_ADMIN=true)');
    expect(first).toContain('The default questionnaire was just opened in this local community; it starts below');
    // An unknown subcommand gets the list of subcommands, not the questionnaire again.
    expect(first).toMatch(/\/survey.*bogus.*open/s);
    const second = await session([]);
    expect(second).toContain('You are a member of the community');
    expect(second).toContain('The questionnaire of this local community is open; it goes on below');
    expect(first.match(/\[1\/27\]/g)).toHaveLength(1);
  });

  it('strips escape sequences and control characters, quotes at most 80 characters, and says /back is over after the end', async () => {
    temp = await createTempApp();
    const long = `9${'x'.repeat(10_000)}`;
    const lines = answers('Une plateforme \u001b[2J\u001b[31mrégionale\u0007 de télé-expertise');
    const text = await session([long, ...lines, '/back'], {});
    const refusal = text.split('\n').find((line) => line.includes('xxxx')) ?? '';
    expect(refusal.length).toBeGreaterThan(0);
    expect(refusal.length).toBeLessThan(200);
    expect(text).toContain('The questionnaire is complete: your answers are recorded and can no longer be changed.');
    expect(text).not.toContain('Unknown command');
    expect(await findInDatabase(temp.databaseUrl, ['\u001b', '\u0007'])).toEqual([]);
    expect((await findInDatabase(temp.databaseUrl, ['Une plateforme régionale de télé-expertise'])).length).toBeGreaterThan(0);
  });

  it('writes /export files into DATA_DIR/exports with mode 600, and explains the wait below 10 complete responses', async () => {
    temp = await createTempApp();
    const refused = await session(['/export'], { isAdmin: true });
    expect(refused).toContain('the chat command waits for 10 complete responses');
    expect(refused).toContain('npm run export -- --out DIR');
    const { catalog, definitions } = temp.app.services;
    const community = await catalog.findCommunity('console', CONSOLE_COMMUNITY_ID);
    const survey = community && (await catalog.currentSurvey(community.id));
    if (!survey) throw new Error('no terminal survey');
    const complete = generateCohort(definitions.defaultDefinition()).filter((r) => r.status === 'complete').slice(0, 12);
    await temp.app.store.importer.importResponses(survey.id, complete);
    const text = await session(['/export'], { isAdmin: true });
    const dir = path.join(temp.dir, 'exports');
    expect(readdirSync(dir).sort()).toEqual(['codebook.csv', 'responses.csv']);
    for (const name of ['codebook.csv', 'responses.csv']) {
      expect(text).toContain(`File written: ${path.join(dir, name)}`);
      expect(statSync(path.join(dir, name)).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(path.join(dir, 'responses.csv'), 'utf8').split('\r\n')).toHaveLength(12 + 2);
  });
});

describe('typed text', () => {
  it('loses escape sequences and control characters, keeps line breaks, turns tabs into spaces', () => {
    expect(cleanTypedLine("a\u001b[2Jb\u001b]0;title\u0007c\u0000d\te\nf\u009b1mg")).toBe('abcd e\nfg');
  });
});

describe('English texts', () => {
  it('never put a French space before a colon', () => {
    const sample = new Proxy({}, { get: (_target, name) => (name === 'min' || name === 'max' || name === 'count' ? 2 : 'X') });
    const offending = Object.entries(en).flatMap(([key, entry]) => {
      const text = typeof entry === 'function' ? (entry as (p: unknown) => string)(sample) : String(entry);
      return / [:;!?](\s|$)/.test(text) ? [`${key}: ${text}`] : [];
    });
    expect(offending).toEqual([]);
  });
});
