/**
 * The results tool's read-only way in (store/results-reader.ts), on both backends: it reads
 * what the application's catalog reads, and steps aside (null) for a database that must be
 * migrated or repaired first.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { generateCohort } from '../../src/analytics/demo/cohort.ts';
import { RESEARCHER, ResultsService } from '../../src/analytics/service.ts';
import { openResultsReader } from '../../src/store/results-reader.ts';
import { openSqlConnection } from '../../src/store/sql-connection.ts';
import { describeBackends } from '../support/backends.ts';
import { createTempApp, type TempApp } from '../support/temp-app.ts';

describeBackends('results reader', (backend) => {
  let temp: TempApp;
  beforeEach(async () => {
    temp = await createTempApp({ backend });
  });
  afterEach(() => temp.cleanup());

  async function seededSurvey() {
    const { catalog, definitions } = temp.app.services;
    const community = await catalog.ensureCommunity('discord', '900000000000000042', 'Test', '2026-11-28');
    const definition = definitions.defaultDefinition();
    const survey = await catalog.openSurvey(community.id, definition.id, definition.version, '2026-11-28');
    if (!survey) throw new Error('no survey');
    expect(await temp.app.store.importer.importResponses(survey.id, generateCohort(definition).slice(0, 200))).toEqual({ ok: true, value: 200 });
    return { community, survey };
  }

  it('reads the surveys, counts and responses the catalog reads, and gives the same results', async () => {
    const { community, survey } = await seededSurvey();
    const reader = await openResultsReader(temp.databaseUrl);
    if (!reader) throw new Error('the reader refused a migrated database');
    try {
      const { catalog, definitions, results } = temp.app.services;
      expect(await reader.findSurvey(survey.id)).toEqual(await catalog.findSurvey(survey.id));
      expect(await reader.findSurvey('nope')).toBeNull();
      const found = await reader.findCommunity('discord', '900000000000000042');
      expect(found).toEqual({ id: community.id, platform: 'discord', externalId: '900000000000000042', name: 'Test', liveResults: false });
      expect(await catalog.findCommunity('discord', '900000000000000042')).toMatchObject(found ?? {});
      expect(await reader.currentSurvey(community.id)).toEqual(await catalog.currentSurvey(community.id));
      const [listed] = await reader.listSurveys();
      expect(listed).toMatchObject({ survey: await catalog.findSurvey(survey.id), community: { platform: 'discord', name: 'Test' }, ...(await catalog.countResponses(survey.id)) });
      const lean = new ResultsService({ catalog: { currentSurvey: () => Promise.resolve(null), setLiveResults: () => Promise.resolve() }, definitions, source: reader.source, policy: results.policy });
      const [ours, theirs] = [await lean.table1(survey, RESEARCHER), await results.table1(survey, RESEARCHER)];
      if (!ours.ok || !theirs.ok) throw new Error('no Table 1');
      expect(ours.value.table).toEqual(theirs.value.table);
    } finally {
      await reader.close();
    }
  });

  it('steps aside for a database with a migration missing', async () => {
    await seededSurvey();
    const connection = openSqlConnection(temp.databaseUrl);
    try {
      const last = 'DELETE FROM "_prisma_migrations" WHERE "migration_name" = (SELECT max("migration_name") FROM "_prisma_migrations")';
      if (connection.backend === 'sqlite') connection.db.exec(last);
      else await connection.pool.query(last);
    } finally {
      await connection.close();
    }
    expect(await openResultsReader(temp.databaseUrl)).toBeNull();
  });
});

it('steps aside when the SQLite file does not exist yet', async () => {
  expect(await openResultsReader('file:/nonexistent/confreres-results-reader.db')).toBeNull();
});
