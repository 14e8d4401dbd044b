/**
 * The results' storage on real SQLite files: bulk import in one transaction, and the export →
 * import round trip through responses.csv keeping every answer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateCohort } from '../../src/analytics/demo/cohort.ts';
import { parseImport } from '../../src/analytics/transfer/import.ts';
import type { ResponseRecord } from '../../src/analytics/ports.ts';
import { PrismaResponseImporter } from '../../src/store/response-import.ts';
import { PrismaResponseSource } from '../../src/store/results-source.ts';
import { tableCounts } from '../support/anonymity-audit.ts';
import { createTempApp, type TempApp } from '../support/temp-app.ts';

let temp: TempApp;
beforeEach(async () => {
  temp = await createTempApp({ now: () => new Date('2026-11-28T14:35:12Z') });
});
afterEach(() => temp.cleanup());

async function openSurvey(externalId: string): Promise<string> {
  const { catalog, definitions } = temp.app.services;
  const community = await catalog.ensureCommunity('discord', externalId, 'Test', '2026-11-28');
  const definition = definitions.defaultDefinition();
  const survey = await catalog.openSurvey(community.id, definition.id, definition.version, '2026-11-28');
  if (!survey) throw new Error('no survey');
  return survey.id;
}

/** Responses as comparable text, order aside (the source orders by random id). */
const canonical = (responses: readonly ResponseRecord[]) =>
  responses.map((r) => JSON.stringify([r.status, r.cursor, Object.entries(r.answers).sort(([a], [b]) => a.localeCompare(b))])).sort();

describe('bulk import', () => {
  it('writes responses and answers with no participant link or completion row', async () => {
    const surveyId = await openSurvey('900000000000000001');
    const cohort = generateCohort(temp.app.services.definitions.defaultDefinition()).slice(0, 300);
    const imported = await new PrismaResponseImporter(temp.app.db).importResponses(surveyId, cohort);
    const count = imported.ok ? imported.value : -1;
    expect(count).toBe(300);
    const counts = tableCounts(temp.databaseUrl);
    expect(counts['Response']).toBe(300);
    expect(counts['Answer']).toBe(cohort.reduce((s, r) => s + Object.keys(r.answers).length, 0));
    expect(counts['ParticipantLink']).toBe(0);
    expect(counts['Completion']).toBe(0);
    const days = await temp.app.db.response.findMany({ select: { startedDay: true, completedDay: true } });
    expect(days.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.startedDay) && (d.completedDay === null || /^\d{4}-\d{2}-\d{2}$/.test(d.completedDay)))).toBe(true);
    expect(canonical(await new PrismaResponseSource(temp.app.db).responses(surveyId))).toEqual(canonical(cohort));
  });

  it('writes nothing when any row fails', async () => {
    const before = tableCounts(temp.databaseUrl);
    const cohort = generateCohort(temp.app.services.definitions.defaultDefinition()).slice(0, 50);
    // No such survey: the foreign key fails inside the transaction.
    await expect(new PrismaResponseImporter(temp.app.db).importResponses('no-such-survey', cohort)).rejects.toThrow();
    expect(tableCounts(temp.databaseUrl)).toEqual(before);
  });
});

describe('export → import round trip', () => {
  it('keeps every answer, status and drop-off point', async () => {
    const first = await openSurvey('900000000000000001');
    const definition = temp.app.services.definitions.defaultDefinition();
    // The whole synthetic cohort: every item type, skip rules, texts, interrupted responses.
    const cohort = generateCohort(definition);
    await new PrismaResponseImporter(temp.app.db).importResponses(first, cohort);
    const survey = await temp.app.services.catalog.findSurvey(first);
    if (!survey) throw new Error('no survey');
    const exported = await temp.app.services.results.exportAll(survey);
    expect(exported.count).toBe(1451);

    const second = await openSurvey('900000000000000002');
    const parsed = parseImport(definition, exported.responses, '2026-11-28');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error.slice(0, 3)));
    await new PrismaResponseImporter(temp.app.db).importResponses(second, parsed.value.responses);

    const source = new PrismaResponseSource(temp.app.db);
    const [before, after] = [await source.responses(first), await source.responses(second)];
    expect(after).toHaveLength(1451);
    expect(canonical(after)).toEqual(canonical(before));
  });
});
