/**
 * Loaded forms in the Form table, on both backends: versions per definition id (two loads at
 * once get two), the same file loaded again is the same form, a restarted instance learns a
 * form from the database, and a run opened with a form is answered after the restart.
 */
import { afterEach, expect, it } from 'vitest';
import { dayOf } from '../../src/shared/day.ts';
import { redcapCsv } from '../forms/support.ts';
import { describeBackends } from '../support/backends.ts';
import { createTempApp, type TempApp } from '../support/temp-app.ts';

const V1 = redcapCsv([{ name: 'q1', form: 'burnout', type: 'yesno', label: 'Q1', required: 'y' }]);
const V2 = redcapCsv([{ name: 'q1', form: 'burnout', type: 'yesno', label: 'Q1', required: 'y' }, { name: 'q2', form: 'burnout', type: 'text', label: 'Q2' }]);
const V3 = redcapCsv([{ name: 'q1', form: 'burnout', type: 'truefalse', label: 'Q1', required: 'y' }]);

describeBackends('form store', (backend) => {
  let temp: TempApp;
  afterEach(async () => {
    await temp.cleanup();
  });

  it('numbers versions per definition id, reuses a file loaded again, and lists a community’s forms', async () => {
    temp = await createTempApp({ backend });
    const { catalog, forms } = temp.app.services;
    const day = dayOf(new Date());
    const a = await catalog.ensureCommunity('telegram', '-1001', 'A', day);
    const b = await catalog.ensureCommunity('discord', '42', 'B', day);
    const options = { fileName: 'burnout.csv', language: 'en' as const };
    const [first, second] = await Promise.all([forms.load(a.id, V1, options), forms.load(b.id, V2, options)]);
    expect([first.ok && first.value.form.version, second.ok && second.value.form.version].sort()).toEqual([1, 2]);
    const again = await forms.load(a.id, V1, options);
    expect(again.ok && again.value).toMatchObject({ alreadyLoaded: true });
    const third = await forms.load(a.id, V3, options);
    expect(third.ok && third.value.form.version).toBe(3);
    expect((await forms.list(a.id)).map((f) => f.version).sort()).toEqual([first.ok && first.value.form.version, 3].sort());
    expect((await forms.list(b.id)).map((f) => f.definition.items.length)).toEqual([2]);
    expect(await forms.list('nobody')).toEqual([]);
  });

  it('keeps a run on its form version across a restart (another instance learns it from the table)', async () => {
    temp = await createTempApp({ backend });
    const { catalog, forms } = temp.app.services;
    const community = await catalog.ensureCommunity('telegram', '-1002', 'C', dayOf(new Date()));
    const loaded = await forms.load(community.id, V2, { fileName: 'burnout.csv', language: 'en' });
    if (!loaded.ok) throw new Error('refused');
    const survey = await catalog.openSurvey(community.id, 'burnout', loaded.value.form.version, dayOf(new Date()));
    if (!survey) throw new Error('not opened');
    const member = { platform: 'telegram', userId: '555' };
    const step = await temp.app.services.surveys.begin(member, survey.id, 'en');
    expect(step.ok && step.value.kind === 'prompt' && step.value.prompt.text).toBe('Q1');
    // The restarted instance knows the form before the member's next answer reaches it.
    const app = await temp.restart();
    expect(app.services.definitions.get('burnout', loaded.value.form.version).items).toHaveLength(2);
    const answered = await app.services.surveys.answer(member, survey.id, 'q1', '1', 'en');
    expect(answered.ok && answered.value.kind === 'prompt' && answered.value.prompt.itemCode).toBe('q2');
  });
});
