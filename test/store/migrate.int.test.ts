import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrateSqlite } from '../../src/store/migrate.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'confreres-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migrations at start', () => {
  it('creates a missing data folder, applies every migration once, in WAL mode', () => {
    const url = `file:${path.join(dir, 'nested', 'folder', 'db.sqlite')}`;
    const names = readdirSync(MIGRATIONS_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(migrateSqlite(url)).toEqual(names);
    expect(migrateSqlite(url)).toEqual([]);
    const db = new Database(path.join(dir, 'nested', 'folder', 'db.sqlite'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const rows = db.prepare('SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name').all() as {
      migration_name: string;
      checksum: string;
      finished_at: string;
    }[];
    db.close();
    // Same bookkeeping as `prisma migrate deploy`: sha-256 of each migration.sql.
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      const sql = readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
    }
  });
});

describe('answer store v2 migration', () => {
  it('carries a v1 database over: answers in progress stay linked, the rest released with fresh ids, invitations kept', () => {
    const old = path.join(dir, 'v1-migrations');
    const names = readdirSync(MIGRATIONS_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const before = names.filter((name) => name < '20261130180000');
    for (const name of before) cpSync(path.join(MIGRATIONS_DIR, name), path.join(old, name), { recursive: true });
    const url = `file:${path.join(dir, 'v1.db')}`;
    migrateSqlite(url, old);
    const db = new Database(path.join(dir, 'v1.db'));
    db.exec(`
      INSERT INTO Community (id, platform, externalId, createdDay) VALUES ('c', 'telegram', '-100', '2026-11-01');
      INSERT INTO Survey (id, communityId, definitionId, definitionVersion, status, openedDay) VALUES ('s', 'c', 'd', 1, 'open', '2026-11-01');
      INSERT INTO SurveyInvitation (token, surveyId) VALUES ('tok', 's');
      INSERT INTO Response (id, surveyId, status, cursor, startedDay, updatedDay) VALUES ('r-progress', 's', 'in_progress', 'q3', '2026-11-02', '2026-11-02');
      INSERT INTO Answer (responseId, itemCode, value) VALUES ('r-progress', 'q1', '"female"'), ('r-progress', 'q2', '"30_40"');
      INSERT INTO ParticipantLink (participantKey, surveyId, responseId, encryptedAddress) VALUES ('key-1', 's', 'r-progress', 'sealed');
      INSERT INTO Response (id, surveyId, status, startedDay, updatedDay, completedDay) VALUES ('r-done', 's', 'complete', '2026-11-02', '2026-11-03', '2026-11-03');
      INSERT INTO Answer (responseId, itemCode, value) VALUES ('r-done', 'q1', '"male"'), ('r-done', 'q21', '["speed","free"]'), ('r-done', 'q23', '8');
      INSERT INTO Completion (participantKey, surveyId) VALUES ('key-2', 's');
    `);
    db.close();
    expect(migrateSqlite(url)).toEqual(names.filter((name) => name >= '20261130180000'));
    const after = new Database(path.join(dir, 'v1.db'), { readonly: true });
    try {
      expect(after.prepare('SELECT participantKey, answers, cursor, encryptedAddress FROM InProgressResponse').all()).toEqual([
        { participantKey: 'key-1', answers: '{"q1":"female","q2":"30_40"}', cursor: 'q3', encryptedAddress: 'sealed' },
      ]);
      const released = after.prepare('SELECT id, status, answers, batch FROM Response').all() as { id: string; status: string; answers: string; batch: number }[];
      expect(released).toHaveLength(1);
      expect(released[0]).toMatchObject({ status: 'complete', batch: 0 });
      expect(JSON.parse(released[0]!.answers)).toEqual({ q1: 'male', q21: ['speed', 'free'], q23: 8 });
      expect(released[0]!.id).not.toBe('r-done');
      expect(after.prepare('SELECT token FROM SurveyInvitation').all()).toEqual([{ token: 'tok' }]);
      expect(after.prepare("SELECT name FROM sqlite_master WHERE name IN ('Answer', 'ParticipantLink')").all()).toEqual([]);
    } finally {
      after.close();
    }
  });
});
