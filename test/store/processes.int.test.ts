/**
 * Several bot processes on one database, on each backend: they start together (migrations
 * applied once), answer at the same time without any member seeing an error, and a process
 * killed with SIGKILL at a random moment never loses an answer it acknowledged.
 * (`npm run bench` repeats the kills 20 times per backend.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { acknowledged, lostAnswers, readStoredState, runAndKill, startWorker, workerErrors } from '../../src/bench/processes.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { readTable } from '../support/anonymity-audit.ts';
import { createTestDatabase, describeBackends, type TestDatabase } from '../support/backends.ts';

describeBackends('several processes on one database', (backend) => {
  let dir: string;
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'confreres-processes-'));
    database = await createTestDatabase(backend, dir);
    env = { DATABASE_URL: database.url, DATA_DIR: dir, CONFRERES_SECRET: 'processes-test-secret-0123456789abcdef' };
  });
  afterEach(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function openSurvey(): Promise<{ app: App; keyOf: (member: number) => string }> {
    const app = await createApp(loadConfig(env), { logger: silentLogger });
    const community = await app.services.catalog.ensureCommunity('test', 'processes', 'Processes', '2026-11-30');
    const definition = app.services.definitions.defaultDefinition();
    const survey = await app.services.catalog.openSurvey(community.id, definition.id, definition.version, '2026-11-30');
    return { app, keyOf: (member) => app.keyring.participantKey({ platform: 'test', userId: `member-${member}` }, survey!.id) };
  }

  it('applies the migrations once when processes start together', { timeout: 120_000 }, async () => {
    const runs = Array.from({ length: 6 }, () => startWorker({ ...env, START_ONLY: '1' }));
    expect(await Promise.all(runs.map((run) => run.exit))).toEqual(Array(6).fill(0));
    expect(runs.map((run) => run.lines.join('|'))).toEqual(Array(6).fill('started'));
    const names = (await readTable(database.url, '_prisma_migrations')).map((row) => String(row['migration_name']));
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
  });

  it('lets two processes take answers at once with no error and no lost or doubled answer', { timeout: 120_000 }, async () => {
    const { app, keyOf } = await openSurvey();
    try {
      const runs = [startWorker({ ...env, MEMBERS: '0-29' }), startWorker({ ...env, MEMBERS: '30-59' })];
      expect(await Promise.all(runs.map((run) => run.exit))).toEqual([0, 0]);
      expect(runs.map(workerErrors)).toEqual([[], []]);
      const acks = acknowledged(runs);
      expect(acks.finished.size).toBe(60);
      const state = await readStoredState(database.url);
      expect(state.completedKeys.size).toBe(60);
      expect(state.inProgress.size).toBe(0);
      expect(state.completed).toHaveLength(60);
      // Every member's answers once: their free-text remark names them in this test.
      const remarks = state.completed.map((answers) => answers['q27']).filter((r) => r !== undefined);
      expect(new Set(remarks).size).toBe(remarks.length);
      const ackCount = [...acks.answers.values()].reduce((sum, items) => sum + items.size, 0);
      expect(state.completed.reduce((sum, answers) => sum + Object.keys(answers).length, 0)).toBe(ackCount);
      expect(lostAnswers(state, acks.answers, keyOf)).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('loses no acknowledged answer when a process is killed at random moments', { timeout: 120_000 }, async () => {
    const { app, keyOf } = await openSurvey();
    const runs = [];
    try {
      for (let round = 0; round < 6; round++) {
        runs.push(await runAndKill({ ...env, MEMBERS: '0-7' }, 1 + Math.floor(Math.random() * 40)));
        const acks = acknowledged(runs);
        expect(lostAnswers(await readStoredState(database.url), acks.answers, keyOf), `after kill ${round + 1}`).toEqual([]);
        if (acks.finished.size === 8) break;
      }
      // A last run finishes everyone: nobody is stuck after the kills.
      const last = startWorker({ ...env, MEMBERS: '0-7' });
      expect(await last.exit).toBe(0);
      expect(workerErrors(last)).toEqual([]);
      const state = await readStoredState(database.url);
      expect(state.completedKeys.size).toBe(8);
      expect(state.completed).toHaveLength(8);
    } finally {
      await app.close();
    }
  });
});
