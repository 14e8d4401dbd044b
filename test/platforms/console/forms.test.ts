/**
 * The terminal with a brought form, in process: `/survey load file:PATH` (a local file),
 * `/survey open form:`, the questionnaire typed line by line, an exclusive choice refused in
 * combination (on the built-in instrument too), and the stored answers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ConsoleSession } from '../../../src/platforms/console/console.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import { redcapCsv } from '../../forms/support.ts';
import { storedAnswerDocuments } from '../../support/stored-answers.ts';
import { createTempApp, type TempApp } from '../../support/temp-app.ts';

let temp: TempApp;
const dir = mkdtempSync(path.join(tmpdir(), 'confreres-forms-'));
afterEach(async () => {
  await temp.cleanup();
});

async function session(lines: string[], options: { isAdmin?: boolean } = {}): Promise<string> {
  let text = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  const input = new PassThrough();
  const run = new ConsoleSession({
    input,
    output,
    services: temp.app.services,
    dispatcher: temp.app.dispatcher,
    logger: silentLogger,
    member: { platform: 'console', userId: 'local-member' },
    isAdmin: options.isAdmin ?? true,
    language: 'en',
    communityName: 'Confrères (terminal)',
    now: () => new Date('2026-11-30T10:00:00Z'),
  }).run();
  input.end(lines.map((l) => `${l}\n`).join(''));
  await run;
  return text;
}

describe('terminal mode with a brought form', () => {
  it('loads a REDCap dictionary from a local file, opens it, and runs it line by line', async () => {
    temp = await createTempApp();
    const file = path.join(dir, 'burnout.csv');
    writeFileSync(
      file,
      redcapCsv([
        { name: 'role', form: 'burnout', type: 'radio', label: 'Your role', choices: '1, Resident | 2, Attending', required: 'y' },
        { name: 'causes', form: 'burnout', type: 'checkbox', label: 'Causes', choices: '1, Hours | 2, Patients | 98, None', required: 'y', annotation: "@NONEOFTHEABOVE='98'" },
        { name: 'last_leave', form: 'burnout', type: 'text', validation: 'date_dmy', label: 'Last day off', required: 'y' },
      ]),
    );
    const text = await session(['/survey close', `/survey load file:${file}`, '/survey open form:burnout', '/survey', '2', '1,3', '3', '31/02/2026', '14/11/2026']);
    expect(text).toContain('Form “Burnout” loaded: burnout, version 1, 3 question(s).');
    expect(text).toContain('“Burnout” is open');
    expect(text).toContain('Your role');
    expect(text).toContain('“None” cannot be combined with another option');
    expect(text).toContain('“31/02/2026” is not a date');
    expect(text).toContain('Thank you!');
    const community = await temp.app.services.catalog.findCommunity('console', 'local');
    const survey = community ? await temp.app.services.catalog.currentSurvey(community.id) : null;
    expect(survey).toMatchObject({ definitionId: 'burnout', definitionVersion: 1 });
    // One complete response waits in the release pool (no key, no date) until a batch can go out.
    expect(await storedAnswerDocuments(temp.databaseUrl)).toEqual([{ role: '2', causes: ['98'], last_leave: '2026-11-14' }]);
  });

  it('refuses "None" combined with another choice on the built-in q22', async () => {
    temp = await createTempApp();
    const answers = ['1', '2', '1', '1', '3', '1', '2', '3', '4', '2', '2', '2', '1,3', '7,1'];
    const text = await session(answers, { isAdmin: false });
    expect(text).toContain('“None” cannot be combined with another option');
    expect(text).not.toContain('Thank you!');
  });

  it('says a member may not load a form, and reads nothing', async () => {
    temp = await createTempApp();
    const text = await session(['/survey load file:/nonexistent/form.csv'], { isAdmin: false });
    expect(text).toContain('This command is for the community’s admins.');
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));
