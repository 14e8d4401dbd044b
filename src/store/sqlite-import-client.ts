/**
 * The main thread's handle on a SQLite bulk import running in sqlite-import-worker.ts: each
 * call posts one request and resolves with the worker's reply to it (replies come in order).
 * A failure in the worker rejects every call still waiting; the worker has rolled back.
 */
import { Worker } from 'node:worker_threads';
import type { ImportedResponse, ImportRefusal } from '../analytics/ports.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { packRows, type SqliteImportOptions } from './sqlite-import.ts';
import type { ImportReply, ImportRequest } from './sqlite-import-worker.ts';

/** The worker runs what this module runs: compiled JavaScript, or TypeScript through tsx (tests, bench). */
function startWorker(workerData: SqliteImportOptions): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./sqlite-import-worker.js', import.meta.url), { workerData });
  // A worker does not inherit the loader this thread runs under; tsx is registered in it first.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./sqlite-import-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

interface Waiting {
  resolve(reply: ImportReply): void;
  reject(error: Error): void;
}

/** ~40 KB of text: below the size from which malloc maps fresh memory for a copy. */
const ROWS_A_MESSAGE = 50;

export class SqliteImportClient {
  private readonly waiting: Waiting[] = [];
  private failure: Error | null = null;
  private readonly worker: Worker;
  /** The worker's first reply: the transaction is open, or the file is refused. */
  private readonly opened: Promise<ImportReply>;

  /** Starts the worker, which opens the transaction at once; `begin` waits for it. */
  constructor(options: SqliteImportOptions) {
    this.opened = this.next();
    this.opened.catch(() => undefined);
    this.worker = startWorker(options);
    this.worker.on('message', (message: ImportReply) => {
      if (message.type === 'failed') return this.fail(Object.assign(new Error(message.message), { name: message.name, code: message.code }));
      this.waiting.shift()?.resolve(message);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', () => this.fail(new Error('the SQLite import worker stopped')));
  }

  async begin(): Promise<Result<void, ImportRefusal>> {
    const first = await this.opened;
    if (first.type === 'refused') return err(first.refusal);
    return ok(undefined);
  }

  /**
   * Resolves once the rows are written (inside the transaction). Sent ROWS_A_MESSAGE at a
   * time: a message of a few hundred KB made the parsing thread map fresh memory for each
   * while the worker faulted pages in (postMessage cost 4.6 µs a row there, 0.2 µs alone).
   */
  async write(rows: readonly ImportedResponse[]): Promise<void> {
    const sent: Promise<ImportReply>[] = [];
    for (let at = 0; at < rows.length; at += ROWS_A_MESSAGE) sent.push(this.request({ type: 'rows', rows: packRows(rows.slice(at, at + ROWS_A_MESSAGE)) }));
    await Promise.all(sent);
  }

  async finish(): Promise<Result<number, ImportRefusal>> {
    const reply = await this.request({ type: 'finish' });
    if (reply.type === 'refused') return err(reply.refusal);
    if (reply.type !== 'finished') throw new Error(`unexpected reply from the import worker: ${reply.type}`);
    return ok(reply.imported);
  }

  /** Rolls back; never throws (the worker may already have stopped on its own failure). */
  async abort(): Promise<void> {
    if (this.failure) return;
    await this.request({ type: 'abort' }).catch(() => undefined);
  }

  private request(request: ImportRequest): Promise<ImportReply> {
    const reply = this.next();
    if (!this.failure) this.worker.postMessage(request);
    return reply;
  }

  private next(): Promise<ImportReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.waiting.splice(0)) waiting.reject(this.failure);
  }
}
