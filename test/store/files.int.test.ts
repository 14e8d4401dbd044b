/**
 * What a copy of the data folder gives away starts with who can read it: the folder is created
 * 700, the database and its WAL 600, the instance secret 600; a secret that others can read,
 * or that is not a secret, stops the start with one clear line.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { loadOrCreateSecret, SECRET_FILE } from '../../src/privacy/secret.ts';
import { silentLogger } from '../../src/shared/logger.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'confreres-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mode = (file: string) => statSync(file).mode & 0o777;

describe('files of the data folder', () => {
  it('creates the data folder 700 and the database, its WAL and the secret 600', async () => {
    const dataDir = path.join(dir, 'data');
    const app = await createApp(loadConfig({ DATA_DIR: dataDir }), { logger: silentLogger });
    try {
      await app.services.catalog.ensureCommunity('console', 'local', 'Local', '2026-11-30');
      expect(mode(dataDir)).toBe(0o700);
      for (const file of ['confreres.db', 'confreres.db-wal', 'confreres.db-shm', SECRET_FILE]) expect(mode(path.join(dataDir, file)), file).toBe(0o600);
    } finally {
      await app.close();
    }
  });

  it('tightens a database file an older version created 644', async () => {
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, 'confreres.db'), '', { mode: 0o644 });
    chmodSync(path.join(dataDir, 'confreres.db'), 0o644);
    const app = await createApp(loadConfig({ DATA_DIR: dataDir }), { logger: silentLogger });
    await app.close();
    expect(mode(path.join(dataDir, 'confreres.db'))).toBe(0o600);
  });

  it('refuses a secret other users can read, naming the file and the fix', () => {
    loadOrCreateSecret(dir);
    chmodSync(path.join(dir, SECRET_FILE), 0o644);
    expect(() => loadOrCreateSecret(dir)).toThrow(ConfigError);
    expect(() => loadOrCreateSecret(dir)).toThrow(/readable by other users \(mode 644\); run `chmod 600 .*instance-secret`/);
  });

  it.each([
    ['empty', ''],
    ['not hexadecimal', 'this is not a secret at all, not even close, no no no no no no'],
    ['too short', 'abcd'],
  ])('refuses a secret file that is %s with one line, and does not replace it', (_name, content) => {
    writeFileSync(path.join(dir, SECRET_FILE), content, { mode: 0o600 });
    let message = '';
    try {
      loadOrCreateSecret(dir);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/instance-secret: not an instance secret \(expected 64 or more hexadecimal characters\)/);
    expect(message.split('\n')).toHaveLength(2);
  });
});
