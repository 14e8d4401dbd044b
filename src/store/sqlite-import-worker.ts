/**
 * Worker thread of a SQLite bulk import (see sqlite-import.ts): opens the transaction with the
 * options it is started with, then answers each request of sqlite-import-client.ts in order,
 * one reply a request. After the last reply (finished, aborted, refused or failed) the
 * connection is closed and the thread ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteImportSession, type SqliteImportOptions } from './sqlite-import.ts';

/** `rows`: a batch as packRows wrote it (see sqlite-import.ts). */
export type ImportRequest = { readonly type: 'rows'; readonly rows: string } | { readonly type: 'finish' } | { readonly type: 'abort' };

export type ImportReply =
  | { readonly type: 'began' }
  | { readonly type: 'written' }
  | { readonly type: 'finished'; readonly imported: number }
  | { readonly type: 'refused'; readonly refusal: import('../analytics/ports.ts').ImportRefusal }
  | { readonly type: 'aborted' }
  | { readonly type: 'failed'; readonly name: string; readonly message: string; readonly code?: string };

const port = parentPort;
if (!port) throw new Error('sqlite-import-worker runs in a worker thread');

const reply = (message: ImportReply) => port.postMessage(message);
function failed(error: unknown): ImportReply {
  if (!(error instanceof Error)) return { type: 'failed', name: 'Error', message: String(error) };
  const code: unknown = (error as Error & { code?: unknown }).code;
  return { type: 'failed', name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
}

let session: SqliteImportSession | null = null;
try {
  const begun = SqliteImportSession.begin(workerData as SqliteImportOptions);
  if (begun.ok) {
    session = begun.value;
    reply({ type: 'began' });
  } else reply({ type: 'refused', refusal: begun.error });
} catch (error) {
  reply(failed(error));
}

if (session) {
  const open = session;
  const end = () => port.close();
  port.on('message', (request: ImportRequest) => {
    try {
      if (request.type === 'rows') {
        open.write(request.rows);
        reply({ type: 'written' });
      } else if (request.type === 'finish') {
        const finished = open.finish();
        reply(finished.ok ? { type: 'finished', imported: finished.value } : { type: 'refused', refusal: finished.error });
        end();
      } else {
        open.abort();
        reply({ type: 'aborted' });
        end();
      }
    } catch (error) {
      open.abort();
      reply(failed(error));
      end();
    }
  });
}
