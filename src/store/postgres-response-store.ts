/**
 * The answer store on PostgreSQL through a `pg` pool: a load and a versioned UPDATE on any
 * pooled connection, so respondents proceed in parallel. The saves requested during one turn
 * of the event loop go out as one UPDATE … FROM unnest(…) statement: one round trip and one
 * commit (one WAL flush) for all of them. A completion is one statement sharing the survey
 * row; a release of the pool and a close are short transactions that hold it exclusively
 * (FOR NO KEY UPDATE: new responses may still start), so no completion is lost between them
 * and a pool is never released twice, whatever the instance.
 */
import type pg from 'pg';
import type { CreateOutcome, InProgressResponse, LoadedResponse, ResponseChange, ResponseStore, ResponseSurvey } from '../survey/ports.ts';
import { encodeChange, IN_PROGRESS_COLUMNS, poolId, releaseId, shouldRelease, shuffled, toLoaded, toSurvey, type InProgressRow } from './response-rows.ts';
import { NO_MAINTENANCE, type MaintenanceNotices } from './maintenance.ts';
import type { SurveyReleases } from './releases.ts';
import { inPostgresTransaction } from './postgres-transaction.ts';

const LOAD = `SELECT ${IN_PROGRESS_COLUMNS} FROM "InProgressResponse" r JOIN "Survey" s ON s."id" = r."surveyId" WHERE r."participantKey" = $1`;
/**
 * The queued saves in one statement. Their rows are locked first, in key order: the update
 * alone locked them in whatever order its join met them, and two batches in flight at once
 * holding the same keys (a delivery and its redelivery) deadlocked when the plans differed
 * (seen once in CI, under load).
 */
const SAVE_MANY = `WITH v AS MATERIALIZED (
    SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamp[])
      AS v(key, version, answers, cursor, draft, delivery, day, activity)),
  locked AS MATERIALIZED (SELECT "participantKey" AS key FROM "InProgressResponse"
    WHERE "participantKey" IN (SELECT key FROM v) ORDER BY "participantKey" FOR UPDATE)
  UPDATE "InProgressResponse" AS r SET "answers" = v.answers, "cursor" = v.cursor, "draft" = v.draft,
    "lastDeliveryKey" = v.delivery, "updatedDay" = v.day, "lastActivityAt" = v.activity, "version" = r."version" + 1
  FROM v JOIN locked USING (key)
  WHERE r."participantKey" = v.key AND r."version" = v.version
  RETURNING r."participantKey"`;

/** One count of a survey's pool, followed by a release when it holds a batch. */
interface ReleasePass {
  counted: boolean;
  done: Promise<void>;
}

interface QueuedSave {
  readonly key: string;
  readonly version: number;
  readonly values: ReturnType<typeof encodeChange>;
  readonly settle: (outcome: { ok: true; value: boolean } | { ok: false; error: unknown }) => void;
}
/**
 * Completion in one auto-committed statement: delete the in-progress row if its version still
 * matches, mark the key completed, pool the answers with no key. It holds the survey row FOR
 * SHARE, so completions never wait for one another, only for a release or a close (which
 * take it exclusively): neither can empty the pool while a completion is adding to it.
 */
const COMPLETE = `WITH locked AS (SELECT 1 FROM "Survey" WHERE "id" = $2 FOR SHARE),
  gone AS (DELETE FROM "InProgressResponse" WHERE "participantKey" = $1 AND "version" = $3 AND EXISTS (SELECT 1 FROM locked) RETURNING 1),
  marked AS (INSERT INTO "Completion" ("participantKey", "surveyId") SELECT $1, $2 FROM gone RETURNING 1),
  pooled AS (INSERT INTO "PendingRelease" ("id", "surveyId", "answers") SELECT $4, $2, $5 FROM gone RETURNING 1)
  SELECT (SELECT count(*) FROM gone) AS unlinked, (SELECT count(*) FROM marked) AS marked, (SELECT count(*) FROM pooled) AS added`;
/**
 * The pool's size as committed now. Read after the completion committed, a statement of its
 * own: two completions that commit at the same moment each see the other's row, so the last
 * one to finish always sees the full pool (a count inside the completion could not).
 */
const POOL_SIZE = 'SELECT count(*) AS pooled FROM "PendingRelease" WHERE "surveyId" = $1';
const LOCK_SURVEY = 'SELECT 1 FROM "Survey" WHERE "id" = $1 FOR NO KEY UPDATE';
const POOL_ROWS = 'SELECT "id", "answers" FROM "PendingRelease" WHERE "surveyId" = $1';
/**
 * One release in one statement: the chosen pool rows leave the pool and enter Response in the
 * order given ($2, already shuffled), with fresh ids ($3), as the survey's next batch.
 */
const RELEASE_BATCH = `WITH gone AS (DELETE FROM "PendingRelease" WHERE "id" = ANY($2::text[]) RETURNING "id", "answers"),
  batch AS (UPDATE "Survey" SET "releasedBatches" = "releasedBatches" + 1 WHERE "id" = $1 RETURNING "releasedBatches")
  INSERT INTO "Response" ("id", "surveyId", "status", "cursor", "answers", "batch", "startedDay", "completedDay")
  SELECT v.fresh, $1, 'complete', NULL, gone."answers", (SELECT "releasedBatches" FROM batch), $4, $4
  FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS v(pooled, fresh, position) JOIN gone ON gone."id" = v.pooled
  ORDER BY v.position`;
const RELEASE = `INSERT INTO "Response" ("id", "surveyId", "status", "cursor", "answers", "batch", "startedDay", "completedDay")
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[])`;

export class PostgresResponseStore implements ResponseStore, SurveyReleases {
  private queued: QueuedSave[] = [];
  private readonly releasePasses = new Map<string, { current: ReleasePass | null; next: ReleasePass | null }>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly batchSize: number,
    /** Told of every unlink (to clear its dead tuples) and of every write (to find a quiet moment). */
    private readonly maintenance: MaintenanceNotices = NO_MAINTENANCE,
    private readonly onReleaseError: (error: unknown) => void = () => undefined,
  ) {}

  async survey(surveyId: string): Promise<ResponseSurvey | null> {
    const { rows } = await this.pool.query<{ status: string; definitionId: string; definitionVersion: number }>({
      name: 'confreres_survey',
      text: 'SELECT "status", "definitionId", "definitionVersion" FROM "Survey" WHERE "id" = $1',
      values: [surveyId],
    });
    return rows[0] ? toSurvey(rows[0]) : null;
  }

  async load(participantKey: string): Promise<LoadedResponse | null> {
    const { rows } = await this.pool.query<InProgressRow>({ name: 'confreres_load', text: LOAD, values: [participantKey] });
    return rows[0] ? toLoaded(rows[0]) : null;
  }

  async hasCompleted(participantKey: string): Promise<boolean> {
    const { rowCount } = await this.pool.query({ name: 'confreres_completed', text: 'SELECT 1 FROM "Completion" WHERE "participantKey" = $1', values: [participantKey] });
    return (rowCount ?? 0) > 0;
  }

  async create(participantKey: string, surveyId: string, cursor: string | null, day: string, activityAt?: Date): Promise<CreateOutcome> {
    // One statement: inserted unless the key has completed (then nothing), or already has a row.
    const { rowCount } = await this.pool.query(
      `INSERT INTO "InProgressResponse" ("participantKey", "surveyId", "cursor", "startedDay", "updatedDay", "lastActivityAt")
       SELECT $1, $2, $3, $4, $4, $5::timestamp WHERE NOT EXISTS (SELECT 1 FROM "Completion" WHERE "participantKey" = $1)
       ON CONFLICT DO NOTHING`,
      [participantKey, surveyId, cursor, day, activityAt?.toISOString() ?? null],
    );
    if ((rowCount ?? 0) === 1) return 'created';
    return (await this.hasCompleted(participantKey)) ? 'completed' : 'exists';
  }

  save(participantKey: string, previous: InProgressResponse, change: ResponseChange): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      const values = encodeChange(previous, change);
      this.queued.push({ key: participantKey, version: previous.version, values, settle: (o) => (o.ok ? resolve(o.value) : reject(o.error)) });
      if (this.queued.length === 1) setImmediate(() => void this.saveQueued());
    });
  }

  /**
   * Writes the queued saves in one statement. A key queued twice in one batch (two deliveries
   * racing) is written once: the later callers are told of a concurrent change and read again.
   */
  private async saveQueued(): Promise<void> {
    const batch = this.queued;
    this.queued = [];
    this.maintenance.wrote();
    const first = new Map<string, QueuedSave>();
    for (const item of batch) if (!first.has(item.key)) first.set(item.key, item);
    const unique = [...first.values()];
    try {
      const { rows } = await this.pool.query<{ participantKey: string }>({
        name: 'confreres_save_many',
        text: SAVE_MANY,
        values: [
          unique.map((q) => q.key),
          unique.map((q) => q.version),
          unique.map((q) => q.values.answers),
          unique.map((q) => q.values.cursor),
          unique.map((q) => q.values.draft),
          unique.map((q) => q.values.lastDeliveryKey),
          unique.map((q) => q.values.day),
          unique.map((q) => q.values.activityAt?.toISOString() ?? null),
        ],
      });
      const written = new Set(rows.map((row) => row.participantKey));
      for (const item of batch) item.settle({ ok: true, value: first.get(item.key) === item && written.has(item.key) });
    } catch (error) {
      for (const item of batch) item.settle({ ok: false, error });
    }
  }

  async complete(participantKey: string, previous: InProgressResponse, change: ResponseChange): Promise<boolean> {
    const { rows } = await this.pool.query<{ unlinked: string }>({
      name: 'confreres_complete',
      text: COMPLETE,
      values: [participantKey, previous.surveyId, previous.version, poolId(), JSON.stringify(change.answers)],
    });
    if (Number(rows[0]?.unlinked ?? 0) !== 1) return false;
    this.maintenance.requested();
    // The completion is committed whatever happens next: a release that fails leaves the pool
    // whole, for the next completion or the close to release.
    await this.releaseIfFull(previous.surveyId, change.day).catch((error: unknown) => this.onReleaseError(error));
    return true;
  }

  /**
   * Releases the pool's whole batches, one pass (count, then release if a batch is there) at a
   * time per survey in this process, instead of every completion queueing on the survey row.
   * A completion joins a pass that has not counted yet, else the pass after the one under way
   * (that one may have counted before this completion's row was committed): each completion
   * waits for a count made after it, and for no more than that.
   */
  private releaseIfFull(surveyId: string, day: string): Promise<void> {
    let passes = this.releasePasses.get(surveyId);
    if (!passes) {
      passes = { current: null, next: null };
      this.releasePasses.set(surveyId, passes);
    }
    if (passes.next) return passes.next.done;
    if (passes.current && !passes.current.counted) return passes.current.done;
    const state = passes;
    const previous = state.current?.done;
    const pass: ReleasePass = { counted: false, done: Promise.resolve() };
    if (state.current) state.next = pass;
    else state.current = pass;
    pass.done = (async () => {
      await previous?.catch(() => undefined);
      state.current = pass;
      if (state.next === pass) state.next = null;
      try {
        pass.counted = true;
        if (shouldRelease(await this.poolSize(surveyId), this.batchSize)) await this.releaseWholeBatches(surveyId, day);
      } finally {
        if (state.current === pass && state.next === null) this.releasePasses.delete(surveyId);
      }
    })();
    return pass.done;
  }

  private async poolSize(surveyId: string): Promise<number> {
    const { rows } = await this.pool.query<{ pooled: string }>({ name: 'confreres_pool_size', text: POOL_SIZE, values: [surveyId] });
    return Number(rows[0]?.pooled ?? 0);
  }

  /**
   * Releases whole batches from the pool once the survey row is held exclusively (another
   * instance may have emptied it meanwhile). Completions that committed together can leave
   * more than a batch in the pool: a uniformly chosen multiple of the batch size goes, the rest
   * waits for the next completions, so live results move by whole batches.
   */
  private async releaseWholeBatches(surveyId: string, day: string): Promise<void> {
    await this.inTransaction(async (client) => {
      await client.query({ name: 'confreres_lock_survey', text: LOCK_SURVEY, values: [surveyId] });
      const { rows } = await client.query<{ id: string; answers: string }>({ name: 'confreres_pool', text: POOL_ROWS, values: [surveyId] });
      const whole = rows.length - (rows.length % this.batchSize);
      if (!shouldRelease(whole, this.batchSize)) return;
      const chosen = shuffled(rows).slice(0, whole);
      await client.query({
        name: 'confreres_release_batch',
        text: RELEASE_BATCH,
        values: [surveyId, chosen.map((row) => row.id), chosen.map(() => releaseId()), day],
      });
    });
  }

  async discard(participantKey: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM "InProgressResponse" WHERE "participantKey" = $1', [participantKey]);
    const deleted = (rowCount ?? 0) > 0;
    if (deleted) this.maintenance.requested();
    return deleted;
  }

  async setReminderAddress(participantKey: string, sealedAddress: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE "InProgressResponse" SET "encryptedAddress" = $1 WHERE "participantKey" = $2', [sealedAddress, participantKey]);
    return (rowCount ?? 0) > 0;
  }

  async setRemindersOff(participantKey: string, off: boolean): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE "InProgressResponse" SET "remindersOff" = $1 WHERE "participantKey" = $2', [off, participantKey]);
    return (rowCount ?? 0) > 0;
  }

  async closeSurvey(surveyId: string, day: string): Promise<void> {
    await this.inTransaction(async (client) => {
      const survey = await client.query<{ releasedBatches: number }>(
        `UPDATE "Survey" SET "status" = 'closed', "closedDay" = $1 WHERE "id" = $2 RETURNING "releasedBatches"`,
        [day, surveyId],
      );
      const last = survey.rows[0]?.releasedBatches ?? 0;
      if (last > 0) await this.releasePool(client, surveyId, day, last);
      const incomplete = await client.query<{ answers: string; cursor: string | null }>(
        `SELECT "answers", "cursor" FROM "InProgressResponse" WHERE "surveyId" = $1 AND "answers" <> '{}' FOR UPDATE`,
        [surveyId],
      );
      if (incomplete.rows.length > 0) {
        const batch = await this.newBatch(client, surveyId);
        await insertReleased(client, surveyId, 'in_progress', shuffled(incomplete.rows), batch, day);
      }
      await client.query('DELETE FROM "InProgressResponse" WHERE "surveyId" = $1', [surveyId]);
    });
    this.maintenance.requested();
  }

  private async newBatch(client: pg.PoolClient, surveyId: string): Promise<number> {
    const { rows } = await client.query<{ releasedBatches: number }>(
      'UPDATE "Survey" SET "releasedBatches" = "releasedBatches" + 1 WHERE "id" = $1 RETURNING "releasedBatches"',
      [surveyId],
    );
    if (!rows[0]) throw new Error('The survey of a released batch no longer exists');
    return rows[0].releasedBatches;
  }

  /** The whole pool into `batch` (at close). */
  private async releasePool(client: pg.PoolClient, surveyId: string, day: string, batch: number): Promise<void> {
    const pooled = await client.query<{ answers: string }>('DELETE FROM "PendingRelease" WHERE "surveyId" = $1 RETURNING "answers"', [surveyId]);
    await insertReleased(client, surveyId, 'complete', shuffled(pooled.rows.map((r) => ({ answers: r.answers, cursor: null }))), batch, day);
  }

  private inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return inPostgresTransaction(this.pool, work);
  }
}

/** Inserts released rows in the given (shuffled) order, in one statement. */
async function insertReleased(
  client: pg.PoolClient,
  surveyId: string,
  status: 'complete' | 'in_progress',
  rows: readonly { answers: string; cursor: string | null }[],
  batch: number,
  day: string,
): Promise<void> {
  if (rows.length === 0) return;
  const n = rows.length;
  await client.query(RELEASE, [
    rows.map(() => releaseId()),
    Array<string>(n).fill(surveyId),
    Array<string>(n).fill(status),
    rows.map((r) => r.cursor),
    rows.map((r) => r.answers),
    Array<number>(n).fill(batch),
    Array<string>(n).fill(day),
    Array<string | null>(n).fill(status === 'complete' ? day : null),
  ]);
}
