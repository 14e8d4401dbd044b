/**
 * The answer store on SQLite: prepared better-sqlite3 statements, each write one short
 * IMMEDIATE transaction (the write lock is taken up front, so a second process waits on the
 * busy timeout instead of failing with SQLITE_BUSY_SNAPSHOT), and a version check instead of
 * an interactive transaction. A statement costs microseconds; Prisma's query path costs
 * 0.3–1 ms, which is why the hot path does not use it.
 */
import type Sqlite from 'better-sqlite3';
import type { CreateOutcome, InProgressResponse, LoadedResponse, ResponseChange, ResponseStore } from '../survey/ports.ts';
import { encodeChange, IN_PROGRESS_COLUMNS, poolId, releaseId, shouldRelease, shuffled, toLoaded, type InProgressRow } from './response-rows.ts';
import type { SurveyReleases } from './releases.ts';

/** DATETIME text as Prisma writes it in SQLite, so the cold paths read it back alike. */
function sqliteTime(date: Date | null | undefined): string | null {
  return date ? date.toISOString().replace(/Z$/, '+00:00') : null;
}

export class SqliteResponseStore implements ResponseStore, SurveyReleases {
  private readonly statements;
  private readonly completeTransaction;
  private readonly closeTransaction;
  private readonly createTransaction;

  /**
   * @param batchSize completed responses released together (RESULTS_MIN_CELL)
   * @param afterUnlink called after a commit that deleted a link (completion, /forget, close),
   *   so that maintenance can clear the WAL of the deleted row soon after
   */
  constructor(
    private readonly db: Sqlite.Database,
    private readonly batchSize: number,
    private readonly afterUnlink: () => void = () => undefined,
  ) {
    this.statements = {
      load: db.prepare<[string], InProgressRow>(
        `SELECT ${IN_PROGRESS_COLUMNS} FROM "InProgressResponse" r JOIN "Survey" s ON s."id" = r."surveyId" WHERE r."participantKey" = ?`,
      ),
      completed: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM "Completion" WHERE "participantKey" = ?'),
      insert: db.prepare(
        `INSERT INTO "InProgressResponse" ("participantKey", "surveyId", "cursor", "startedDay", "updatedDay", "lastActivityAt")
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      ),
      save: db.prepare(
        `UPDATE "InProgressResponse" SET "answers" = ?, "cursor" = ?, "draft" = ?, "lastDeliveryKey" = ?, "updatedDay" = ?,
           "lastActivityAt" = ?, "version" = "version" + 1
         WHERE "participantKey" = ? AND "version" = ?`,
      ),
      unlink: db.prepare('DELETE FROM "InProgressResponse" WHERE "participantKey" = ? AND "version" = ?'),
      discard: db.prepare('DELETE FROM "InProgressResponse" WHERE "participantKey" = ?'),
      markCompleted: db.prepare('INSERT INTO "Completion" ("participantKey", "surveyId") VALUES (?, ?)'),
      pool: db.prepare('INSERT INTO "PendingRelease" ("id", "surveyId", "answers") VALUES (?, ?, ?)'),
      poolSize: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM "PendingRelease" WHERE "surveyId" = ?'),
      poolRows: db.prepare<[string], { answers: string }>('SELECT "answers" FROM "PendingRelease" WHERE "surveyId" = ?'),
      emptyPool: db.prepare('DELETE FROM "PendingRelease" WHERE "surveyId" = ?'),
      nextBatch: db.prepare<[string], { releasedBatches: number }>(
        'UPDATE "Survey" SET "releasedBatches" = "releasedBatches" + 1 WHERE "id" = ? RETURNING "releasedBatches"',
      ),
      lastBatch: db.prepare<[string], { releasedBatches: number }>('SELECT "releasedBatches" FROM "Survey" WHERE "id" = ?'),
      release: db.prepare(
        `INSERT INTO "Response" ("id", "surveyId", "status", "cursor", "answers", "batch", "startedDay", "completedDay")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      markClosed: db.prepare(`UPDATE "Survey" SET "status" = 'closed', "closedDay" = ? WHERE "id" = ?`),
      inProgressOf: db.prepare<[string], { answers: string; cursor: string | null }>(
        `SELECT "answers", "cursor" FROM "InProgressResponse" WHERE "surveyId" = ? AND "answers" <> '{}'`,
      ),
      dropInProgress: db.prepare('DELETE FROM "InProgressResponse" WHERE "surveyId" = ?'),
      address: db.prepare('UPDATE "InProgressResponse" SET "encryptedAddress" = ? WHERE "participantKey" = ?'),
      remindersOff: db.prepare('UPDATE "InProgressResponse" SET "remindersOff" = ? WHERE "participantKey" = ?'),
    };
    this.createTransaction = db.transaction((key: string, surveyId: string, cursor: string | null, day: string, activityAt: string | null): CreateOutcome => {
      if (this.statements.completed.get(key)) return 'completed';
      return this.statements.insert.run(key, surveyId, cursor, day, day, activityAt).changes === 1 ? 'created' : 'exists';
    });
    this.completeTransaction = db.transaction((key: string, previous: InProgressResponse, answers: string, day: string): boolean => {
      if (this.statements.unlink.run(key, previous.version).changes !== 1) return false;
      this.statements.markCompleted.run(key, previous.surveyId);
      this.statements.pool.run(poolId(), previous.surveyId, answers);
      const pooled = this.statements.poolSize.get(previous.surveyId)?.n ?? 0;
      if (shouldRelease(pooled, this.batchSize)) this.releasePool(previous.surveyId, day, this.newBatch(previous.surveyId));
      return true;
    });
    this.closeTransaction = db.transaction((surveyId: string, day: string) => {
      this.statements.markClosed.run(day, surveyId);
      // The pool joins the last batch released, so that it hides among at least a batch.
      const last = this.statements.lastBatch.get(surveyId)?.releasedBatches ?? 0;
      if (last > 0) this.releasePool(surveyId, day, last);
      const incomplete = this.statements.inProgressOf.all(surveyId);
      if (incomplete.length > 0) {
        const batch = this.newBatch(surveyId);
        for (const row of shuffled(incomplete)) {
          this.statements.release.run(releaseId(), surveyId, 'in_progress', row.cursor, row.answers, batch, day, null);
        }
      }
      this.statements.dropInProgress.run(surveyId);
    });
  }

  async load(participantKey: string): Promise<LoadedResponse | null> {
    const row = this.statements.load.get(participantKey);
    return row ? toLoaded(row) : null;
  }

  async hasCompleted(participantKey: string): Promise<boolean> {
    return this.statements.completed.get(participantKey) !== undefined;
  }

  async create(participantKey: string, surveyId: string, cursor: string | null, day: string, activityAt?: Date): Promise<CreateOutcome> {
    return this.createTransaction.immediate(participantKey, surveyId, cursor, day, sqliteTime(activityAt));
  }

  async save(participantKey: string, previous: InProgressResponse, change: ResponseChange): Promise<boolean> {
    const v = encodeChange(previous, change);
    const result = this.statements.save.run(v.answers, v.cursor, v.draft, v.lastDeliveryKey, v.day, sqliteTime(v.activityAt), participantKey, previous.version);
    return result.changes === 1;
  }

  async complete(participantKey: string, previous: InProgressResponse, change: ResponseChange): Promise<boolean> {
    const done = this.completeTransaction.immediate(participantKey, previous, JSON.stringify(change.answers), change.day);
    if (done) this.afterUnlink();
    return done;
  }

  async discard(participantKey: string): Promise<boolean> {
    const deleted = this.statements.discard.run(participantKey).changes > 0;
    if (deleted) this.afterUnlink();
    return deleted;
  }

  async setReminderAddress(participantKey: string, sealedAddress: string): Promise<boolean> {
    return this.statements.address.run(sealedAddress, participantKey).changes > 0;
  }

  async setRemindersOff(participantKey: string, off: boolean): Promise<boolean> {
    return this.statements.remindersOff.run(off ? 1 : 0, participantKey).changes > 0;
  }

  async closeSurvey(surveyId: string, day: string): Promise<void> {
    this.closeTransaction.immediate(surveyId, day);
    this.afterUnlink();
  }

  private newBatch(surveyId: string): number {
    const row = this.statements.nextBatch.get(surveyId);
    if (!row) throw new Error('The survey of a released batch no longer exists');
    return row.releasedBatches;
  }

  /** Moves the whole pool to Response in shuffled order with fresh ids, stamped with `day`. */
  private releasePool(surveyId: string, day: string, batch: number): void {
    for (const row of shuffled(this.statements.poolRows.all(surveyId))) {
      this.statements.release.run(releaseId(), surveyId, 'complete', null, row.answers, batch, day, day);
    }
    this.statements.emptyPool.run(surveyId);
  }
}
