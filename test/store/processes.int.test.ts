/**
 * Several bot processes on one database, on each backend: they start together (migrations
 * applied once), answer at the same time without any member seeing an error, and a process
 * killed with SIGKILL at a random moment never loses an answer it acknowledged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { readTable, readTables } from '../support/anonymity-audit.ts';
import { createTestDatabase, describeBackends, type TestDatabase } from '../support/backends.ts';

const WORKER = fileURLToPath(new URL('./fixtures/intake-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly exit: Promise<number | null>;
}

function startWorker(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { cwd: ROOT, env: { ...process.env, ...env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) lines.push(`stderr ${stderr.slice(0, 2000)}`);
      resolve(code);
    }),
  );
  return { child, lines, exit };
}

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

  async function openSurvey(): Promise<App> {
    const app = await createApp(loadConfig(env), { logger: silentLogger });
    const community = await app.services.catalog.ensureCommunity('test', 'processes', 'Processes', '2026-11-30');
    const definition = app.services.definitions.defaultDefinition();
    await app.services.catalog.openSurvey(community.id, definition.id, definition.version, '2026-11-30');
    return app;
  }

  it('applies the migrations once when processes start together', { timeout: 120_000 }, async () => {
    const runs = Array.from({ length: 6 }, () => startWorker({ ...env, START_ONLY: '1' }));
    const codes = await Promise.all(runs.map((run) => run.exit));
    expect(runs.map((run) => run.lines.join('|'))).toEqual(Array(6).fill('started'));
    expect(codes).toEqual(Array(6).fill(0));
    const names = (await readTable(database.url, '_prisma_migrations')).map((row) => String(row['migration_name']));
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
  });

  it('lets two processes take answers at once with no error and no lost or doubled answer', { timeout: 120_000 }, async () => {
    const app = await openSurvey();
    try {
      const runs = [startWorker({ ...env, MEMBERS: '0-29' }), startWorker({ ...env, MEMBERS: '30-59' })];
      expect(await Promise.all(runs.map((run) => run.exit))).toEqual([0, 0]);
      const summaries = runs.map((run) => JSON.parse(run.lines.find((l) => l.startsWith('summary '))?.slice(8) ?? 'null') as { errors: string[] });
      expect(summaries).toEqual([{ errors: [] }, { errors: [] }]);
      const done = runs.flatMap((run) => run.lines.filter((l) => l.startsWith('done ')));
      expect(done).toHaveLength(60);
      const tables = await readTables(database.url);
      expect(tables.get('Completion')).toHaveLength(60);
      expect(tables.get('InProgressResponse')).toHaveLength(0);
      // 60 completions in batches of 5: all released, none left in the pool.
      const released = (tables.get('Response') ?? []).map((row) => JSON.parse(String(row['answers'])) as Record<string, unknown>);
      expect(released).toHaveLength(60);
      expect(tables.get('PendingRelease')).toHaveLength(0);
      // Every member's answers once: their free-text remark identifies them in this test.
      const remarks = released.map((answers) => answers['q27']).filter((r) => r !== undefined);
      expect(new Set(remarks).size).toBe(remarks.length);
      const acks = runs.flatMap((run) => run.lines.filter((l) => l.startsWith('ack '))).length;
      expect(released.reduce((sum, answers) => sum + Object.keys(answers).length, 0)).toBe(acks);
    } finally {
      await app.close();
    }
  });

  // `npm run bench` kills 20 times per backend; here a few kills keep the test near a minute.
  it('loses no acknowledged answer when a process is killed at random moments', { timeout: 120_000 }, async () => {
    const app = await openSurvey();
    const surveyId = (await app.services.catalog.currentSurvey((await app.services.catalog.findCommunity('test', 'processes'))!.id))!.id;
    const kills = 6;
    const acknowledged = new Map<number, Set<string>>();
    const finished = new Set<number>();
    try {
      for (let round = 0; round < kills; round++) {
        const run = startWorker({ ...env, MEMBERS: '0-7' });
        // Kill after a random number of acknowledged answers (a fresh process first migrates and starts).
        const target = 1 + Math.floor(Math.random() * 40);
        await new Promise<void>((resolve) => {
          const timer = setInterval(() => {
            if (run.lines.filter((l) => l.startsWith('ack ')).length >= target || run.child.exitCode !== null) {
              clearInterval(timer);
              resolve();
            }
          }, 2);
        });
        run.child.kill('SIGKILL');
        await run.exit;
        for (const line of run.lines) {
          const [kind, member, item] = line.split(' ');
          if (kind === 'ack') acknowledged.set(Number(member), (acknowledged.get(Number(member)) ?? new Set()).add(item ?? ''));
          if (kind === 'done') finished.add(Number(member));
        }
        // Every acknowledged answer is still there: in progress, or in a completed response.
        const tables = await readTables(database.url);
        const inProgress = new Map(
          (tables.get('InProgressResponse') ?? []).map((row) => [String(row['participantKey']), JSON.parse(String(row['answers'])) as Record<string, unknown>]),
        );
        const completed = new Set((tables.get('Completion') ?? []).map((row) => String(row['participantKey'])));
        for (const [member, items] of acknowledged) {
          const key = app.keyring.participantKey({ platform: 'test', userId: `member-${member}` }, surveyId);
          if (completed.has(key)) continue;
          const answers = inProgress.get(key);
          expect(answers, `member ${member} lost their response`).toBeDefined();
          for (const item of items) expect(answers?.[item], `member ${member} lost ${item}`).toBeDefined();
        }
        if (finished.size === 8) break;
      }
      // A last run finishes everyone: nobody is stuck after the kills.
      const last = startWorker({ ...env, MEMBERS: '0-7' });
      expect(await last.exit).toBe(0);
      expect(last.lines.find((l) => l.startsWith('summary '))).toBe('summary {"errors":[]}');
      const tables = await readTables(database.url);
      expect(tables.get('Completion')).toHaveLength(8);
      expect((tables.get('Response') ?? []).length + (tables.get('PendingRelease') ?? []).length).toBe(8);
    } finally {
      await app.close();
    }
  });
});
