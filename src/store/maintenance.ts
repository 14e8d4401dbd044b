/**
 * Makes deleted links physically gone soon after they are deleted (anonymity: the holder of
 * a copy of the files must not find a completed respondent's key beside their answers).
 * - SQLite: rows are zeroed in place (`secure_delete`), but the WAL still holds the page
 *   images written before the delete; a TRUNCATE checkpoint copies the pages back and empties
 *   the WAL file.
 * - PostgreSQL: a deleted or updated row stays in the table file as a dead tuple until the
 *   table is rewritten; VACUUM FULL of the two tables that ever hold a key beside answers
 *   rewrites them into new files. It takes an exclusive lock for a few milliseconds on small
 *   tables, so it gives up at once when answers are being written (lock_timeout) and retries.
 * Both are coalesced: many completions in a burst cost one pass.
 */
import type Sqlite from 'better-sqlite3';
import type pg from 'pg';

export interface UnlinkMaintenance {
  /** A link was deleted: clear its remnants soon. */
  requested(): void;
  /** Clears every remnant now (at shutdown, and in tests before inspecting the files). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

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

export class SqliteUnlinkMaintenance implements UnlinkMaintenance {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly db: Sqlite.Database, private readonly delayMs = 200) {}

  requested(): void {
    if (this.timer || !this.db.open) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.checkpoint();
    }, this.delayMs);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.checkpoint();
  }

  async stop(): Promise<void> {
    await this.flush();
  }

  private checkpoint(): void {
    if (!this.db.open) return;
    // Busy (another process reading an old snapshot) leaves part of the WAL: try again later.
    const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (result && result.busy !== 0) this.requested();
  }
}

export class PostgresUnlinkMaintenance implements UnlinkMaintenance {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private flushing = false;

  constructor(private readonly pool: pg.Pool, private readonly delayMs = 2_000, private readonly onError: (error: unknown) => void = () => undefined) {}

  requested(): void {
    if (this.timer || this.stopped || this.flushing) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.vacuum(false).finally(() => (this.running = null));
    }, this.delayMs);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
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
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
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
        if (!wait) return this.requested();
        if (attempt >= 50) throw new Error(`VACUUM FULL kept ${kept} deleted row versions that a snapshot still sees`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } catch (error) {
      // 55P03: lock not available (answers were being written): try again a little later.
      if ((error as { code?: string }).code === '55P03' && !wait) this.requested();
      else if (wait) throw error;
      else this.onError(error);
    } finally {
      // The client goes back to the pool: the hot path must not inherit this lock timeout.
      await client.query('RESET lock_timeout').catch(() => undefined);
      client.release();
    }
  }
}
