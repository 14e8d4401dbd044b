/**
 * The analysis' own reading of the stored responses (SqlResponseSource.readForAnalysis), on
 * both backends: the overview and Table 1 it gives are those of the row-by-row reading
 * (eachResponse), whatever the stored documents hold, including shapes the store never
 * writes and interrupted responses stopped at no item or at one the survey does not have.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { generateCohort } from '../../src/analytics/demo/cohort.ts';
import type { ResponseRecord, ResponseSource } from '../../src/analytics/ports.ts';
import type { SurveyRecord } from '../../src/survey/ports.ts';
import { RESEARCHER, ResultsService } from '../../src/analytics/service.ts';
import { openSqlConnection } from '../../src/store/sql-connection.ts';
import { describeBackends } from '../support/backends.ts';
import { createTempApp, type TempApp } from '../support/temp-app.ts';

/** Rows written as they are: status, cursor, answers document. */
const HAND_WRITTEN: readonly [string, string | null, string][] = [
  ['in_progress', 'q3', '{}'],
  ['in_progress', null, '{"q1":"female"}'],
  ['in_progress', 'q99', '{"q1":"male","q2":"30_40"}'],
  ['in_progress', 'q2', '{ "q1": "female" }'],
  ['in_progress', 'q2', '{ }'],
  ['in_progress', 'q4', '[]'],
  ['in_progress', 'q5', '{"q1":"female","q2":"30_40","q3":"gp","q4":"independent"}'],
  ['complete', null, '{}'],
  ['complete', null, '{ "q1": "male", "q2": "40_50" }'],
];

describeBackends('results analysis read', (backend) => {
  let temp: TempApp;
  beforeEach(async () => {
    temp = await createTempApp({ backend });
  });
  afterEach(() => temp.cleanup());

  it('gives the overview and Table 1 of the row-by-row reading', async () => {
    const { catalog, definitions } = temp.app.services;
    const community = await catalog.ensureCommunity('discord', '900000000000000043', 'Test', '2026-11-28');
    const definition = definitions.defaultDefinition();
    const survey = await catalog.openSurvey(community.id, definition.id, definition.version, '2026-11-28');
    if (!survey) throw new Error('no survey');
    const cohort = generateCohort(definition).slice(0, 400);
    expect(cohort.some((r) => r.status === 'in_progress' && r.cursor !== null)).toBe(true);
    expect(await temp.app.store.importer.importResponses(survey.id, cohort)).toEqual({ ok: true, value: 400 });
    await writeRows(survey.id);

    // Alone in the table (SQLite reads the whole table), then beside a larger survey (its index).
    await expectRowByRowResults(survey, cohort);
    const other = await catalog.ensureCommunity('discord', '900000000000000044', 'Other', '2026-11-28');
    const larger = await catalog.openSurvey(other.id, definition.id, definition.version, '2026-11-28');
    if (!larger) throw new Error('no second survey');
    expect(await temp.app.store.importer.importResponses(larger.id, generateCohort(definition, 7).slice(0, 1200))).toEqual({ ok: true, value: 1200 });
    await expectRowByRowResults(survey, cohort);
  });

  async function expectRowByRowResults(survey: SurveyRecord, cohort: readonly ResponseRecord[]): Promise<void> {
    const { catalog, definitions, results } = temp.app.services;
    const stored = temp.app.store.source;
    expect(stored.readForAnalysis).toBeDefined();
    const rowByRow: ResponseSource = { responses: (id) => stored.responses(id), eachResponse: (id, visit, options) => stored.eachResponse(id, visit, options) };
    const plain = new ResultsService({ catalog, definitions, source: rowByRow, policy: results.policy });
    const [ours, theirs] = [await results.overview(survey, RESEARCHER), await plain.overview(survey, RESEARCHER)];
    if (!ours.ok || !theirs.ok) throw new Error('no overview');
    expect(ours.value.participation).toEqual(theirs.value.participation);
    // Of the hand-written rows, 4 interrupted ones and 1 complete one hold an answer ("{ }" and "[]" none).
    const interrupted = cohort.filter((r) => r.status === 'in_progress' && Object.keys(r.answers).length > 0).length;
    expect(ours.value.participation.participants).toBe(cohort.filter((r) => r.status === 'complete').length + 1 + interrupted + 4);
    expect(ours.value.items).toEqual(theirs.value.items);
    const [table, plainTable] = [await results.table1(survey, RESEARCHER), await plain.table1(survey, RESEARCHER)];
    if (!table.ok || !plainTable.ok) throw new Error('no Table 1');
    expect(table.value.table).toEqual(plainTable.value.table);
  }

  async function writeRows(surveyId: string): Promise<void> {
    const connection = openSqlConnection(temp.databaseUrl);
    const insert = 'INSERT INTO "Response" ("id", "surveyId", "status", "cursor", "answers", "batch", "startedDay") VALUES (?, ?, ?, ?, ?, 0, \'2026-11-28\')';
    try {
      for (const [i, [status, cursor, answers]] of HAND_WRITTEN.entries()) {
        const values = [`hand-${i}`, surveyId, status, cursor, answers];
        let n = 0;
        if (connection.backend === 'sqlite') connection.db.prepare(insert).run(...values);
        else await connection.pool.query(insert.replace(/\?/g, () => `$${++n}`), values);
      }
    } finally {
      await connection.close();
    }
  }
});
