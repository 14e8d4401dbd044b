/**
 * A real application on a fresh SQLite file in a temporary folder, wired exactly as in
 * production by createApp. Each call gets its own folder; `restart` reopens the same files
 * with a new client, as a restarted bot would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/shared/logger.ts';

export interface TempApp {
  readonly dir: string;
  readonly databaseUrl: string;
  app: App;
  restart(): Promise<App>;
  cleanup(): Promise<void>;
}

export async function createTempApp(options: { now?: () => Date; env?: Record<string, string> } = {}): Promise<TempApp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'confreres-test-'));
  const databaseUrl = `file:${path.join(dir, 'test.db')}`;
  const config = loadConfig({ DATA_DIR: dir, DATABASE_URL: databaseUrl, ...options.env });
  const build = () => createApp(config, { logger: silentLogger, ...(options.now ? { now: options.now } : {}) });
  const handle: TempApp = {
    dir,
    databaseUrl,
    app: await build(),
    async restart() {
      await handle.app.close();
      handle.app = await build();
      return handle.app;
    },
    async cleanup() {
      await handle.app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}
