/**
 * Results for a brought form: the overview, every item (numbers, dates and free text
 * included), a comparison by a yes/no item, Table 1 on the groupings the form declares, with
 * their charts, and the exports, after enough members took it through the survey service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESEARCHER } from '../../src/analytics/service.ts';
import { renderItem, renderOverview, renderTable1 } from '../../src/analytics/report/index.ts';
import type { SurveyRecord } from '../../src/survey/ports.ts';
import { createTempApp, type TempApp } from '../support/temp-app.ts';
import { redcapCsv } from './support.ts';

const FORM = redcapCsv([
  { name: 'role', form: 'burnout', type: 'radio', label: 'Role', choices: '1, Resident | 2, Attending', required: 'y', annotation: '@CONFRERES-GROUPING' },
  { name: 'burnout', form: 'burnout', type: 'yesno', label: 'Burnt out?', required: 'y' },
  { name: 'causes', form: 'burnout', type: 'checkbox', label: 'Causes', choices: '1, Hours | 2, Patients | 98, None', required: 'y', annotation: "@NONEOFTHEABOVE='98'" },
  { name: 'hours', form: 'burnout', type: 'text', validation: 'integer', label: 'Hours per week', required: 'y' },
  { name: 'last_leave', form: 'burnout', type: 'text', validation: 'date_ymd', label: 'Last leave' },
  { name: 'stress', form: 'burnout', type: 'slider', label: 'Stress', choices: 'Low | | High', min: '0', max: '10', required: 'y' },
  { name: 'comment', form: 'burnout', type: 'notes', label: 'Comment' },
  { name: 'long_hours', form: 'burnout', type: 'calc', label: 'Long hours', choices: 'if([hours] >= 55, 1, 0)', annotation: '@CONFRERES-GROUPING' },
]);

describe('results of a brought form', { timeout: 60_000 }, () => {
  let temp: TempApp;
  let survey: SurveyRecord;

  beforeAll(async () => {
    temp = await createTempApp();
    const { catalog, forms, surveys } = temp.app.services;
    const community = await catalog.ensureCommunity('console', 'local', 'Terminal', '2026-11-30');
    const loaded = await forms.load(community.id, FORM, { fileName: 'burnout.csv', language: 'en' });
    if (!loaded.ok) throw new Error('refused');
    const opened = await catalog.openSurvey(community.id, 'burnout', loaded.value.form.version, '2026-11-30');
    if (!opened) throw new Error('not opened');
    survey = opened;
    for (let i = 0; i < 30; i += 1) {
      const member = { platform: 'console', userId: `m${i}` };
      await surveys.begin(member, survey.id, 'en');
      const answers: [string, string | string[]][] = [
        ['role', i % 3 === 0 ? '1' : '2'],
        ['burnout', i % 2 === 0 ? '1' : '0'],
        ['causes', i % 5 === 0 ? ['98'] : i % 2 === 0 ? ['1', '2'] : ['2']],
        ['hours', String(40 + i)],
        ['last_leave', `2026-0${1 + (i % 9)}-1${i % 10}`],
        ['stress', String(i % 11)],
        ['comment', `Commentaire ${i}`],
      ];
      for (const [code, raw] of answers) {
        const step = await surveys.answer(member, survey.id, code, raw, 'en');
        if (!step.ok) throw new Error(`${code}: ${step.error.code}`);
      }
    }
    await catalog.closeSurvey(survey.id, '2026-12-01');
    survey = (await catalog.findSurvey(survey.id)) ?? survey;
  });

  afterAll(async () => {
    await temp?.cleanup();
  });

  it('gives the overview of every item, with its charts', async () => {
    const overview = await temp.app.services.results.overview(survey, RESEARCHER);
    if (!overview.ok) throw new Error(overview.error.code);
    expect(overview.value.participation).toMatchObject({ complete: 30 });
    expect(overview.value.items.map((i) => i.code)).toEqual(expect.arrayContaining(['role', 'burnout', 'causes', 'stress']));
    const rendered = await renderOverview(overview.value, 'en');
    expect(rendered.text).toContain('Burnt out?');
    expect(rendered.files.length).toBeGreaterThan(0);
  });

  it('reports each item and compares by a yes/no item and by a declared calculation', async () => {
    const { results } = temp.app.services;
    for (const code of ['role', 'burnout', 'causes', 'hours', 'last_leave', 'stress', 'comment', 'long_hours']) {
      const item = await results.item(survey, RESEARCHER, code);
      expect(item.ok, code).toBe(true);
      if (item.ok) await renderItem(item.value, 'en');
    }
    const byYesNo = await results.item(survey, RESEARCHER, 'stress', 'burnout');
    if (!byYesNo.ok) throw new Error(byYesNo.error.code);
    expect(byYesNo.value.comparisons?.[0]?.grouping.code).toBe('burnout');
    expect(byYesNo.value.comparisons?.[0]?.groups.map((g) => g.code)).toEqual(['1', '0']);
    // 3 of 15 rate ≥ 8 in each group: those cells are hidden, so no test (disclosure.ts, rule 6).
    expect(byYesNo.value.comparisons?.[0]?.test).toBeNull();
    expect(byYesNo.value.comparisons?.[0]?.testWithheld).toBe(true);
    const byCalc = await results.item(survey, RESEARCHER, 'causes', 'long_hours');
    expect(byCalc.ok && byCalc.value.comparisons?.length).toBe(3);
  });

  it('builds Table 1 on the groupings the form declares', async () => {
    const table = await temp.app.services.results.table1(survey, RESEARCHER);
    if (!table.ok) throw new Error(table.error.code);
    expect(table.value.table.groupings.map((g) => g.code)).toEqual(['role', 'long_hours']);
    const rendered = await renderTable1(table.value, 'en');
    expect(rendered.text.length).toBeGreaterThan(0);
  });

  it('exports the responses and the REDCap records of the form', async () => {
    const { results } = temp.app.services;
    const files = await results.exportAll(survey);
    expect(files.count).toBe(30);
    const redcap = await results.exportRedcap(survey, RESEARCHER, 'en');
    if (!redcap.ok) throw new Error(redcap.error.code);
    const lines = redcap.value.records.trimEnd().split('\r\n');
    expect(lines[0]).toBe('record_id,role,burnout,causes___1,causes___2,causes___98,hours,last_leave,stress,comment,burnout_complete');
    expect(lines).toHaveLength(31);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(30);
  });
});
