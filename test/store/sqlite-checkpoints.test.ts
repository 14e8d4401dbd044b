/**
 * Under load the WAL is copied back by a worker thread, not inside the commits that answers
 * wait for; the TRUNCATE checkpoint that clears deleted links then runs there too, and must
 * leave no remnant in the files.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteUnlinkMaintenance } from '../../src/store/maintenance.ts';
import { openSqliteFile } from '../../src/store/sql-connection.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

const MARKER = 'c0ffee'.repeat(10);
let dir: string;
let file: string;
let db: Sqlite.Database;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'confreres-checkpoints-'));
  file = path.join(dir, 'answers.db');
  db = openSqliteFile(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE link (key TEXT PRIMARY KEY, answers TEXT NOT NULL)');
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function filesHold(needle: string): boolean {
  return ['', '-wal'].some((suffix) => existsSync(file + suffix) && readFileSync(file + suffix).includes(needle));
}

describe('SQLite checkpoints', () => {
  it('checkpoints on the event loop until the process has written enough to need a worker', async () => {
    const maintenance = new SqliteUnlinkMaintenance(db, undefined, undefined, 3);
    maintenance.wrote();
    maintenance.wrote();
    expect(maintenance.offThread).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    maintenance.wrote();
    expect(maintenance.offThread).toBe(true);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await maintenance.stop();
  });

  it('clears a deleted link from the database and the WAL through the worker', async () => {
    const maintenance = new SqliteUnlinkMaintenance(db, undefined, undefined, 1);
    const insert = db.prepare('INSERT INTO link VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 2_000; i++) insert.run(`key-${i}`, JSON.stringify({ q1: 'x'.repeat(200) }));
      insert.run(MARKER, JSON.stringify({ q1: 'linked' }));
    })();
    maintenance.wrote();
    expect(maintenance.offThread).toBe(true);
    expect(filesHold(MARKER)).toBe(true);
    db.prepare('DELETE FROM link WHERE key = ?').run(MARKER);
    maintenance.wrote();
    maintenance.requested();
    await maintenance.flush();
    expect(statSync(`${file}-wal`).size).toBe(0);
    expect(filesHold(MARKER)).toBe(false);
    expect(db.prepare('SELECT count(*) AS n FROM link').get()).toEqual({ n: 2_000 });
    await maintenance.stop();
  });

  it('copies the WAL back in the worker while this thread keeps writing', async () => {
    const maintenance = new SqliteUnlinkMaintenance(db, undefined, undefined, 1);
    maintenance.wrote();
    const insert = db.prepare('INSERT INTO link VALUES (?, ?)');
    for (let i = 0; i < 3_000; i++) insert.run(`key-${i}`, 'y'.repeat(500));
    const before = statSync(file).size;
    await new Promise((resolve) => setTimeout(resolve, 800));
    // The rows reached the database file itself with no checkpoint from this thread.
    expect(statSync(file).size).toBeGreaterThan(before + 1_000_000);
    await maintenance.stop();
  });

  it('keeps a process alive until its last checkpoint has run (a shutdown awaits it)', () => {
    db.close();
    const script = `
      import { openSqliteFile } from './src/store/sql-connection.ts';
      import { SqliteUnlinkMaintenance } from './src/store/maintenance.ts';
      const db = openSqliteFile(${JSON.stringify(file)});
      const maintenance = new SqliteUnlinkMaintenance(db, undefined, undefined, 1);
      maintenance.wrote();
      maintenance.requested();
      await maintenance.stop();
      db.close();
      console.log('stopped cleanly');`;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(output).toContain('stopped cleanly');
  });
});
