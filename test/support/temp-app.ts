/**
 * A real application on a fresh database (a SQLite file in a temporary folder, or a new
 * PostgreSQL database), wired exactly as in production by createApp. Each call gets its own
 * folder and database; `restart` reopens the same database with new connections, as a
 * restarted bot would; `cleanup` closes and drops everything.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger, type Logger } from '../../src/shared/logger.ts';
import type { Backend } from '../../src/store/database-url.ts';
import { createTestDatabase } from './backends.ts';

export interface TempApp {
  readonly dir: string;
  readonly backend: Backend;
  readonly databaseUrl: string;
  app: App;
  restart(): Promise<App>;
  cleanup(): Promise<void>;
}

export interface TempAppOptions {
  readonly now?: () => Date;
  readonly env?: Record<string, string>;
  readonly backend?: Backend;
  /** Silent unless given (tests that read the log pass their own). */
  readonly logger?: Logger;
}

export async function createTempApp(options: TempAppOptions = {}): Promise<TempApp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'confreres-test-'));
  const database = await createTestDatabase(options.backend ?? 'sqlite', dir);
  const databaseUrl = database.url;
  const config = loadConfig({ DATA_DIR: dir, DATABASE_URL: databaseUrl, ...options.env });
  const build = () => createApp(config, { logger: options.logger ?? silentLogger, ...(options.now ? { now: options.now } : {}) });
  const handle: TempApp = {
    dir,
    backend: database.backend,
    databaseUrl,
    app: await build(),
    async restart() {
      await handle.app.close();
      handle.app = await build();
      return handle.app;
    },
    async cleanup() {
      await handle.app.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}
