/**
 * Several processes on one database, each backend: two processes answering at once (errors
 * members saw, answers lost or doubled), then 20 SIGKILLs at random moments (acknowledged
 * answers lost). The figures to hold are zeros.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { silentLogger } from '../../shared/logger.ts';
import type { Backend } from '../../store/database-url.ts';
import { createBenchDatabase, POSTGRES_SERVER } from '../databases.ts';
import type { BenchContext } from '../main.ts';
import { acknowledged, lostAnswers, readStoredState, runAndKill, startWorker, workerErrors, type WorkerRun } from '../processes.ts';

const KILLS = 20;

export default async function durability(context: BenchContext): Promise<Record<string, unknown>> {
  const sqlite = await measure('sqlite', context);
  let postgres: Record<string, unknown>;
  try {
    postgres = await measure('postgresql', context);
  } catch (error) {
    postgres = { skipped: `PostgreSQL not reachable at ${POSTGRES_SERVER}: ${(error as Error).message}` };
  }
  return { durability: { sqlite, postgres } };
}

async function measure(backend: Backend, context: BenchContext): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'confreres-durability-'));
  const database = await createBenchDatabase(backend, dir, 'durability');
  const url = database.url;
  const env = { DATABASE_URL: url, DATA_DIR: dir, CONFRERES_SECRET: 'durability-bench-secret-0123456789abcdef' };
  const app = await createApp(loadConfig(env), { logger: silentLogger });
  try {
    const keyFor = async (externalId: string) => {
      const community = await app.services.catalog.ensureCommunity('test', externalId, externalId, '2026-11-30');
      const definition = app.services.definitions.defaultDefinition();
      const survey = await app.services.catalog.openSurvey(community.id, definition.id, definition.version, '2026-11-30');
      return (member: number) => app.keyring.participantKey({ platform: 'test', userId: `member-${member}` }, survey!.id);
    };
    context.log(`  ${backend}: two processes…`);
    const keyOf = await keyFor('processes');
    const pair = [startWorker({ ...env, MEMBERS: '0-49' }), startWorker({ ...env, MEMBERS: '50-99' })];
    await Promise.all(pair.map((run) => run.exit));
    const errors = pair.flatMap(workerErrors);
    const pairAcks = acknowledged(pair);
    const state = await readStoredState(url);
    const ackCount = [...pairAcks.answers.values()].reduce((sum, items) => sum + items.size, 0);
    const storedCount = state.completed.reduce((sum, answers) => sum + Object.keys(answers).length, 0) + [...state.inProgress.values()].reduce((sum, a) => sum + Object.keys(a).length, 0);

    context.log(`  ${backend}: ${KILLS} kills…`);
    // Groups of 10 further members: each round kills a worker after a random number of
    // answers; a group whose members all finished makes way for the next.
    let group = 0;
    let runs: WorkerRun[] = [];
    const lostAfterKills = new Set<string>();
    for (let round = 0; round < KILLS; round++) {
      const first = 100 + group * 10;
      runs.push(await runAndKill({ ...env, MEMBERS: `${first}-${first + 9}` }, 1 + Math.floor(Math.random() * 60)));
      const acks = acknowledged(runs);
      for (const lost of lostAnswers(await readStoredState(url), acks.answers, keyOf)) lostAfterKills.add(lost);
      if (acks.finished.size === 10) {
        group++;
        runs = [];
      }
    }
    return {
      processes: 2,
      userVisibleErrors: errors.length,
      lostAnswers: Math.max(0, ackCount - storedCount),
      duplicatedAnswers: Math.max(0, storedCount - ackCount),
      kills: KILLS,
      lostAcknowledgedAfterKills: lostAfterKills.size,
    };
  } finally {
    await app.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
