/**
 * WAL checkpoints off the event loop. By default SQLite checkpoints inside the commit that
 * makes the WAL pass 1,000 pages: that commit then copies 4 MB back into the database and
 * waits for two fsyncs, on the thread that runs every answer (measured here: commits' p99 of
 * 3.7 ms and stalls of 10–15 ms, against 0.24 ms without). Under load, a worker thread with its
 * own connection copies the WAL back continuously instead (a PASSIVE checkpoint takes no lock
 * that writers need), and runs the TRUNCATE checkpoints that clear deleted links.
 *
 * The worker costs about 10 MB, so a process starts without it and gets one once it has
 * written enough to need it (`SqliteUnlinkMaintenance`).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker copies the WAL back (ms). */
const PASSIVE_EVERY_MS = 250;

interface CheckpointRequest {
  readonly id: number;
}
interface CheckpointReply {
  readonly id: number;
  readonly busy?: number;
  readonly error?: string;
}

/**
 * The worker's whole program. It runs from its source text (`toString()`), so it must not use
 * anything from this module's scope; what it needs comes in `workerData`.
 */
function checkpointWorker(): void {
  // No `require` or `import` here: the text may run as a script or as a module.
  const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
  const { driver, file, busyTimeoutMs, passiveEveryMs } = workerData as { driver: string; file: string; busyTimeoutMs: number; passiveEveryMs: number };
  const Sqlite = process.getBuiltinModule('node:module').createRequire(driver)(driver) as typeof import('better-sqlite3');
  const db = new Sqlite(file, { timeout: busyTimeoutMs });
  const passive = setInterval(() => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or locked: the next round copies what this one could not.
    }
  }, passiveEveryMs);
  parentPort?.on('message', (message: { id: number } | 'stop') => {
    if (message === 'stop') {
      clearInterval(passive);
      db.close();
      parentPort.close();
      return;
    }
    try {
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      parentPort.postMessage({ id: message.id, busy: result?.busy ?? 0 });
    } catch (error) {
      parentPort.postMessage({ id: message.id, error: (error as Error).message });
    }
  });
}

export class SqliteCheckpointer {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (busy: number) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private stopped: Promise<void> | null = null;

  constructor(file: string, busyTimeoutMs: number) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(`(${checkpointWorker.toString()})()`, {
      eval: true,
      // Not the parent's flags (--import tsx, --input-type): the worker needs plain Node.
      execArgv: [],
      workerData: { driver, file, busyTimeoutMs, passiveEveryMs: PASSIVE_EVERY_MS },
      resourceLimits: { maxOldGenerationSizeMb: 16 },
    });
    // An idle worker does not keep the process alive; one that is answering a request does,
    // or a process awaiting its last checkpoint would exit with nothing left to wait on.
    this.worker.unref();
    this.worker.on('message', (reply: CheckpointReply) => {
      const pending = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) this.worker.unref();
      if (reply.error !== undefined) pending?.reject(new Error(`WAL checkpoint failed: ${reply.error}`));
      else pending?.resolve(reply.busy ?? 0);
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', () => this.failAll(new Error('the checkpoint worker stopped')));
  }

  /** A TRUNCATE checkpoint in the worker; resolves with SQLite's `busy` flag (non-zero: some WAL stayed). */
  truncate(): Promise<number> {
    if (this.stopped) return Promise.reject(new Error('the checkpoint worker is stopped'));
    const request: CheckpointRequest = { id: this.nextId++ };
    return new Promise((resolve, reject) => {
      this.waiting.set(request.id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage(request);
    });
  }

  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      this.worker.ref();
      this.worker.once('exit', () => resolve());
      this.worker.postMessage('stop');
    });
    return this.stopped;
  }

  private failAll(error: Error): void {
    for (const pending of this.waiting.values()) pending.reject(error);
    this.waiting.clear();
    this.worker.unref();
  }
}
