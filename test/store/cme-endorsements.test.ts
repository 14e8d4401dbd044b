/**
 * A member counts once per CME point, on both backends: re-sharing the same article (in any
 * written form) changes nothing and says so, another member counts, and the database holds
 * only opaque endorser keys, never the user ids.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { DispatchRequest } from '../../src/commands/dispatch.ts';
import type { CommunityRecord } from '../../src/survey/ports.ts';
import { findInDatabase } from '../support/anonymity-audit.ts';
import { describeBackends } from '../support/backends.ts';
import { createTempApp, type TempApp } from '../support/temp-app.ts';

const NOW = new Date('2026-03-25T10:00:00Z');
const alice = { platform: 'telegram', userId: '5012345678' };
const bob = { platform: 'telegram', userId: '5098765432' };

describeBackends('CME endorsements', (backend) => {
  let temp: TempApp;
  let group: CommunityRecord;
  beforeEach(async () => {
    temp = await createTempApp({ backend, now: () => NOW });
    group = await temp.app.services.catalog.ensureCommunity('telegram', '-100777', 'Médecins', '2026-03-01');
  });
  afterEach(() => temp.cleanup());

  const cme = (member: typeof alice, url: string) =>
    temp.app.dispatcher.dispatch({
      name: 'cme',
      subcommand: null,
      options: { url },
      member,
      isAdmin: false,
      language: 'en',
      community: group,
      services: temp.app.services,
      now: NOW,
    } satisfies DispatchRequest);

  it('counts each member once per point, whatever form the link takes', async () => {
    expect((await cme(alice, 'https://doi.org/10.1056/NEJMoa2307563')).text).toMatch(/^📌 Added to the CME digest/);
    const again = await cme(alice, 'https://www.nejm.org/doi/full/10.1056/NEJMoa2307563');
    expect(again.text).toMatch(/^You already shared .*: each member counts once \(1 endorsement\(s\) in all\)\./);
    expect(again.private).toBe(true);
    expect((await cme(alice, '10.1056/NEJMoa2307563')).text).toMatch(/You already shared/);
    const byBob = await cme(bob, 'doi:10.1056/NEJMoa2307563');
    expect(byBob.text).toContain('(2 in all)');
    const points = await temp.app.services.cme.pointsBetween(group.id, new Date('2026-03-01'), new Date('2026-04-01'));
    expect(points.map((p) => p.shares)).toEqual([2]);
    expect(await temp.app.db.cmeEndorsement.count()).toBe(2);
    expect(await findInDatabase(temp.databaseUrl, [alice.userId, bob.userId])).toEqual([]);
  });
});
