/**
 * The bot as a separate process (`node --import tsx src/main.ts`), as production runs it: for
 * tests of signals, shutdown and several instances. Output is collected; waits are on the
 * process's own HTTP endpoints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface BotProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly output: string[];
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  readonly exited: Promise<number | string>;
  /** Waits until GET /readyz answers 200. */
  ready(timeoutMs?: number): Promise<void>;
  get(path: string): Promise<{ status: number; body: string }>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function startBotProcess(env: Record<string, string>, port: number): BotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const get = async (target: string) => {
    const response = await fetch(`http://127.0.0.1:${port}${target}`);
    return { status: response.status, body: await response.text() };
  };
  return {
    child,
    port,
    output,
    exited,
    get,
    async ready(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let ended = false;
      void exited.then(() => (ended = true));
      for (;;) {
        if (ended) throw new Error(`The bot exited before it was ready:\n${output.join('')}`);
        const last = await get('/readyz').catch(() => ({ status: 0, body: 'no answer' }));
        if (last.status === 200) return;
        if (Date.now() > deadline) throw new Error(`The bot was not ready in time (${last.status} ${last.body}):\n${output.join('')}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
