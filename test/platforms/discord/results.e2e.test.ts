/**
 * /results on Discord: always deferred (charts take time), then answered with PNG charts,
 * privately while results are not public, in the channel once they are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawAnswer } from '../../../src/survey/answers.ts';
import type { FakeUser } from './fake-discord.ts';
import { Harness, stray } from './harness.ts';
import { EPHEMERAL } from './survey-driver.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('Discord /results', () => {
  let h: Harness;
  let admin: FakeUser;
  let surveyId: string;

  /** Completes a response through the survey service, as members on any platform would. */
  async function complete(userId: string, specialty: string, variant: number): Promise<void> {
    const { surveys } = h.app.services;
    const member = { platform: 'discord', userId };
    let step = await surveys.begin(member, surveyId, 'fr');
    while (step.ok && step.value.kind === 'prompt') {
      const prompt = step.value.prompt;
      // Answers vary between respondents: identical ones would leave only zeros beside one
      // count, and the small-cell rule hides such a distribution whole.
      const first = prompt.options[variant % 2]?.code ?? prompt.options[0]?.code ?? '';
      const raw: RawAnswer =
        prompt.itemCode === 'q3' ? specialty : prompt.type === 'scale' ? 8 : prompt.type === 'multi' ? [first] : prompt.type === 'text' ? 'Une plateforme' : first;
      step = await surveys.answer(member, surveyId, prompt.itemCode, raw, 'fr');
    }
    expect(step.ok && step.value.kind).toBe('complete');
  }

  beforeAll(async () => {
    h = await Harness.start({ env: { RESULTS_MIN_COMPLETE: '6', RESULTS_MIN_CELL: '1' } });
    admin = h.fake.user('dr.admin', { admin: true, locale: 'fr' });
    const open = await h.command(admin, 'survey', { subcommand: 'open' });
    expect(open.callbacks[0]?.type).toBe(4);
    surveyId = (await h.app.db.survey.findFirstOrThrow()).id;
    for (let i = 0; i < 6; i += 1) await complete(h.fake.user(`respondent${i}`).id, i % 2 === 0 ? 'gp' : 'cardiology', Math.floor(i / 2));
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('is deferred, then answers an admin privately with a PNG chart while results are not public', async () => {
    const results = await h.command(admin, 'results', { options: { item: 'q1' } });
    expect(results.callbacks[0]).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    const [reply] = h.fake.repliesTo(results);
    expect(reply?.flags).toBe(EPHEMERAL);
    expect(reply?.content.length).toBeGreaterThan(0);
    const png = reply?.attachments.find((a) => a.name.endsWith('.png'));
    expect(png?.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });

  it('posts results with a chart in the channel once the survey is closed', async () => {
    await h.command(admin, 'survey', { subcommand: 'close' });
    const member = h.fake.user('curious.member');
    // By item alone: with six respondents, 23 specialties hold nobody, so every grouping by
    // specialty is hidden whole (its zeros would be given away); q9's chart has its bars.
    const results = h.fake.slash(member, 'results', { options: { item: 'q9' } });
    await h.fake.until(() => h.fake.repliesTo(results).some((m) => m.attachments.length > 0), 'the results message with its chart');
    expect(results.callbacks[0]).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    const [note, ...posted] = h.fake.repliesTo(results);
    expect(note?.content).toBe('It is posted in the channel.');
    expect(posted.every((m) => (m.flags & EPHEMERAL) === 0)).toBe(true);
    expect(posted.every((m) => m.content.length <= 2000)).toBe(true);
    const png = posted.flatMap((m) => m.attachments).find((a) => a.contentType === 'image/png' || a.name.endsWith('.png'));
    expect(png?.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });

  it('explains a bad option privately', async () => {
    const results = await h.command(admin, 'results', { options: { item: 'q99' } });
    const [reply] = h.fake.repliesTo(results);
    expect(reply?.flags).toBe(EPHEMERAL);
    expect(reply?.attachments).toEqual([]);
  });

  it('left no problem in the fake and no stray rejection', () => {
    expect(h.fake.problems).toEqual([]);
    expect(stray).toEqual([]);
  });
});
