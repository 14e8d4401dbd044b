import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SECRET_FILE } from '../../src/privacy/secret.ts';
import { createLogger } from '../../src/shared/logger.ts';
import type { Step } from '../../src/survey/service.ts';
import type { Result } from '../../src/shared/result.ts';
import { findInDatabase, readTables, tableCounts } from '../support/anonymity-audit.ts';
import { describeBackends } from '../support/backends.ts';
import { createTempApp, type TempApp } from '../support/temp-app.ts';

const alice = { platform: 'discord', userId: '812345678901234567' };
const bob = { platform: 'telegram', userId: '5550001234' };

describeBackends('anonymous answer store', (backend) => {
let temp: TempApp;
let surveyId: string;
let logLines: string[];

beforeEach(async () => {
  logLines = [];
  const logger = createLogger('warn', (line) => logLines.push(line));
  temp = await createTempApp({ backend, logger, now: () => new Date('2026-11-28T14:35:12Z') });
  const { catalog, definitions } = temp.app.services;
  const community = await catalog.ensureCommunity('discord', '900000000000000001', 'Médecins test', '2026-11-28');
  const definition = definitions.defaultDefinition();
  surveyId = (await catalog.openSurvey(community.id, definition.id, definition.version, '2026-11-28'))!.id;
});
afterEach(() => temp.cleanup());

function prompted(result: Result<Step, unknown>): string {
  if (!result.ok || result.value.kind !== 'prompt') throw new Error(`expected a prompt, got ${JSON.stringify(result)}`);
  return result.value.prompt.itemCode;
}

const FULL_RUN: [string, string][] = [
  ['q1', 'female'], ['q2', '30_40'], ['q3', 'gp'], ['q4', 'independent'], ['q5', 'urban'], ['q6', 'no'],
  ['q7', 'daily'], ['q8', '1_2y'], ['q9', 'never'], ['q10', 'rarely'], ['q19', 'no'],
];

async function storedAnswers(): Promise<Record<string, unknown>[]> {
  const rows = (await readTables(temp.databaseUrl)).get('InProgressResponse') ?? [];
  return rows.map((row) => JSON.parse(String(row['answers'])) as Record<string, unknown>);
}

async function completeSurvey(member: typeof alice) {
  const surveys = temp.app.services.surveys;
  await surveys.begin(member, surveyId, 'fr');
  for (const [code, value] of FULL_RUN) prompted(await surveys.answer(member, surveyId, code, value, 'fr'));
  prompted(await surveys.answer(member, surveyId, 'q21', ['speed'], 'fr'));
  prompted(await surveys.answer(member, surveyId, 'q22', ['contradictions'], 'fr'));
  for (const code of ['q23', 'q24', 'q25']) prompted(await surveys.answer(member, surveyId, code, 8, 'fr'));
  prompted(await surveys.answer(member, surveyId, 'q26', ['read'], 'fr'));
  return surveys.skip(member, surveyId, 'q27', 'fr');
}

  it('records the same delivery twice as one answer', async () => {
    const surveys = temp.app.services.surveys;
    await surveys.begin(alice, surveyId, 'fr');
    const first = await surveys.answer(alice, surveyId, 'q1', 'female', 'fr', 'interaction-1');
    const again = await surveys.answer(alice, surveyId, 'q1', 'female', 'fr', 'interaction-1');
    expect(prompted(first)).toBe('q2');
    expect(again.ok && again.value.kind === 'prompt' && again.value.duplicate).toBe(true);
    // A double click without a delivery key hits an item that is no longer current.
    const doubleClick = await surveys.answer(alice, surveyId, 'q1', 'male', 'fr', 'interaction-2');
    expect(doubleClick).toEqual({ ok: false, error: { code: 'answer.stale', current: 'q2' } });
    expect(await storedAnswers()).toEqual([{ q1: 'female' }]);
  });

  it('keeps one answer when the same answer races itself', async () => {
    const surveys = temp.app.services.surveys;
    await surveys.begin(alice, surveyId, 'fr');
    const results = await Promise.all([
      surveys.answer(alice, surveyId, 'q1', 'female', 'fr', 'update-7'),
      surveys.answer(alice, surveyId, 'q1', 'female', 'fr', 'update-7'),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(await storedAnswers()).toEqual([{ q1: 'female' }]);
    expect(prompted(await surveys.current(alice, surveyId, 'fr'))).toBe('q2');
  });

  it('takes many respondents at once, each delivery sent twice concurrently, as one answer each', { timeout: 60_000 }, async () => {
    const surveys = temp.app.services.surveys;
    const members = Array.from({ length: 40 }, (_, i) => ({ platform: 'telegram', userId: `77700${i}` }));
    const outcomes = await Promise.all(
      members.map(async (member, i) => {
        await surveys.begin(member, surveyId, 'fr');
        let duplicates = 0;
        for (const [code, value] of FULL_RUN) {
          const [a, b] = await Promise.all([0, 1].map(() => surveys.answer(member, surveyId, code, value, 'fr', `${i}:${code}`)));
          if (!a?.ok || !b?.ok) throw new Error(`member ${i} at ${code}: ${JSON.stringify([a, b])}`);
          duplicates += [a, b].filter((r) => r.ok && r.value.kind === 'prompt' && r.value.duplicate).length;
        }
        for (const [code, value] of [['q21', ['speed']], ['q22', ['contradictions']], ['q23', 8], ['q24', 8], ['q25', 8], ['q26', ['read']]] as const) {
          prompted(await surveys.answer(member, surveyId, code, value, 'fr', `${i}:${code}`));
        }
        return { duplicates, done: await surveys.skip(member, surveyId, 'q27', 'fr') };
      }),
    );
    // Each pair gave one answer and one recognised duplicate.
    expect(outcomes.map((o) => o.duplicates)).toEqual(Array(40).fill(FULL_RUN.length));
    expect(outcomes.every((o) => o.done.ok && o.done.value.kind === 'complete')).toBe(true);
    const tables = await readTables(temp.databaseUrl);
    expect(tables.get('Completion')).toHaveLength(40);
    expect(tables.get('Response')).toHaveLength(40);
    // Released by whole batches of RESULTS_MIN_CELL (5), however the completions raced.
    const perBatch = new Map<unknown, number>();
    for (const row of tables.get('Response') ?? []) perBatch.set(row['batch'], (perBatch.get(row['batch']) ?? 0) + 1);
    for (const size of perBatch.values()) expect(size % 5).toBe(0);
    for (const row of tables.get('Response') ?? []) expect(Object.keys(JSON.parse(String(row['answers'])) as object)).toHaveLength(FULL_RUN.length + 6);
  });

  it('fails a write that breaks a constraint alone, committing the others queued with it', async () => {
    const surveys = temp.app.services.surveys;
    await surveys.begin(alice, surveyId, 'fr');
    const { responses } = temp.app.store;
    const key = temp.app.keyring.participantKey(alice, surveyId);
    const loaded = await responses.load(key);
    const change = { answers: { q1: 'female' }, cursor: 'q2', draft: null, deliveryKey: null, day: '2026-11-28' };
    // Queued in the same turn: one group commit on SQLite, one pooled batch on PostgreSQL.
    const [orphan, saved] = await Promise.allSettled([
      responses.create('f'.repeat(64), 'no-such-survey', null, '2026-11-28'),
      responses.save(key, loaded!.response, change),
    ]);
    expect(orphan.status).toBe('rejected');
    expect(saved).toEqual({ status: 'fulfilled', value: true });
    expect(await storedAnswers()).toEqual([{ q1: 'female' }]);
    expect(await tableCounts(temp.databaseUrl)).toMatchObject({ InProgressResponse: 1 });
  });

  it('resumes at the right item with a new client on the same file', async () => {
    const surveys = temp.app.services.surveys;
    await surveys.begin(alice, surveyId, 'fr');
    for (const [code, value] of FULL_RUN.slice(0, 5)) await surveys.answer(alice, surveyId, code, value, 'fr');
    const restarted = await temp.restart();
    const resumed = await restarted.services.surveys.begin(alice, surveyId, 'en');
    expect(resumed.ok && resumed.value.kind === 'prompt' && resumed.value.resumed).toBe(true);
    expect(prompted(resumed)).toBe('q6');
    if (resumed.ok && resumed.value.kind === 'prompt') expect(resumed.value.prompt.text).toMatch(/underserved/);
  });

  it('refuses bad input without changing anything', async () => {
    const surveys = temp.app.services.surveys;
    await surveys.begin(alice, surveyId, 'fr');
    await surveys.answer(alice, surveyId, 'q1', 'female', 'fr');
    const before = await readTables(temp.databaseUrl);
    expect(await surveys.answer(alice, surveyId, 'q2', 'ninety', 'fr')).toEqual({ ok: false, error: { code: 'choice.unknown', value: 'ninety' } });
    expect(await surveys.answerTyped(alice, surveyId, 'q2', '9', 'fr')).toEqual({ ok: false, error: { code: 'choice.out_of_range', value: '9', max: 5 } });
    expect(await readTables(temp.databaseUrl)).toEqual(before);
    expect(prompted(await surveys.current(alice, surveyId, 'fr'))).toBe('q2');
  });

  it('unlinks the response at completion and refuses a second submission', async () => {
    const done = await completeSurvey(alice);
    expect(done.ok && done.value.kind).toBe('complete');
    const key = temp.app.keyring.participantKey(alice, surveyId);
    expect(await temp.app.db.inProgressResponse.count()).toBe(0);
    expect(await temp.app.db.completion.findMany()).toEqual([{ participantKey: key, surveyId }]);
    // Nothing but the Completion row holds the key; no response can be traced back to it.
    expect(await findInDatabase(temp.databaseUrl, [key])).toEqual(['Completion.participantKey contains ' + key]);
    // One completion waits in the release pool: no key, no date.
    const pending = await temp.app.db.pendingRelease.findFirstOrThrow();
    expect(Object.keys(pending).sort()).toEqual(['answers', 'id', 'surveyId']);
    expect(JSON.parse(pending.answers)).toMatchObject({ q1: 'female', q3: 'gp', q21: ['speed'] });
    expect(await temp.app.db.response.count()).toBe(0);
    expect(await temp.app.services.surveys.begin(alice, surveyId, 'fr')).toEqual({ ok: false, error: { code: 'survey.already_completed' } });
    // Partial responses are kept and counted: a second member stops after one answer.
    await temp.app.services.surveys.begin(bob, surveyId, 'fr');
    await temp.app.services.surveys.answer(bob, surveyId, 'q1', 'male', 'fr');
    expect(await temp.app.services.catalog.countResponses(surveyId)).toEqual({ participants: 2, complete: 1 });
  });

  it('deletes the in-progress response entirely on /forget', async () => {
    const surveys = temp.app.services.surveys;
    await surveys.begin(bob, surveyId, 'fr');
    await surveys.answer(bob, surveyId, 'q1', 'male', 'fr');
    await surveys.answer(bob, surveyId, 'q2', 'under_30', 'fr');
    expect(await surveys.forget(bob, surveyId)).toEqual({ ok: true, value: { deleted: true } });
    expect(await tableCounts(temp.databaseUrl)).toMatchObject({ Response: 0, InProgressResponse: 0, PendingRelease: 0, Completion: 0 });
    expect(await surveys.forget(bob, surveyId)).toEqual({ ok: true, value: { deleted: false } });
    expect(prompted(await surveys.begin(bob, surveyId, 'fr'))).toBe('q1');
  });

  it('stores day-precision dates only, and keeps the secret file private', async () => {
    await completeSurvey(alice);
    await temp.app.services.surveys.begin(bob, surveyId, 'fr');
    await temp.app.services.surveys.answer(bob, surveyId, 'q1', 'male', 'fr');
    const tables = await readTables(temp.databaseUrl);
    const days = (tables.get('InProgressResponse') ?? []).flatMap((row) => [row['startedDay'], row['updatedDay']]);
    expect(days).toEqual(['2026-11-28', '2026-11-28']);
    // The reminder's clock is kept to the hour, on the in-progress row only.
    expect(new Date(String((tables.get('InProgressResponse') ?? [])[0]?.['lastActivityAt'])).toISOString()).toBe('2026-11-28T14:00:00.000Z');
    expect(await findInDatabase(temp.databaseUrl, ['14:35'])).toEqual([]);
    expect(statSync(path.join(temp.dir, SECRET_FILE)).mode & 0o777).toBe(0o600);
  });

  it('lets a member whose stored answers were damaged start again instead of failing every time', async () => {
    const surveys = temp.app.services.surveys;
    await surveys.begin(alice, surveyId, 'fr');
    await surveys.answer(alice, surveyId, 'q1', 'female', 'fr');
    await surveys.answer(alice, surveyId, 'q2', '30_40', 'fr');
    await temp.app.db.inProgressResponse.updateMany({ data: { answers: '{"q1": "fem' } });
    expect(prompted(await surveys.begin(alice, surveyId, 'fr'))).toBe('q1');
    // Logged for the admin, without a word of the damaged content.
    const warnings = logLines.filter((line) => line.includes('stored answers could not be read'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(surveyId);
    expect(warnings[0]).not.toMatch(/fem/);
    expect(prompted(await surveys.answer(alice, surveyId, 'q1', 'male', 'fr'))).toBe('q2');
    expect(await storedAnswers()).toEqual([{ q1: 'male' }]);
  });

  it('passes an anonymity audit of every column after a scripted run', async () => {
    await completeSurvey(alice);
    const surveys = temp.app.services.surveys;
    await surveys.begin(bob, surveyId, 'en');
    await surveys.answer(bob, surveyId, 'q1', 'other', 'en');
    await temp.app.services.preferences.set(bob, 'en');
    expect(await findInDatabase(temp.databaseUrl, [alice.userId, bob.userId, 'discord:', 'telegram:'])).toEqual([]);
  });
});
