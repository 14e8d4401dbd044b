/**
 * Bot processes on one database, for the durability bench and the multi-process tests: start
 * intake workers (./intake-worker.ts), read what they acknowledged, kill them with SIGKILL at
 * random moments, and check that every acknowledged answer is still stored.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { backendOf, sqliteFilePath } from '../store/database-url.ts';

const WORKER = fileURLToPath(new URL('./intake-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface WorkerRun {
  readonly child: ChildProcess;
  /** Lines printed so far: "ack <member> <item>", "done <member>", "summary <json>". */
  readonly lines: string[];
  readonly exit: Promise<number | null>;
}

export function startWorker(env: Readonly<Record<string, string>>): WorkerRun {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

/** The errors a worker's members saw (its summary line), or a description of its failure. */
export function workerErrors(run: WorkerRun): string[] {
  const summary = run.lines.find((line) => line.startsWith('summary '));
  if (!summary) return [`no summary: ${run.lines.filter((l) => l.startsWith('stderr ')).join(' ') || 'killed or crashed'}`];
  return (JSON.parse(summary.slice('summary '.length)) as { errors: string[] }).errors;
}

/** What a worker acknowledged, by member: answered items, and whether they finished. */
export function acknowledged(runs: readonly WorkerRun[]): { answers: Map<number, Set<string>>; finished: Set<number> } {
  const answers = new Map<number, Set<string>>();
  const finished = new Set<number>();
  for (const line of runs.flatMap((run) => run.lines)) {
    const [kind, member, item] = line.split(' ');
    if (kind === 'ack') answers.set(Number(member), (answers.get(Number(member)) ?? new Set()).add(item ?? ''));
    if (kind === 'done') finished.add(Number(member));
  }
  return { answers, finished };
}

export interface StoredState {
  /** Answers documents of responses in progress, by participant key. */
  readonly inProgress: Map<string, Record<string, unknown>>;
  readonly completedKeys: Set<string>;
  /** Answers documents of completed responses, pooled or released. */
  readonly completed: Record<string, unknown>[];
}

/** Reads the answer tables directly, as the tests' attacker would. */
export async function readStoredState(url: string): Promise<StoredState> {
  const query = async (sql: string): Promise<Record<string, unknown>[]> => {
    if (backendOf(url) === 'sqlite') {
      const db = new Sqlite(sqliteFilePath(url), { readonly: true, timeout: 10_000 });
      try {
        return db.prepare(sql).all() as Record<string, unknown>[];
      } finally {
        db.close();
      }
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<Record<string, unknown>>(sql)).rows;
    } finally {
      await client.end();
    }
  };
  const parse = (row: Record<string, unknown>) => JSON.parse(String(row['answers'])) as Record<string, unknown>;
  const inProgress = await query('SELECT "participantKey", "answers" FROM "InProgressResponse"');
  const completions = await query('SELECT "participantKey" FROM "Completion"');
  const completed = await query(`SELECT "answers" FROM "PendingRelease" UNION ALL SELECT "answers" FROM "Response" WHERE "status" = 'complete'`);
  return {
    inProgress: new Map(inProgress.map((row) => [String(row['participantKey']), parse(row)])),
    completedKeys: new Set(completions.map((row) => String(row['participantKey']))),
    completed: completed.map(parse),
  };
}

/**
 * Acknowledged answers not found in the database: a member neither completed nor holding
 * every item they were told was recorded. `keyOf` gives a member's participant key.
 */
export function lostAnswers(state: StoredState, acks: Map<number, Set<string>>, keyOf: (member: number) => string): string[] {
  const lost: string[] = [];
  for (const [member, items] of acks) {
    const key = keyOf(member);
    if (state.completedKeys.has(key)) continue;
    const answers = state.inProgress.get(key);
    for (const item of items) if (answers?.[item] === undefined) lost.push(`member ${member}: ${item}`);
  }
  return lost;
}

/** Starts a worker and kills it with SIGKILL once it has acknowledged `afterAcks` answers (or ended). */
export async function runAndKill(env: Readonly<Record<string, string>>, afterAcks: number): Promise<WorkerRun> {
  const run = startWorker(env);
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (run.lines.filter((l) => l.startsWith('ack ')).length >= afterAcks || run.child.exitCode !== null) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  run.child.kill('SIGKILL');
  await run.exit;
  return run;
}
