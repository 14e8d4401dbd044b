/**
 * Makes deleted links physically gone soon after they are deleted (anonymity: the holder of
 * a copy of the files must not find a completed respondent's key beside their answers).
 * - SQLite: rows are zeroed in place (`secure_delete`), but the WAL still holds the page
 *   images written before the delete; a TRUNCATE checkpoint copies the pages back and empties
 *   the WAL file.
 * - PostgreSQL: a deleted or updated row stays in the table file as a dead tuple until the
 *   table is rewritten; VACUUM FULL of the two tables that ever hold a key beside answers
 *   rewrites them into new files. It holds an exclusive lock on the answer table while it
 *   runs, so it gives up at once when answers are being written (lock_timeout) and retries.
 *
 * Either pass stops every answer for a few milliseconds (the checkpoint's fsync runs on the
 * event loop; VACUUM FULL locks the table). Run after every completion, that stall lands on
 * more than one answer in a hundred under load. So a pass waits for a quiet moment (no write
 * for `quietMs`), but never longer than `maxDelayMs` after the first unlink it clears: under
 * steady load the stall comes once per `maxDelayMs`, and the remnants live at most that long.
 */
import type Sqlite from 'better-sqlite3';
import type pg from 'pg';
import { SqliteCheckpointer } from './sqlite-checkpointer.ts';
import { SQLITE_BUSY_TIMEOUT_MS } from './sql-connection.ts';

export interface UnlinkMaintenance {
  /** A link was deleted: clear its remnants soon. */
  requested(): void;
  /** Answers were written: not a quiet moment (cheap: a timestamp). */
  wrote(): void;
  /** Clears every remnant now (at shutdown, and in tests before inspecting the files). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}


/** When to run a pass: at a quiet moment after a request, or at the latest `maxDelayMs` after it. */
export interface MaintenanceTiming {
  readonly quietMs: number;
  readonly maxDelayMs: number;
}

export const SQLITE_TIMING: MaintenanceTiming = { quietMs: 200, maxDelayMs: 10_000 };
export const POSTGRES_TIMING: MaintenanceTiming = { quietMs: 1_000, maxDelayMs: 30_000 };

/** Defers a pass to a quiet moment; `run` is called with nothing pending. */
export class QuietMomentTimer {
  private timer: NodeJS.Timeout | null = null;
  private firstRequestAt = 0;
  private lastWriteAt = 0;

  constructor(private readonly timing: MaintenanceTiming, private readonly run: () => void) {}

  request(): void {
    if (this.timer) return;
    this.firstRequestAt = performance.now();
    this.arm(this.timing.quietMs);
  }

  /** The pass could not finish (locks, snapshots): again soon, keeping the first request's deadline. */
  retry(): void {
    if (!this.timer) this.arm(this.timing.quietMs);
  }

  wrote(): void {
    this.lastWriteAt = performance.now();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => this.due(), delayMs);
    this.timer.unref();
  }

  private due(): void {
    const now = performance.now();
    const sinceWrite = now - this.lastWriteAt;
    const waited = now - this.firstRequestAt;
    if (sinceWrite < this.timing.quietMs && waited < this.timing.maxDelayMs) {
      this.arm(Math.min(this.timing.quietMs - sinceWrite, this.timing.maxDelayMs - waited));
      return;
    }
    this.timer = null;
    this.run();
  }
}

/** What the answer stores tell maintenance. */
export type MaintenanceNotices = Pick<UnlinkMaintenance, 'requested' | 'wrote'>;

export const NO_MAINTENANCE: MaintenanceNotices = { requested: () => undefined, wrote: () => undefined };

const VACUUM_TABLES = ['"InProgressResponse"', '"PendingRelease"'] as const;

/**
 * Rewrites a table and returns how many dead row versions it had to keep, read from VACUUM
 * VERBOSE's report ("N dead row versions cannot be removed yet").
 */
async function vacuumFull(client: pg.PoolClient, table: string): Promise<number> {
  let kept = 0;
  const onNotice = (notice: { message?: string; detail?: string }) => {
    const match = /(\d+) dead row versions cannot be removed yet/.exec(`${notice.message ?? ''} ${notice.detail ?? ''}`);
    if (match) kept += Number(match[1]);
  };
  client.on('notice', onNotice);
  try {
    await client.query(`VACUUM (FULL, VERBOSE) ${table}`);
  } finally {
    client.off('notice', onNotice);
  }
  return kept;
}

/** Writes after which a process gets its checkpoint worker (a busy community, not an idle one). */
export const CHECKPOINT_WORKER_AFTER_WRITES = 1_000;

export class SqliteUnlinkMaintenance implements UnlinkMaintenance {
  private readonly timer: QuietMomentTimer;
  private checkpointer: SqliteCheckpointer | null = null;
  private writes = 0;
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Sqlite.Database,
    timing: MaintenanceTiming = SQLITE_TIMING,
    private readonly onError: (error: unknown) => void = () => undefined,
    private readonly workerAfterWrites = CHECKPOINT_WORKER_AFTER_WRITES,
  ) {
    this.timer = new QuietMomentTimer(timing, () => {
      this.running = this.checkpoint()
        .catch((error: unknown) => this.onError(error))
        .finally(() => (this.running = null));
    });
  }

  requested(): void {
    if (this.db.open) this.timer.request();
  }

  wrote(): void {
    this.timer.wrote();
    if (this.checkpointer === null && ++this.writes >= this.workerAfterWrites && this.db.open) {
      // From now on the worker copies the WAL back; commits on this thread no longer do.
      this.checkpointer = new SqliteCheckpointer(this.db.name, SQLITE_BUSY_TIMEOUT_MS);
      this.db.pragma('wal_autocheckpoint = 0');
    }
  }

  /** Whether the WAL is now copied back by a worker thread (tests, bench). */
  get offThread(): boolean {
    return this.checkpointer !== null;
  }

  async flush(): Promise<void> {
    this.timer.cancel();
    await this.running;
    await this.checkpoint();
  }

  async stop(): Promise<void> {
    await this.flush();
    await this.checkpointer?.stop();
  }

  private async checkpoint(): Promise<void> {
    if (!this.db.open) return;
    // Busy (a reader on an old snapshot, here or in another process) leaves part of the WAL:
    // try again later.
    const busy = this.checkpointer
      ? await this.checkpointer.truncate()
      : ((this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]?.busy ?? 0);
    if (busy !== 0 && this.db.open) this.timer.retry();
  }
}

export class PostgresUnlinkMaintenance implements UnlinkMaintenance {
  private readonly timer: QuietMomentTimer;
  private running: Promise<void> | null = null;
  private stopped = false;
  private flushing = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly onError: (error: unknown) => void = () => undefined,
    timing: MaintenanceTiming = POSTGRES_TIMING,
  ) {
    this.timer = new QuietMomentTimer(timing, () => {
      if (this.stopped) return;
      // A request during a pass may concern a row that pass had already copied: one more.
      if (this.running) return this.timer.retry();
      this.running = this.vacuum(false).finally(() => (this.running = null));
    });
  }

  requested(): void {
    if (this.stopped || this.flushing) return;
    this.timer.request();
  }

  wrote(): void {
    this.timer.wrote();
  }

  async flush(): Promise<void> {
    this.timer.cancel();
    await this.running;
    this.flushing = true;
    try {
      await this.vacuum(true);
    } finally {
      this.flushing = false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer.cancel();
    await this.running;
  }

  private async vacuum(wait: boolean): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query(`SET lock_timeout = '${wait ? '10s' : '10ms'}'`);
      for (let attempt = 0; ; attempt++) {
        let kept = 0;
        for (const table of VACUUM_TABLES) kept += await vacuumFull(client, table);
        if (kept === 0) break;
        // Some session's snapshot still saw the deleted rows (a backend connecting to the
        // server holds one for a moment, whatever its database): they were kept. Again soon.
        if (!wait) return this.timer.retry();
        if (attempt >= 50) throw new Error(`VACUUM FULL kept ${kept} deleted row versions that a snapshot still sees`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } catch (error) {
      // 55P03: lock not available (answers were being written): try again a little later.
      if ((error as { code?: string }).code === '55P03' && !wait) this.timer.retry();
      else if (wait) throw error;
      else this.onError(error);
    } finally {
      // The client goes back to the pool: the hot path must not inherit this lock timeout.
      await client.query('RESET lock_timeout').catch(() => undefined);
      client.release();
    }
  }
}
