/**
 * The answer store on SQLite: prepared better-sqlite3 statements and a version check instead
 * of an interactive transaction. A statement costs microseconds; Prisma's query path costs
 * 0.3–1 ms, which is why the hot path does not use it.
 *
 * Writes are group-committed: the writes requested during one turn of the event loop run in
 * one IMMEDIATE transaction (each in its own savepoint, so one failing write fails alone),
 * and each caller learns its outcome once that transaction has committed. The commit is what
 * costs (a WAL append and the write lock), so many respondents answering at once share it.
 * IMMEDIATE takes the write lock up front: a second process waits on the busy timeout instead
 * of failing with SQLITE_BUSY_SNAPSHOT.
 */
import type Sqlite from 'better-sqlite3';
import type { CreateOutcome, InProgressResponse, LoadedResponse, ResponseChange, ResponseStore, ResponseSurvey } from '../survey/ports.ts';
import { encodeChange, IN_PROGRESS_COLUMNS, poolId, releaseId, shouldRelease, shuffled, toLoaded, toSurvey, type InProgressRow } from './response-rows.ts';
import { NO_MAINTENANCE, type MaintenanceNotices } from './maintenance.ts';
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
  private readonly groupCommit;
  private loads: { key: string; resolve: (loaded: LoadedResponse | null) => void; reject: (error: unknown) => void }[] = [];
  private readonly readMany: (keys: readonly string[]) => (InProgressRow | undefined)[];
  private queued: { run: () => unknown; settle: (outcome: { ok: true; value: unknown } | { ok: false; error: unknown }) => void }[] = [];

  /**
   * @param batchSize completed responses released together (RESULTS_MIN_CELL)
   * @param maintenance told after a commit that deleted a link (completion, /forget, close),
   *   so that it clears the WAL of the deleted row soon after, and of every commit, so that it
   *   does so at a quiet moment
   */
  constructor(
    private readonly db: Sqlite.Database,
    private readonly batchSize: number,
    private readonly maintenance: MaintenanceNotices = NO_MAINTENANCE,
  ) {
    this.statements = {
      load: db.prepare<[string], InProgressRow>(
        `SELECT ${IN_PROGRESS_COLUMNS} FROM "InProgressResponse" r JOIN "Survey" s ON s."id" = r."surveyId" WHERE r."participantKey" = ?`,
      ),
      survey: db.prepare<[string], { status: string; definitionId: string; definitionVersion: number }>(
        'SELECT "status", "definitionId", "definitionVersion" FROM "Survey" WHERE "id" = ?',
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
    this.readMany = db.transaction((keys: readonly string[]) => keys.map((key) => this.statements.load.get(key)));
    // A queued write that fails rolls back alone and the others still commit: a write of one
    // statement is undone by SQLite itself (statement rollback), and a write of several is a
    // better-sqlite3 transaction, which nested here runs in its own savepoint.
    this.groupCommit = db.transaction((batch: readonly { run: () => unknown }[], outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[]) => {
      for (const item of batch) {
        try {
          outcomes.push({ ok: true, value: item.run() });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    });
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

  async survey(surveyId: string): Promise<ResponseSurvey | null> {
    const row = this.statements.survey.get(surveyId);
    return row ? toSurvey(row) : null;
  }

  /**
   * Loads requested during one turn of the event loop share one read transaction: opening a
   * read snapshot of the WAL is most of what a single-row SELECT costs.
   */
  load(participantKey: string): Promise<LoadedResponse | null> {
    return new Promise((resolve, reject) => {
      this.loads.push({ key: participantKey, resolve, reject });
      if (this.loads.length === 1) setImmediate(() => this.loadQueued());
    });
  }

  private loadQueued(): void {
    const batch = this.loads;
    this.loads = [];
    let rows: (InProgressRow | undefined)[];
    try {
      rows = this.readMany(batch.map((item) => item.key));
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const row = rows[i];
      item.resolve(row ? toLoaded(row) : null);
    });
  }

  async hasCompleted(participantKey: string): Promise<boolean> {
    return this.statements.completed.get(participantKey) !== undefined;
  }

  create(participantKey: string, surveyId: string, cursor: string | null, day: string, activityAt?: Date): Promise<CreateOutcome> {
    const at = sqliteTime(activityAt);
    return this.write(() => this.createTransaction(participantKey, surveyId, cursor, day, at));
  }

  save(participantKey: string, previous: InProgressResponse, change: ResponseChange): Promise<boolean> {
    const v = encodeChange(previous, change);
    const activityAt = sqliteTime(v.activityAt);
    return this.write(
      () => this.statements.save.run(v.answers, v.cursor, v.draft, v.lastDeliveryKey, v.day, activityAt, participantKey, previous.version).changes === 1,
    );
  }

  async complete(participantKey: string, previous: InProgressResponse, change: ResponseChange): Promise<boolean> {
    const answers = JSON.stringify(change.answers);
    const done = await this.write(() => this.completeTransaction(participantKey, previous, answers, change.day));
    if (done) this.maintenance.requested();
    return done;
  }

  async discard(participantKey: string): Promise<boolean> {
    const deleted = await this.write(() => this.statements.discard.run(participantKey).changes > 0);
    if (deleted) this.maintenance.requested();
    return deleted;
  }

  setReminderAddress(participantKey: string, sealedAddress: string): Promise<boolean> {
    return this.write(() => this.statements.address.run(sealedAddress, participantKey).changes > 0);
  }

  setRemindersOff(participantKey: string, off: boolean): Promise<boolean> {
    return this.write(() => this.statements.remindersOff.run(off ? 1 : 0, participantKey).changes > 0);
  }

  async closeSurvey(surveyId: string, day: string): Promise<void> {
    await this.write(() => this.closeTransaction(surveyId, day));
    this.maintenance.requested();
  }

  /**
   * Queues a write for the next group commit; resolves once it is committed. `run` executes one
   * statement, or is a `db.transaction` (so that failing halfway it leaves nothing behind).
   */
  private write<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queued.push({ run, settle: (outcome) => (outcome.ok ? resolve(outcome.value as T) : reject(outcome.error)) });
      if (this.queued.length === 1) setImmediate(() => this.commitQueued());
    });
  }

  private commitQueued(): void {
    const batch = this.queued;
    this.queued = [];
    this.maintenance.wrote();
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.groupCommit.immediate(batch, outcomes);
    } catch (error) {
      // The commit itself failed (the busy timeout ran out): nothing of the batch was written.
      for (const item of batch) item.settle({ ok: false, error });
      return;
    }
    batch.forEach((item, i) => item.settle(outcomes[i] ?? { ok: false, error: new Error('write not run') }));
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
