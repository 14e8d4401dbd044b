/**
 * /cme as members type it (terminal, Telegram): option values that run until the next
 * `name:`, DOIs and PMIDs in every written form, and the endorser key that makes a member's
 * re-shares count once without naming them.
 */
import { describe, expect, it } from 'vitest';
import cme from '../../commands/cme.ts';
import survey from '../../commands/survey.ts';
import { capturePoint, type CapturedPoint } from '../../src/cme/capture.ts';
import type { CmePointRecord, CmeStore, RecordOutcome } from '../../src/cme/ports.ts';
import { CmeService } from '../../src/cme/service.ts';
import { parseInvocation } from '../../src/commands/typed-command.ts';
import { Keyring } from '../../src/privacy/keyring.ts';

function typed(line: string) {
  const { options } = parseInvocation(line, cme);
  const point = capturePoint(options);
  if (!point.ok) throw new Error(`${line}: ${point.error.code}`);
  return point.value;
}

describe('/cme typed', () => {
  it('lets an option’s value run until the next name:', () => {
    expect(typed('/cme https://x.org/a topic:cardio credit:Dr Martin')).toMatchObject({ url: 'https://x.org/a', title: null, topic: 'cardiology', creditName: 'Dr Martin' });
    expect(typed('/cme https://x.org/a title:HAS guideline')).toMatchObject({ title: 'HAS guideline' });
    expect(typed('/cme https://x.org/a title:"Guide HAS" credit:Dr Anne Martin')).toMatchObject({ title: 'Guide HAS', creditName: 'Dr Anne Martin' });
    expect(typed('/cme https://x.org/a Guide HAS 2024 topic:cardio')).toMatchObject({ title: 'Guide HAS 2024', topic: 'cardiology' });
  });

  it('reads doi:…, a bare DOI, a DOI inside the text, and pmid:…', () => {
    expect(typed('/cme doi:10.1186/s12909-024-05149-z')).toMatchObject({ key: 'doi:10.1186/s12909-024-05149-z', url: 'https://doi.org/10.1186/s12909-024-05149-z' });
    expect(typed('/cme 10.1056/NEJMoa2307563')).toMatchObject({ key: 'doi:10.1056/nejmoa2307563' });
    expect(typed('/cme Great article 10.1056/NEJMoa2307563')).toMatchObject({ key: 'doi:10.1056/nejmoa2307563', title: 'Great article' });
    expect(typed('/cme pmid:38389062')).toMatchObject({ key: 'pmid:38389062', url: 'https://pubmed.ncbi.nlm.nih.gov/38389062/' });
    expect(typed('/cme PMID 38389062 Revue systématique')).toMatchObject({ key: 'pmid:38389062', title: 'Revue systématique' });
    // Words with nothing to point at are still refused.
    expect(capturePoint(parseInvocation('/cme Great article', cme).options)).toMatchObject({ ok: false, error: { code: 'cme.bad_url' } });
  });

  it('treats an unknown first word of /survey as an unknown subcommand, not as /survey', () => {
    expect(parseInvocation('/survey bogus', survey)).toEqual({ name: 'survey', subcommand: 'bogus', options: {} });
    expect(parseInvocation('/survey', survey)).toEqual({ name: 'survey', subcommand: null, options: {} });
  });
});

/** Records what the service hands the store; counts a share once per endorser key, as Store v2 does. */
class RecordingStore implements CmeStore {
  readonly calls: { key: string; endorserKey: string | undefined }[] = [];
  private readonly endorsers = new Map<string, Set<string>>();
  private readonly points = new Map<string, CmePointRecord>();

  async record(communityId: string, point: CapturedPoint, at: Date, endorserKey?: string): Promise<RecordOutcome> {
    this.calls.push({ key: point.key, endorserKey });
    const seen = this.endorsers.get(point.key) ?? new Set<string>();
    this.endorsers.set(point.key, seen);
    const existing = this.points.get(point.key);
    const counted = endorserKey === undefined || !seen.has(endorserKey);
    if (endorserKey) seen.add(endorserKey);
    const record: CmePointRecord = existing
      ? { ...existing, shares: existing.shares + (counted ? 1 : 0) }
      : { ...point, id: point.key, communityId, shares: 1, reactions: 0, firstSharedAt: at, lastSharedAt: at };
    this.points.set(point.key, record);
    return { point: record, created: !existing, counted };
  }

  async react(): Promise<CmePointRecord | null> {
    return null;
  }

  async activeBetween(): Promise<CmePointRecord[]> {
    return [...this.points.values()];
  }
}

describe('endorser keys', () => {
  const keyring = new Keyring(Buffer.alloc(32, 7));
  const alice = { platform: 'telegram', userId: '123456789' };
  const bob = { platform: 'telegram', userId: '987654321' };

  it('are opaque, the same for one member and one point, and unlinkable across points and members', () => {
    const key = keyring.endorserKey(alice, 'c1', 'doi:10.1/x');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain('123456789');
    expect(keyring.endorserKey(alice, 'c1', 'doi:10.1/x')).toBe(key);
    expect(keyring.endorserKey(alice, 'c1', 'doi:10.1/y')).not.toBe(key);
    expect(keyring.endorserKey(alice, 'c2', 'doi:10.1/x')).not.toBe(key);
    expect(keyring.endorserKey(bob, 'c1', 'doi:10.1/x')).not.toBe(key);
    expect(new Keyring(Buffer.alloc(32, 8)).endorserKey(alice, 'c1', 'doi:10.1/x')).not.toBe(key);
  });

  it('make one member’s re-shares of a point (in any form) count once', async () => {
    const store = new RecordingStore();
    const service = new CmeService(store, undefined, (member, community, point) => keyring.endorserKey(member, community, point));
    const at = new Date('2026-03-20T10:00:00Z');
    await service.share('c1', { url: 'https://doi.org/10.1056/NEJMoa2307563' }, at, alice);
    const again = await service.share('c1', { url: 'https://www.nejm.org/doi/full/10.1056/NEJMoa2307563' }, at, alice);
    const third = await service.share('c1', { url: '10.1056/NEJMoa2307563' }, at, alice);
    const byBob = await service.share('c1', { url: 'doi:10.1056/NEJMoa2307563' }, at, bob);
    expect([again, third, byBob].map((r) => r.ok && r.value.counted)).toEqual([false, false, true]);
    expect(byBob.ok && byBob.value.point.shares).toBe(2);
    expect(new Set(store.calls.slice(0, 3).map((c) => c.endorserKey)).size).toBe(1);
    expect(store.calls[3]?.endorserKey).not.toBe(store.calls[0]?.endorserKey);
  });
});
