/**
 * The answer store on PostgreSQL through a `pg` pool: a load and a versioned UPDATE, each a
 * single auto-committed statement on any pooled connection, so respondents proceed in
 * parallel; completion and closing are short transactions that lock the survey row first
 * (FOR NO KEY UPDATE: new responses may still start), so two completions never release the
 * same pool twice, whatever the instance.
 */
import type pg from 'pg';
import type { CreateOutcome, InProgressResponse, LoadedResponse, ResponseChange, ResponseStore } from '../survey/ports.ts';
import { encodeChange, IN_PROGRESS_COLUMNS, poolId, releaseId, shouldRelease, shuffled, toLoaded, type InProgressRow } from './response-rows.ts';
import type { SurveyReleases } from './releases.ts';

const LOAD = `SELECT ${IN_PROGRESS_COLUMNS} FROM "InProgressResponse" r JOIN "Survey" s ON s."id" = r."surveyId" WHERE r."participantKey" = $1`;
const SAVE = `UPDATE "InProgressResponse" SET "answers" = $1, "cursor" = $2, "draft" = $3, "lastDeliveryKey" = $4, "updatedDay" = $5,
  "lastActivityAt" = $6, "version" = "version" + 1 WHERE "participantKey" = $7 AND "version" = $8`;
const RELEASE = `INSERT INTO "Response" ("id", "surveyId", "status", "cursor", "answers", "batch", "startedDay", "completedDay")
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[])`;

export class PostgresResponseStore implements ResponseStore, SurveyReleases {
  constructor(
    private readonly pool: pg.Pool,
    private readonly batchSize: number,
    private readonly afterUnlink: () => void = () => undefined,
  ) {}

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
       SELECT $1, $2, $3, $4, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM "Completion" WHERE "participantKey" = $1)
       ON CONFLICT DO NOTHING`,
      [participantKey, surveyId, cursor, day, activityAt ?? null],
    );
    if ((rowCount ?? 0) === 1) return 'created';
    return (await this.hasCompleted(participantKey)) ? 'completed' : 'exists';
  }

  async save(participantKey: string, previous: InProgressResponse, change: ResponseChange): Promise<boolean> {
    const v = encodeChange(previous, change);
    const { rowCount } = await this.pool.query({
      name: 'confreres_save',
      text: SAVE,
      values: [v.answers, v.cursor, v.draft, v.lastDeliveryKey, v.day, v.activityAt, participantKey, previous.version],
    });
    return rowCount === 1;
  }

  async complete(participantKey: string, previous: InProgressResponse, change: ResponseChange): Promise<boolean> {
    const done = await this.inTransaction(async (client) => {
      await client.query('SELECT 1 FROM "Survey" WHERE "id" = $1 FOR NO KEY UPDATE', [previous.surveyId]);
      const unlinked = await client.query('DELETE FROM "InProgressResponse" WHERE "participantKey" = $1 AND "version" = $2', [participantKey, previous.version]);
      if (unlinked.rowCount !== 1) return false;
      await client.query('INSERT INTO "Completion" ("participantKey", "surveyId") VALUES ($1, $2)', [participantKey, previous.surveyId]);
      await client.query('INSERT INTO "PendingRelease" ("id", "surveyId", "answers") VALUES ($1, $2, $3)', [poolId(), previous.surveyId, JSON.stringify(change.answers)]);
      const pooled = await client.query<{ n: string }>('SELECT count(*) AS n FROM "PendingRelease" WHERE "surveyId" = $1', [previous.surveyId]);
      if (shouldRelease(Number(pooled.rows[0]?.n ?? 0), this.batchSize)) {
        await this.releasePool(client, previous.surveyId, change.day, await this.newBatch(client, previous.surveyId));
      }
      return true;
    });
    if (done) this.afterUnlink();
    return done;
  }

  async discard(participantKey: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM "InProgressResponse" WHERE "participantKey" = $1', [participantKey]);
    const deleted = (rowCount ?? 0) > 0;
    if (deleted) this.afterUnlink();
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
    this.afterUnlink();
  }

  private async newBatch(client: pg.PoolClient, surveyId: string): Promise<number> {
    const { rows } = await client.query<{ releasedBatches: number }>(
      'UPDATE "Survey" SET "releasedBatches" = "releasedBatches" + 1 WHERE "id" = $1 RETURNING "releasedBatches"',
      [surveyId],
    );
    if (!rows[0]) throw new Error('The survey of a released batch no longer exists');
    return rows[0].releasedBatches;
  }

  private async releasePool(client: pg.PoolClient, surveyId: string, day: string, batch: number): Promise<void> {
    const pooled = await client.query<{ answers: string }>('DELETE FROM "PendingRelease" WHERE "surveyId" = $1 RETURNING "answers"', [surveyId]);
    await insertReleased(client, surveyId, 'complete', shuffled(pooled.rows.map((r) => ({ answers: r.answers, cursor: null }))), batch, day);
  }

  private async inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
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
