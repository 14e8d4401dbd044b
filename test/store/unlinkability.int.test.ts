/**
 * The attacker of the design notes, played on both backends: they hold the database files as
 * they lie on disk (SQLite: .db and -wal; PostgreSQL: every table and index file after the
 * bot's own maintenance ran), the instance secret, the member list and the order in which
 * members finished. They must not link a released response to its member better than chance
 * within a batch of RESULTS_MIN_CELL.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { sqliteFilePath } from '../../src/store/database-url.ts';
import type { Prompt } from '../../src/survey/engine.ts';
import type { RawAnswer } from '../../src/survey/answers.ts';
import { readTables } from '../support/anonymity-audit.ts';
import { describeBackends } from '../support/backends.ts';
import { createTempApp, type TempApp } from '../support/temp-app.ts';

const K = 5;
const COMPLETERS = 60;

describeBackends('unlinkability after completion', (backend) => {
  let temp: TempApp;
  let surveyId: string;

  beforeEach(async () => {
    temp = await createTempApp({ backend, now: () => new Date('2026-11-30T10:00:00Z'), env: { RESULTS_MIN_CELL: String(K) } });
    const { catalog, definitions } = temp.app.services;
    const community = await catalog.ensureCommunity('discord', '900000000000000077', 'Attack', '2026-11-30');
    const definition = definitions.defaultDefinition();
    surveyId = (await catalog.openSurvey(community.id, definition.id, definition.version, '2026-11-30'))!.id;
  }, 60_000);
  afterEach(() => temp.cleanup());

  const member = (i: number) => ({ platform: 'discord', userId: `81234567890123${String(i).padStart(4, '0')}` });
  const keyOf = (i: number) => temp.app.keyring.participantKey(member(i), surveyId);

  function answerTo(prompt: Prompt, i: number): RawAnswer {
    if (prompt.itemCode === 'q27') return `marker-${i}-end`;
    const pick = prompt.options[(i * 7 + prompt.itemCode.length) % Math.max(1, prompt.options.length)]?.code ?? '';
    if (prompt.type === 'multi') return [pick];
    if (prompt.type === 'scale') return i % 11;
    return prompt.type === 'text' ? `note ${i}` : pick;
  }

  /** Answers until `stopAt` items are answered, or to the end. */
  async function take(i: number, stopAt = Infinity): Promise<void> {
    const { surveys } = temp.app.services;
    let step = await surveys.begin(member(i), surveyId, 'fr');
    for (let answered = 0; step.ok && step.value.kind === 'prompt' && answered < stopAt; answered++) {
      const { prompt } = step.value;
      step = await surveys.answer(member(i), surveyId, prompt.itemCode, answerTo(prompt, i), 'fr');
    }
    if (!step.ok) throw new Error(JSON.stringify(step.error));
  }

  /** Every byte the attacker can read, by file. */
  async function filesOnDisk(): Promise<Map<string, Buffer>> {
    await temp.app.store.maintenance.flush();
    const files = new Map<string, Buffer>();
    if (backend === 'sqlite') {
      const db = sqliteFilePath(temp.databaseUrl);
      for (const file of [db, `${db}-wal`, `${db}-shm`]) if (existsSync(file)) files.set(path.basename(file), readFileSync(file));
      return files;
    }
    const client = new pg.Client({ connectionString: temp.databaseUrl });
    await client.connect();
    try {
      await client.query('CHECKPOINT');
      const dataDirectory = (await client.query<{ setting: string }>("SELECT setting FROM pg_settings WHERE name = 'data_directory'")).rows[0]!.setting;
      const relations = await client.query<{ name: string; file: string }>(
        `SELECT c.relname AS name, pg_relation_filepath(c.oid) AS file FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname IN ('public', 'pg_toast') AND c.relkind IN ('r', 't', 'i') AND pg_relation_filepath(c.oid) IS NOT NULL`,
      );
      for (const { name, file } of relations.rows) {
        const full = path.join(dataDirectory, file);
        if (existsSync(full)) files.set(name, readFileSync(full));
      }
    } finally {
      await client.end();
    }
    return files;
  }

  function occurrences(haystack: Buffer, needle: string): number {
    let count = 0;
    for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) count++;
    return count;
  }

  it('releases completed responses in shuffled batches of K that do not follow completion order', { timeout: 120_000 }, async () => {
    for (let i = 0; i < COMPLETERS; i++) await take(i);
    await take(1000, 3);
    const tables = await readTables(temp.databaseUrl);
    expect(tables.get('PendingRelease')).toHaveLength(0);
    expect(tables.get('InProgressResponse')).toHaveLength(1);
    const released = tables.get('Response') ?? [];
    expect(released).toHaveLength(COMPLETERS);
    // The attacker's orderings: physical (rowid / ctid), id, and the stored days.
    const physical = await physicalOrder();
    const completionIndex = (row: Record<string, unknown>) => Number(/marker-(\d+)-end/.exec(String(row['answers']))?.[1]);
    const byBatch = new Map<number, Record<string, unknown>[]>();
    for (const row of released) byBatch.set(Number(row['batch']), [...(byBatch.get(Number(row['batch'])) ?? []), row]);
    expect([...byBatch.values()].map((rows) => rows.length)).toEqual(Array(COMPLETERS / K).fill(K));
    let hitsPhysical = 0;
    let hitsById = 0;
    const ranks: [number, number][] = [];
    for (const [batch, rows] of byBatch) {
      // Members of batch b are completers b*K … b*K+K-1 (batches go out in completion order).
      const first = (batch - 1) * K;
      expect(rows.map(completionIndex).sort((a, b) => a - b)).toEqual(Array.from({ length: K }, (_, j) => first + j));
      const inFile = [...rows].sort((a, b) => (physical.get(String(a['id'])) ?? 0) - (physical.get(String(b['id'])) ?? 0));
      const inIdOrder = [...rows].sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
      inFile.forEach((row, position) => {
        if (completionIndex(row) === first + position) hitsPhysical++;
        ranks.push([completionIndex(row) - first, position]);
      });
      inIdOrder.forEach((row, position) => completionIndex(row) === first + position && hitsById++);
      // One day for the whole batch: dates say nothing within it.
      expect(new Set(rows.map((row) => `${String(row['startedDay'])}/${String(row['completedDay'])}`)).size).toBe(1);
    }
    // Guessing "k-th in the file is the k-th to finish" hits one row per batch on average
    // (12 of 60 here, sd ≈ 3.5); in completion order it would hit all 60.
    expect(hitsPhysical).toBeLessThan(30);
    expect(hitsById).toBeLessThan(30);
    expect(Math.abs(spearman(ranks))).toBeLessThan(0.5);
  });

  it('leaves no completed member’s key anywhere but in the completion markers, in any file', { timeout: 120_000 }, async () => {
    for (let i = 0; i < 12; i++) await take(i);
    await take(500, 4);
    const files = await filesOnDisk();
    // The scan works: the member still answering is found beside their answers.
    expect([...files.values()].some((bytes) => occurrences(bytes, keyOf(500)) > 0)).toBe(true);
    for (let i = 0; i < 12; i++) {
      const where = [...files].filter(([, bytes]) => occurrences(bytes, keyOf(i)) > 0).map(([name]) => name);
      if (backend === 'sqlite') {
        // In the database file: the Completion row and its primary-key index, nothing else; never in the WAL.
        expect(occurrences(files.get('test.db')!, keyOf(i)), `member ${i}`).toBe(2);
        expect(where, `member ${i}`).toEqual(['test.db']);
      } else {
        expect(where.sort(), `member ${i}`).toEqual(['Completion', 'Completion_pkey']);
      }
    }
  });

  it('releases what is left when the survey closes: the pool joins the last batch, answers in progress go out unlinked', { timeout: 120_000 }, async () => {
    for (let i = 0; i < 8; i++) await take(i);
    await take(900, 5);
    await take(901, 2);
    await take(902, 0);
    let tables = await readTables(temp.databaseUrl);
    expect(tables.get('PendingRelease')).toHaveLength(3);
    expect(tables.get('InProgressResponse')).toHaveLength(3);
    await temp.app.services.catalog.closeSurvey(surveyId, '2026-12-01');
    tables = await readTables(temp.databaseUrl);
    expect(tables.get('PendingRelease')).toHaveLength(0);
    expect(tables.get('InProgressResponse')).toHaveLength(0);
    const released = tables.get('Response') ?? [];
    const complete = released.filter((row) => row['status'] === 'complete');
    expect(complete).toHaveLength(8);
    expect(complete.every((row) => Number(row['batch']) === 1)).toBe(true);
    // Two incomplete responses (the member who answered nothing leaves nothing), stopped where they were.
    const incomplete = released.filter((row) => row['status'] === 'in_progress');
    expect(incomplete.map((row) => Object.keys(JSON.parse(String(row['answers'])) as object).length).sort()).toEqual([2, 5]);
    expect(incomplete.every((row) => Number(row['batch']) === 2 && row['cursor'] !== null)).toBe(true);
    expect(await temp.app.services.catalog.countResponses(surveyId)).toEqual({ participants: 10, complete: 8 });
    const files = await filesOnDisk();
    for (const i of [900, 901, 902]) expect([...files.values()].some((bytes) => occurrences(bytes, keyOf(i)) > 0), `member ${i}`).toBe(false);
  });

  it('counts only released responses in results: live results change by whole batches', { timeout: 120_000 }, async () => {
    for (let i = 0; i < K - 1; i++) await take(i);
    let visited = 0;
    await temp.app.store.source.eachResponse(surveyId, () => visited++);
    expect(visited).toBe(0);
    await take(K - 1);
    await temp.app.store.source.eachResponse(surveyId, () => visited++);
    expect(visited).toBe(K);
  });

  /** Each released response's position in the table file (SQLite rowid, PostgreSQL ctid). */
  async function physicalOrder(): Promise<Map<string, number>> {
    if (backend === 'sqlite') {
      const rows = temp.app.store.connection.backend === 'sqlite' ? (temp.app.store.connection.db.prepare('SELECT id, rowid AS position FROM "Response"').all() as { id: string; position: number }[]) : [];
      return new Map(rows.map((row) => [row.id, row.position]));
    }
    if (temp.app.store.connection.backend !== 'postgresql') throw new Error('unreachable');
    const { rows } = await temp.app.store.connection.pool.query<{ id: string; block: string; item: string }>(
      `SELECT id, (ctid::text::point)[0]::bigint AS block, (ctid::text::point)[1]::bigint AS item FROM "Response"`,
    );
    return new Map(rows.map((row) => [row.id, Number(row.block) * 1_000_000 + Number(row.item)]));
  }
});

/** Spearman's rank correlation of paired ranks (no ties). */
function spearman(pairs: readonly [number, number][]): number {
  const n = pairs.length;
  const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
  const xs = pairs.map(([x]) => x);
  const ys = pairs.map(([, y]) => y);
  const [mx, my] = [mean(xs), mean(ys)];
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
