/**
 * Answer intake through the service API (SurveyService, as every adapter calls it), on SQLite
 * and, when the local server answers, on PostgreSQL, with the raw driver's single-row insert
 * rate measured in the same run as the anchor:
 * - `answersPerSecond`: saturation, every respondent answering again as soon as the previous
 *   answer is acknowledged;
 * - `p50Ms` / `p99Ms`: latency of one answer while the respondents answer on a fixed schedule
 *   that offers the target rate together (`offeredPerSecond`: 10,000/s on SQLite, 2,000/s on
 *   PostgreSQL); `pacedAnswersPerSecond` is what was taken in meanwhile.
 *   With no pause at all, latency is only respondents ÷ throughput (Little's law), whatever the
 *   store does; members of a chat pause between answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createApp, type App } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { silentLogger } from '../../shared/logger.ts';
import type { Backend } from '../../store/database-url.ts';
import { openSqliteFile } from '../../store/sql-connection.ts';
import type { Prompt } from '../../survey/engine.ts';
import type { RawAnswer } from '../../survey/answers.ts';
import { createBenchDatabase, POSTGRES_SERVER } from '../databases.ts';
import type { BenchContext } from '../main.ts';


interface IntakeFigures {
  respondents: number;
  answersPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Paced run: the p99 of the answers that completed a questionnaire (the longest write). */
  completionP99Ms: number;
  offeredPerSecond: number;
  pacedAnswersPerSecond: number;
  rawInsertsPerSecond: number | null;
  /** answersPerSecond / rawInsertsPerSecond. */
  ratioToRaw: number | null;
  sequential: { answersPerSecond: number; p50Ms: number; p99Ms: number };
  skipped?: string;
}

/** BENCH_INTAKE_BACKENDS=postgresql measures one backend alone (a quick check). */
const BACKENDS = (process.env.BENCH_INTAKE_BACKENDS ?? 'sqlite,postgresql').split(',');

export default async function intake(context: BenchContext): Promise<Record<string, unknown>> {
  const figures: Record<string, unknown> = {};
  if (BACKENDS.includes('sqlite')) figures.sqlite = await measure('sqlite', 500, 10_000, context);
  if (BACKENDS.includes('postgresql')) {
    try {
      figures.postgres = await measure('postgresql', 100, 2_000, context);
    } catch (error) {
      figures.postgres = { skipped: `PostgreSQL not reachable at ${POSTGRES_SERVER}: ${(error as Error).message}` };
    }
  }
  return { intake: figures };
}

async function measure(backend: Backend, concurrent: number, offered: number, context: BenchContext): Promise<IntakeFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'confreres-bench-'));
  const database = await createBenchDatabase(backend, dir, 'bench');
  let app: App | null = null;
  try {
    const config = loadConfig({ DATA_DIR: dir, DATABASE_URL: database.url, LOG_LEVEL: 'silent' });
    app = await createApp(config, { logger: silentLogger });
    const community = await app.services.catalog.ensureCommunity('bench', 'bench-community', 'Bench', '2026-11-30');
    const definition = app.services.definitions.defaultDefinition();
    const survey = await app.services.catalog.openSurvey(community.id, definition.id, definition.version, '2026-11-30');
    if (!survey) throw new Error('could not open the bench survey');
    const runner = new Respondents(app, survey.id);
    context.log(`  ${backend}: sequential…`);
    const sequential = await runner.run(0, 100, 1, 0);
    context.log(`  ${backend}: ${concurrent} respondents at once…`);
    const parallel = await runner.run(100, concurrent, concurrent, 0);
    context.log(`  ${backend}: ${concurrent} respondents offering ${offered} answers/s…`);
    const paced = await runner.run(100 + concurrent, concurrent * 3, concurrent, (concurrent / offered) * 1000);
    context.log(`  ${backend}: raw driver…`);
    const raw = backend === 'sqlite' ? rawSqliteInserts(dir) : await rawPostgresInserts(database.url, concurrent);
    return {
      respondents: concurrent,
      answersPerSecond: Math.round(parallel.perSecond),
      p50Ms: round(paced.p50),
      p99Ms: round(paced.p99),
      completionP99Ms: round(paced.completionP99),
      offeredPerSecond: offered,
      pacedAnswersPerSecond: Math.round(paced.perSecond),
      rawInsertsPerSecond: Math.round(raw),
      ratioToRaw: round(parallel.perSecond / raw),
      sequential: { answersPerSecond: Math.round(sequential.perSecond), p50Ms: round(sequential.p50), p99Ms: round(sequential.p99) },
    };
  } finally {
    await app?.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Respondents taking the whole questionnaire, each answer a random valid one (seeded). */
class Respondents {
  private random = seeded(20261130);

  constructor(private readonly app: App, private readonly surveyId: string) {}

  /** `count` respondents from number `first`, `parallel` of them at a time, pausing `pauseMs` between answers. */
  async run(first: number, count: number, parallel: number, pauseMs: number) {
    const latencies: number[] = [];
    const completions: number[] = [];
    let next = first;
    const started = performance.now();
    const worker = async () => {
      while (next < first + count) await this.respond(next++, latencies, completions, pauseMs);
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    completions.sort((a, b) => a - b);
    return { perSecond: latencies.length / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), completionP99: quantile(completions, 0.99) };
  }

  private async respond(n: number, latencies: number[], completions: number[], pauseMs: number): Promise<void> {
    const { surveys } = this.app.services;
    const member = { platform: 'bench', userId: `member-${n}` };
    let step = await surveys.begin(member, this.surveyId, 'fr');
    // Paced respondents start at random moments, as members of a chat do, then answer on a
    // fixed schedule (one answer every pauseMs), whatever the latency: the offered rate holds.
    let due = performance.now() + (pauseMs > 0 ? this.random() * pauseMs : 0);
    while (step.ok && step.value.kind === 'prompt') {
      if (pauseMs > 0) {
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        due += pauseMs;
      }
      const prompt = step.value.prompt;
      const at = performance.now();
      step = await surveys.answer(member, this.surveyId, prompt.itemCode, this.answerTo(prompt), 'fr', `delivery-${n}-${prompt.itemCode}`);
      const took = performance.now() - at;
      latencies.push(took);
      if (step.ok && step.value.kind !== 'prompt') completions.push(took);
    }
    if (!step.ok) throw new Error(`bench respondent refused: ${JSON.stringify(step.error)}`);
  }

  private answerTo(prompt: Prompt): RawAnswer {
    const pick = () => prompt.options[Math.floor(this.random() * prompt.options.length)]?.code ?? '';
    switch (prompt.type) {
      case 'single':
        return pick();
      case 'multi':
        return [pick()];
      case 'scale':
        return (prompt.scale?.min ?? 0) + Math.floor(this.random() * ((prompt.scale?.max ?? 10) - (prompt.scale?.min ?? 0) + 1));
      default:
        return 'Rien à ajouter.';
    }
  }
}

/** better-sqlite3 single-row inserts, one autocommit each, with the store's own settings. */
function rawSqliteInserts(dir: string): number {
  const db = openSqliteFile(path.join(dir, 'raw.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE raw (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO raw (payload) VALUES (?)');
    const payload = JSON.stringify({ q1: 'female', q2: '30_40', q3: 'gp', q21: ['speed'] });
    const rows = 20_000;
    const started = performance.now();
    for (let i = 0; i < rows; i++) insert.run(payload);
    return rows / ((performance.now() - started) / 1000);
  } finally {
    db.close();
  }
}

/** pg single-row inserts, auto-committed, from as many concurrent clients as respondents. */
async function rawPostgresInserts(url: string, concurrent: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 16 });
  // pool.end() resolves before its sockets close: the FORCE drop that follows may end a
  // session still closing, which an unlistened pool would raise as a crash.
  pool.on('error', () => undefined);
  try {
    await pool.query('CREATE TABLE raw (id SERIAL PRIMARY KEY, payload TEXT NOT NULL)');
    const payload = JSON.stringify({ q1: 'female', q2: '30_40', q3: 'gp', q21: ['speed'] });
    const rows = 20_000;
    let done = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrent }, async () => {
        while (done < rows) {
          done++;
          await pool.query({ name: 'raw_insert', text: 'INSERT INTO raw (payload) VALUES ($1)', values: [payload] });
        }
      }),
    );
    return rows / ((performance.now() - started) / 1000);
  } finally {
    await pool.end();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** mulberry32: a small seeded generator, so that every run answers the same way. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
