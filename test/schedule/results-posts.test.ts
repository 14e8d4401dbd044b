import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { CommunityRecord } from '../../src/survey/ports.ts';
import { createTempApp, type TempApp } from '../support/temp-app.ts';
import { Clock, RecordingPublisher } from './support.ts';

let temp: TempApp;
afterEach(() => temp.cleanup());

async function answerFirstItems(app: App, surveyId: string, userId: string) {
  const member = { platform: 'telegram', userId };
  await app.services.surveys.begin(member, surveyId, 'fr');
  await app.services.surveys.answer(member, surveyId, 'q1', 'female', 'fr');
}

async function openSurvey(app: App, community: CommunityRecord, day: string): Promise<string> {
  const definition = app.services.definitions.defaultDefinition();
  const survey = await app.services.catalog.openSurvey(community.id, definition.id, definition.version, day);
  if (!survey) throw new Error('survey not opened');
  return survey.id;
}

describe('survey result posts', () => {
  it('posts weekly progress while open, once per week, and one final summary at closing', async () => {
    const clock = new Clock('2026-03-18T10:00:00Z');
    temp = await createTempApp({ now: clock.now });
    const group = await temp.app.services.catalog.ensureCommunity('telegram', '-1007', 'Groupe', '2026-03-01');
    const surveyId = await openSurvey(temp.app, group, '2026-03-18');
    for (const user of ['1', '2', '3']) await answerFirstItems(temp.app, surveyId, user);
    const publisher = new RecordingPublisher('telegram');
    temp.app.schedule.publishers.set('telegram', publisher);

    const scheduler = temp.app.schedule.scheduler;
    await scheduler.runDue(clock.set('2026-03-23T07:00:00Z'));
    await scheduler.runDue(clock.set('2026-03-23T07:05:00Z'));
    const progress = publisher.postsTo('-1007').filter((text) => text.startsWith('📊'));
    expect(progress).toEqual([
      '📊 Questionnaire « Réseaux sociaux, avis médicaux et formation médicale continue », point d’étape : 3 participant(s), 0 réponse(s) complète(s) (taux de complétion 0,0 %).\nPas encore répondu ? Tapez /survey : c’est anonyme.',
    ]);

    await temp.app.services.catalog.closeSurvey(surveyId, '2026-03-25');
    await scheduler.runDue(clock.set('2026-03-25T12:00:00Z'));
    await scheduler.runDue(clock.set('2026-03-25T12:05:00Z'));
    // Closed: no more progress posts at the next slot, one final summary only.
    await scheduler.runDue(clock.set('2026-03-30T06:00:00Z'));
    const all = publisher.postsTo('-1007').filter((text) => text.startsWith('📊'));
    expect(all).toHaveLength(2);
    expect(all[1]).toBe(
      '📊 Questionnaire « Réseaux sociaux, avis médicaux et formation médicale continue » clos le 2026-03-25 : 3 participant(s), 0 réponse(s) complète(s) (taux de complétion 0,0 %). Merci à toutes et à tous !',
    );
  });

  it('posts nothing about results when the community turned them off, nor for long-closed surveys', async () => {
    const clock = new Clock('2026-03-18T10:00:00Z');
    temp = await createTempApp({ now: clock.now });
    const quiet = await temp.app.services.catalog.ensureCommunity('telegram', '-1008', null, '2026-03-01');
    const old = await temp.app.services.catalog.ensureCommunity('telegram', '-1009', null, '2026-01-01');
    await openSurvey(temp.app, quiet, '2026-03-10');
    const oldSurvey = await openSurvey(temp.app, old, '2026-01-05');
    await temp.app.services.catalog.closeSurvey(oldSurvey, '2026-02-01');
    await temp.app.services.digests.configure(quiet, { results: 'off' }, 'fr', clock.now());
    const publisher = new RecordingPublisher('telegram');
    temp.app.schedule.publishers.set('telegram', publisher);
    await temp.app.schedule.scheduler.runDue(clock.set('2026-03-23T07:00:00Z'));
    expect(publisher.posts).toEqual([]);
  });
});

const FULL_RUN: [string, string | number | string[]][] = [
  ['q1', 'female'], ['q2', '30_40'], ['q3', 'gp'], ['q4', 'independent'], ['q5', 'urban'], ['q6', 'no'], ['q7', 'daily'], ['q8', '1_2y'],
  ['q9', 'never'], ['q10', 'rarely'], ['q19', 'no'], ['q21', ['speed']], ['q22', ['contradictions']], ['q23', 8], ['q24', 8], ['q25', 8],
  ['q26', ['read']],
];

describe('survey result posts with item results', () => {
  it('adds item results to progress only with live results, and charts to the final summary', async () => {
    const clock = new Clock('2026-03-18T10:00:00Z');
    temp = await createTempApp({ now: clock.now, env: { RESULTS_MIN_COMPLETE: '2', RESULTS_MIN_CELL: '1' } });
    const group = await temp.app.services.catalog.ensureCommunity('telegram', '-1010', 'Groupe', '2026-03-01');
    const surveyId = await openSurvey(temp.app, group, '2026-03-18');
    for (const userId of ['1', '2', '3']) {
      const member = { platform: 'telegram', userId };
      await temp.app.services.surveys.begin(member, surveyId, 'fr');
      // One gender each: identical answers everywhere would leave every chart empty (a
      // distribution of 3 and two zeros gives the zeros away, so it is hidden whole).
      const gender = (code: string, value: string | number | string[]) => (code === 'q1' ? (['female', 'male', 'other'][Number(userId) - 1] ?? value) : value);
      for (const [code, value] of FULL_RUN) await temp.app.services.surveys.answer(member, surveyId, code, gender(code, value), 'fr');
      await temp.app.services.surveys.skip(member, surveyId, 'q27', 'fr');
    }
    const publisher = new RecordingPublisher('telegram');
    temp.app.schedule.publishers.set('telegram', publisher);

    await temp.app.schedule.scheduler.runDue(clock.set('2026-03-23T07:00:00Z'));
    expect(publisher.posts).toHaveLength(1); // participation only: live results are off
    await temp.app.services.catalog.setLiveResults(group.id, true);
    const live = { ...group, liveResults: true };
    await temp.app.schedule.scheduler.runWeekly(live, clock.set('2026-03-30T06:00:00Z'));
    const progress = publisher.posts.slice(1);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[0]?.text).toContain('3 participant(s), 3 réponse(s) complète(s) (taux de complétion 100,0 %)');
    expect(progress.slice(1).every((post) => post.files === 0)).toBe(true);

    await temp.app.services.catalog.closeSurvey(surveyId, '2026-03-31');
    const before = publisher.posts.length;
    await temp.app.schedule.scheduler.runDue(clock.set('2026-03-31T12:00:00Z'));
    const final = publisher.posts.slice(before);
    expect(final[0]?.text).toContain('clos le 2026-03-31 : 3 participant(s), 3 réponse(s) complète(s)');
    expect(final.reduce((sum, post) => sum + post.files, 0)).toBeGreaterThan(0);
  });
});
