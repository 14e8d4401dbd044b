/**
 * A form brought by an admin on Discord, end to end: `/survey load file:` with a REDCap
 * dictionary (refused with its rows when it cannot run), `/survey open form:` with
 * autocomplete, a member taking it in ephemeral messages (an exclusive "None" combined with
 * another choice is refused with a localized message), the answers stored as the form's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCustomId } from '../../../src/platforms/discord/custom-id.ts';
import { redcapCsv } from '../../forms/support.ts';
import { storedAnswerDocuments } from '../../support/stored-answers.ts';
import type { FakeMessage, FakeUser } from './fake-discord.ts';
import { Harness } from './harness.ts';
import { answerCurrent, currentItem, EPHEMERAL, findCustomId } from './survey-driver.ts';

const FORM = redcapCsv([
  { name: 'role', form: 'burnout', type: 'radio', label: 'Your role', choices: '1, Resident | 2, Attending', required: 'y' },
  { name: 'causes', form: 'burnout', type: 'checkbox', label: 'Causes', choices: '1, Hours | 2, Patients | 98, None', required: 'y', annotation: "@NONEOFTHEABOVE='98'" },
  { name: 'hours', form: 'burnout', type: 'text', validation: 'integer', label: 'Hours per week', branching: "[causes(1)] = '1'" },
]);

let h: Harness;
let admin: FakeUser;
let member: FakeUser;

beforeAll(async () => {
  h = await Harness.start();
  admin = h.fake.user('dr.admin', { admin: true, locale: 'en-US' });
  member = h.fake.user('resident', { locale: 'en-US' });
});

afterAll(async () => {
  await h?.stop();
});

describe('Discord: a REDCap form loaded, opened and taken', () => {
  it('refuses a member who is not an admin, without downloading the file', async () => {
    const interaction = await h.command(member, 'survey', { subcommand: 'load', options: { file: { attachment: { name: 'burnout.csv', data: FORM } } } });
    expect(h.fake.original(interaction).content).toBe('This command is for the community’s admins.');
    expect(h.fake.attachmentDownloads).toBe(0);
  });

  it('refuses a form that cannot run, listing every problem with its row', async () => {
    const bad = redcapCsv([{ name: 'phone', type: 'text', label: 'Phone' }, { name: 'q2', type: 'slider', label: 'Q2', min: 'x' }]);
    const interaction = await h.command(admin, 'survey', { subcommand: 'load', options: { file: { attachment: { name: 'bad.csv', data: bad } } } });
    expect(interaction.callbacks[0]).toMatchObject({ data: { flags: EPHEMERAL } });
    expect(h.fake.original(interaction).content).toBe(
      [
        'Form refused (2 problem(s)); nothing was stored:',
        '• row 3 (column Variable / Field Name): "phone" asks for the respondent\'s identity (name, e-mail, phone, date of birth, address or an identification number): answers must stay anonymous',
        '• row 4 (column Text Validation Min): "x" is not a number',
      ].join('\n'),
    );
    expect(await h.app.db.survey.count()).toBe(0);
  });

  it('loads a form attached to /survey load', async () => {
    const interaction = await h.command(admin, 'survey', { subcommand: 'load', options: { file: { attachment: { name: 'burnout.csv', data: FORM } } } });
    expect(h.fake.original(interaction).content).toBe('Form “Burnout” loaded: burnout, version 1, 3 question(s). Open it with /survey open form:burnout.');
  });

  it('suggests the loaded forms and the built-in survey for /survey open form:', async () => {
    const interaction = h.fake.autocomplete(admin, 'survey', { subcommand: 'open', options: { form: '' }, focused: 'form' });
    const answered = await h.fake.answered(interaction);
    const choices = (answered.callbacks[0]?.data as { choices: { value: string }[] }).choices.map((c) => c.value);
    expect(choices).toEqual(['burnout', 'social-network-cme-2022']);
  });

  it('opens the form, and refuses an exclusive choice combined with another', async () => {
    const unknown = await h.command(admin, 'survey', { subcommand: 'open', options: { form: 'nope' } });
    expect(h.fake.original(unknown).content).toBe('No form “nope” in this community. Loaded forms: burnout@1, social-network-cme-2022.');
    const opened = await h.command(admin, 'survey', { subcommand: 'open', options: { form: 'burnout' } });
    const announcement = h.fake.original(opened);
    expect(announcement.content).toContain('“Burnout” is open');
    const take = await h.click(member, announcement, findCustomId(announcement, 't'));
    const message: FakeMessage = h.fake.original(take);
    expect(currentItem(message)?.item).toBe('role');
    await answerCurrent(h, member, message, { choice: 1 });
    expect(currentItem(message)?.item).toBe('causes');
    const refused = await answerCurrent(h, member, message, { pick: [0, 2] });
    expect(h.fake.repliesTo(refused).map((m) => m.content).join('\n')).toContain('“None” cannot be combined with another option');
    expect(currentItem(message)?.item).toBe('causes');
    await answerCurrent(h, member, message, { pick: [0] });
    expect(currentItem(message)?.item).toBe('hours');
    await answerCurrent(h, member, message, { text: '62' });
    expect(message.content).toMatch(/Thank you/);
    const survey = await h.app.db.survey.findFirstOrThrow({ where: { status: 'open' } });
    expect(survey).toMatchObject({ definitionId: 'burnout', definitionVersion: 1 });
    expect(decodeCustomId(findCustomId(announcement, 't'))).toMatchObject({ surveyId: survey.id });
    // One complete response waits in the release pool (no key, no date) until a batch can go out.
    expect(await storedAnswerDocuments(h.app.config.databaseUrl)).toEqual([{ role: '2', causes: ['1'], hours: 62 }]);
  });
});
