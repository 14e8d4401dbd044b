/**
 * The results' storage on both backends: bulk import in one transaction (batches as a
 * streaming parser yields them), refusals of files and rows already imported, and the
 * export → import round trip through responses.csv keeping every answer.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { generateCohort } from '../../src/analytics/demo/cohort.ts';
import { parseImport } from '../../src/analytics/transfer/import.ts';
import type { ImportedResponse, ResponseRecord } from '../../src/analytics/ports.ts';
import { readTables, tableCounts } from '../support/anonymity-audit.ts';
import { describeBackends } from '../support/backends.ts';
import { createTempApp, type TempApp } from '../support/temp-app.ts';
import { SqlResponseImporter } from '../../src/store/response-import.ts';
import { openSqlConnection } from '../../src/store/sql-connection.ts';
import { sqliteFilePath } from '../../src/store/database-url.ts';
import Sqlite from 'better-sqlite3';

/** Responses as comparable text, order aside (the source orders by random id). */
const canonical = (responses: readonly ResponseRecord[]) =>
  responses.map((r) => JSON.stringify([r.status, r.cursor, Object.entries(r.answers).sort(([a], [b]) => a.localeCompare(b))])).sort();

async function* inBatches(rows: readonly ImportedResponse[], size: number): AsyncGenerator<readonly ImportedResponse[]> {
  for (let at = 0; at < rows.length; at += size) yield rows.slice(at, at + size);
}

describeBackends('bulk import', (backend) => {
  let temp: TempApp;
  beforeEach(async () => {
    temp = await createTempApp({ backend, now: () => new Date('2026-11-28T14:35:12Z') });
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

  it('writes released responses with no participant key or completion row, from streamed batches', async () => {
    const surveyId = await openSurvey('900000000000000001');
    const cohort = generateCohort(temp.app.services.definitions.defaultDefinition()).slice(0, 300);
    expect(await temp.app.store.importer.importResponses(surveyId, inBatches(cohort, 70))).toEqual({ ok: true, value: 300 });
    const counts = await tableCounts(temp.databaseUrl);
    expect(counts).toMatchObject({ Response: 300, InProgressResponse: 0, PendingRelease: 0, Completion: 0 });
    const rows = (await readTables(temp.databaseUrl)).get('Response') ?? [];
    expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(String(r['startedDay'])) && (r['completedDay'] === null || /^\d{4}-\d{2}-\d{2}$/.test(String(r['completedDay']))))).toBe(true);
    expect(rows.every((r) => Number(r['batch']) === 0)).toBe(true);
    expect(canonical(await temp.app.store.source.responses(surveyId))).toEqual(canonical(cohort));
    // The streamed reading visits each response once.
    let visited = 0;
    expect(await temp.app.store.source.eachResponse(surveyId, () => visited++)).toBe(300);
    expect(visited).toBe(300);
  });

  it('writes each batch in a random order, numbered by ids of the import that increase as rows are written', async () => {
    const surveyId = await openSurvey('900000000000000001');
    const cohort = generateCohort(temp.app.services.definitions.defaultDefinition())
      .slice(0, 500)
      .map((r, i) => ({ ...r, fingerprint: `row-${String(i).padStart(3, '0')}` }));
    expect(await temp.app.store.importer.importResponses(surveyId, inBatches(cohort, 250))).toEqual({ ok: true, value: 500 });
    const more = cohort.slice(0, 10).map((r, i) => ({ ...r, fingerprint: `again-${i}` }));
    expect(await temp.app.store.importer.importResponses(surveyId, more, { allowDuplicates: true })).toEqual({ ok: true, value: 10 });
    const rows = ((await readTables(temp.databaseUrl)).get('Response') ?? []).map((r) => ({ id: String(r['id']), fingerprint: String(r['importFingerprint']) }));
    const first = rows.filter((r) => r.fingerprint.startsWith('row-')).sort((a, b) => (a.id < b.id ? -1 : 1));
    const second = rows.filter((r) => r.fingerprint.startsWith('again-'));
    // 36 hexadecimal digits, the first 24 drawn once an import.
    expect(rows.every((r) => /^[0-9a-f]{36}$/.test(r.id))).toBe(true);
    expect(new Set(first.map((r) => r.id.slice(0, 24))).size).toBe(1);
    expect(new Set(second.map((r) => r.id.slice(0, 24))).size).toBe(1);
    expect(second[0]?.id.slice(0, 24)).not.toBe(first[0]?.id.slice(0, 24));
    // In id order: the first batch's rows, then the second's, each batch in another order than the file's.
    const lines = first.map((r) => Number(r.fingerprint.slice(4)));
    expect(lines.slice(0, 250).every((line) => line < 250)).toBe(true);
    expect(lines.slice(250).every((line) => line >= 250)).toBe(true);
    expect(lines.slice(0, 250)).not.toEqual([...lines.slice(0, 250)].sort((a, b) => a - b));
    expect(lines.slice(250)).not.toEqual([...lines.slice(250)].sort((a, b) => a - b));
  });

  it('writes nothing when any row fails, or when a later batch throws', async () => {
    const before = await tableCounts(temp.databaseUrl);
    const cohort = generateCohort(temp.app.services.definitions.defaultDefinition()).slice(0, 50);
    // No such survey: the foreign key fails inside the transaction.
    await expect(temp.app.store.importer.importResponses('no-such-survey', cohort)).rejects.toThrow();
    expect(await tableCounts(temp.databaseUrl)).toEqual(before);
    const surveyId = await openSurvey('900000000000000001');
    async function* failing() {
      yield cohort.slice(0, 20);
      throw new Error('line 9000: the file ends in the middle of a quoted field');
    }
    await expect(temp.app.store.importer.importResponses(surveyId, failing())).rejects.toThrow(/line 9000/);
    expect(await temp.app.db.response.count()).toBe(0);
  });

  it('refuses a file or rows already imported, unless duplicates are allowed', async () => {
    const surveyId = await openSurvey('900000000000000001');
    const cohort = generateCohort(temp.app.services.definitions.defaultDefinition())
      .slice(0, 40)
      .map((r, i) => ({ ...r, fingerprint: `row-${i}` }));
    const { importer } = temp.app.store;
    expect(await importer.importResponses(surveyId, cohort, { fileFingerprint: 'file-a' })).toEqual({ ok: true, value: 40 });
    expect(await importer.importResponses(surveyId, cohort, { fileFingerprint: 'file-a' })).toEqual({ ok: false, error: { code: 'import.file_already_imported' } });
    // Another file holding 10 of the same rows: refused as a whole, nothing written.
    const overlapping = [...cohort.slice(30), ...cohort.slice(0, 5).map((r, i) => ({ ...r, fingerprint: `new-${i}` }))];
    expect(await importer.importResponses(surveyId, overlapping, { fileFingerprint: 'file-b' })).toEqual({
      ok: false,
      error: { code: 'import.rows_already_present', count: 10 },
    });
    expect(await temp.app.db.response.count()).toBe(40);
    // Rows repeated inside one new file are not "already present" (the importer reports them).
    const repeated = [cohort[0], cohort[0]].map((r) => ({ ...r!, fingerprint: 'twice' }));
    expect(await importer.importResponses(surveyId, repeated, { fileFingerprint: 'file-c' })).toEqual({ ok: true, value: 2 });
    expect(await importer.importResponses(surveyId, overlapping, { fileFingerprint: 'file-b', allowDuplicates: true })).toEqual({ ok: true, value: 15 });
    expect(await temp.app.db.response.count()).toBe(57);
  });

  it('refuses the same rows when a large import rebuilds the fingerprint index at its end (SQLite bulk mode), and keeps the index on a rollback', async () => {
    const surveyId = await openSurvey('900000000000000001');
    const connection = openSqlConnection(temp.databaseUrl);
    // Bulk mode after 10 rows: the fingerprint index is dropped, then built again before the commit.
    const importer = new SqlResponseImporter(connection, temp.databaseUrl, () => '2026-11-28', { bulkAfterRows: 10 });
    const fingerprintIndex = () => {
      if (backend !== 'sqlite') return true;
      const db = new Sqlite(sqliteFilePath(temp.databaseUrl), { readonly: true });
      try {
        return db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'Response_surveyId_importFingerprint_idx'`).get() !== undefined;
      } finally {
        db.close();
      }
    };
    try {
      const cohort = generateCohort(temp.app.services.definitions.defaultDefinition())
        .slice(0, 40)
        .map((r, i) => ({ ...r, fingerprint: `row-${i}` }));
      expect(await importer.importResponses(surveyId, inBatches(cohort, 7), { fileFingerprint: 'file-a' })).toEqual({ ok: true, value: 40 });
      expect(fingerprintIndex()).toBe(true);
      // More rows than the table holds, so that bulk mode starts again (40 rows before).
      const overlapping = [...cohort.slice(30), ...[...cohort, ...cohort].slice(0, 45).map((r, i) => ({ ...r, fingerprint: `new-${i}` }))];
      expect(await importer.importResponses(surveyId, inBatches(overlapping, 7), { fileFingerprint: 'file-b' })).toEqual({
        ok: false,
        error: { code: 'import.rows_already_present', count: 10 },
      });
      async function* failing() {
        yield* inBatches(overlapping, 7);
        throw new Error('line 9000: bad row');
      }
      await expect(importer.importResponses(surveyId, failing())).rejects.toThrow(/line 9000/);
      expect(fingerprintIndex()).toBe(true);
      expect(await temp.app.db.response.count()).toBe(40);
      // A row repeated across batches of one import is not "already present".
      const repeated = Array.from({ length: 50 }, () => ({ ...cohort[0]!, fingerprint: 'again' }));
      expect(await importer.importResponses(surveyId, inBatches(repeated, 7))).toEqual({ ok: true, value: 50 });
      expect(await temp.app.db.response.count()).toBe(90);
      expect(fingerprintIndex()).toBe(true);
    } finally {
      await connection.close();
    }
  });

  it('keeps every answer, status and drop-off point through export → import', async () => {
    const first = await openSurvey('900000000000000001');
    const definition = temp.app.services.definitions.defaultDefinition();
    // The whole synthetic cohort: every item type, skip rules, texts, interrupted responses.
    const cohort = generateCohort(definition);
    await temp.app.store.importer.importResponses(first, cohort);
    const survey = await temp.app.services.catalog.findSurvey(first);
    if (!survey) throw new Error('no survey');
    const exported = await temp.app.services.results.exportAll(survey);
    expect(exported.count).toBe(1451);

    const second = await openSurvey('900000000000000002');
    const parsed = parseImport(definition, exported.responses, '2026-11-28');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error.slice(0, 3)));
    await temp.app.store.importer.importResponses(second, parsed.value.responses);

    const { source } = temp.app.store;
    const [before, after] = [await source.responses(first), await source.responses(second)];
    expect(after).toHaveLength(1451);
    expect(canonical(after)).toEqual(canonical(before));
  });
});
