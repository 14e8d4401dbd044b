import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { CommunityRecord } from '../../src/survey/ports.ts';
import { createTempApp, type TempApp } from '../support/temp-app.ts';

let temp: TempApp;
let group: CommunityRecord;
beforeEach(async () => {
  temp = await createTempApp();
  group = await temp.app.services.catalog.ensureCommunity('telegram', '-1001', null, '2026-03-01');
});
afterEach(() => temp.cleanup());

const at = (iso: string) => new Date(iso);

describe('CME store', () => {
  it('counts a second share of the same link as an endorsement, and fills what was missing', async () => {
    const { cme } = temp.app.services;
    const first = await cme.share(group.id, { url: 'https://www.has-sante.fr/jcms/p_1?xtor=RSS-1' }, at('2026-03-20T10:00:00Z'));
    const second = await cme.share(group.id, { url: 'https://WWW.has-sante.fr/jcms/p_1#top', title: 'Reco HTA', topic: 'cardiology', tags: 'hta' }, at('2026-03-21T10:00:00Z'));
    expect(first.ok && first.value.created).toBe(true);
    expect(second.ok && second.value).toMatchObject({
      created: false,
      point: { shares: 2, title: 'Reco HTA', topic: 'cardiology', tags: ['hta'], firstSharedAt: at('2026-03-20T10:00:00Z'), lastSharedAt: at('2026-03-21T10:00:00Z') },
    });
    // Another community has its own points.
    const other = await temp.app.services.catalog.ensureCommunity('telegram', '-1002', null, '2026-03-01');
    const elsewhere = await cme.share(other.id, { url: 'https://www.has-sante.fr/jcms/p_1' }, at('2026-03-21T10:00:00Z'));
    expect(elsewhere.ok && elsewhere.value.created).toBe(true);
    expect(await temp.app.db.cmePoint.count()).toBe(2);
  });

  it('keeps every share when instances race on the same link', async () => {
    const second = await createApp(loadConfig({ DATA_DIR: temp.dir, DATABASE_URL: temp.databaseUrl }), { logger: silentLogger });
    try {
      const shares = Array.from({ length: 16 }, (_, i) =>
        (i % 2 ? second : temp.app).services.cme.share(group.id, { url: `https://doi.org/10.1186/s12909-024-05149-z?utm_source=${i}` }, at('2026-03-20T10:00:00Z')),
      );
      const results = await Promise.all(shares);
      expect(results.filter((r) => r.ok && r.value.created)).toHaveLength(1);
      const stored = await temp.app.db.cmePoint.findMany();
      expect(stored.map((p) => [p.key, p.shares])).toEqual([['doi:10.1186/s12909-024-05149-z', 16]]);
    } finally {
      await second.close();
    }
  });

  it('lets adapters count 👍 reactions by any form of the link, never below zero', async () => {
    const { cme } = temp.app.services;
    await cme.share(group.id, { url: 'https://www.nejm.org/doi/full/10.1056/NEJMoa2034577' }, at('2026-03-20T10:00:00Z'));
    expect((await cme.endorse(group.id, 'https://doi.org/10.1056/nejmoa2034577'))?.reactions).toBe(1);
    expect((await cme.endorse(group.id, '👍 https://www.nejm.org/doi/full/10.1056/NEJMoa2034577?utm_medium=x'))?.reactions).toBe(2);
    expect((await cme.endorse(group.id, 'https://www.nejm.org/doi/full/10.1056/NEJMoa2034577', -1))?.reactions).toBe(1);
    await cme.endorse(group.id, 'https://doi.org/10.1056/nejmoa2034577', -1);
    expect((await cme.endorse(group.id, 'https://doi.org/10.1056/nejmoa2034577', -1))?.reactions).toBe(0);
    expect(await cme.endorse(group.id, 'https://unknown.example/x')).toBeNull();
  });

  it('finds a point by the message it was captured from, for reactions on that message', async () => {
    const { cme } = temp.app.services;
    await cme.share(group.id, { referenced: { file: { id: 'BQACAgQAAxkBAAIBd2', name: 'fiche.pdf' }, link: 'https://t.me/c/1234567890/42' } }, at('2026-03-20T10:00:00Z'));
    expect((await cme.endorse(group.id, 'https://t.me/c/1234567890/42'))?.reactions).toBe(1);
    expect((await cme.endorse(group.id, 'BQACAgQAAxkBAAIBd2'))?.reactions).toBe(2);
    expect(await cme.endorse(group.id, 'https://t.me/c/1234567890/43')).toBeNull();
  });

  it('finds the points shared or re-shared in a period', async () => {
    const { cme } = temp.app.services;
    await cme.share(group.id, { url: 'https://a.example/old' }, at('2026-03-01T10:00:00Z'));
    await cme.share(group.id, { url: 'https://a.example/new' }, at('2026-03-18T10:00:00Z'));
    await cme.share(group.id, { url: 'https://a.example/resurfaced' }, at('2026-03-02T10:00:00Z'));
    await cme.share(group.id, { url: 'https://a.example/resurfaced' }, at('2026-03-19T10:00:00Z'));
    await cme.share(group.id, { url: 'https://a.example/later' }, at('2026-03-23T07:00:00Z'));
    const points = await cme.pointsBetween(group.id, at('2026-03-16T07:00:00Z'), at('2026-03-23T07:00:00Z'));
    expect(points.map((p) => p.url).sort()).toEqual(['https://a.example/new', 'https://a.example/resurfaced']);
  });
});
