/**
 * A claim has a lease: an instance that dies mid-post leaves its claim "running", and once the
 * lease has ended another instance takes it over (one wins when several try), checks where
 * the platform allows whether the post went out, and makes it otherwise. A post that could
 * not be made is shown to admins in /digest config. A digest destination must belong to the
 * community.
 */
import { afterEach, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { CommunityPublisher, DestinationCheck } from '../../src/platforms/publisher.ts';
import { CLAIM_LEASE_MS } from '../../src/schedule/claim.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { CommunityRecord } from '../../src/survey/ports.ts';
import { describeBackends } from '../support/backends.ts';
import { createTempApp, type TempApp } from '../support/temp-app.ts';
import { Clock, RecordingPublisher } from './support.ts';

// Monday 23 March 2026, 08:00 in Paris.
const SLOT = '2026-03-23T07:00:00Z';
const at = (iso: string, plusMs: number) => new Date(new Date(iso).getTime() + plusMs).toISOString();

let temp: TempApp;
const others: App[] = [];
afterEach(async () => {
  for (const app of others.splice(0)) await app.close();
  await temp.cleanup();
});

async function groupWithShare(app: App, chatId: string): Promise<CommunityRecord> {
  const group = await app.services.catalog.ensureCommunity('telegram', chatId, `Groupe ${chatId}`, '2026-03-01');
  const shared = await app.services.cme.share(group.id, { url: `https://www.has-sante.fr/jcms/${chatId}`, title: 'Reco' }, new Date('2026-03-18T10:00:00Z'));
  if (!shared.ok) throw new Error(JSON.stringify(shared.error));
  return group;
}

/** The claim a dead instance left: inserted, never finished. */
async function abandonedClaim(app: App, community: CommunityRecord, claimedAt: string): Promise<void> {
  const inserted = await app.schedule.context.claims.claim({
    communityId: community.id,
    job: 'digest',
    periodKey: '2026-03-23',
    at: new Date(claimedAt),
    instance: 'dead-instance',
    leaseUntil: new Date(new Date(claimedAt).getTime() + CLAIM_LEASE_MS),
  });
  expect(inserted).toBe(true);
}

async function claimRow(app: App, community: CommunityRecord) {
  return app.db.runClaim.findUniqueOrThrow({ where: { communityId_job_periodKey: { communityId: community.id, job: 'digest', periodKey: '2026-03-23' } } });
}

describeBackends('scheduled posts: claims with a lease', (backend) => {
  it('leaves a running claim alone within its lease, and takes it over once, after it', async () => {
    const clock = new Clock(SLOT);
    temp = await createTempApp({ now: clock.now, backend });
    const second = await createApp(loadConfig({ DATA_DIR: temp.dir, DATABASE_URL: temp.databaseUrl }), { logger: silentLogger, now: clock.now });
    others.push(second);
    const group = await groupWithShare(temp.app, '-1001');
    await abandonedClaim(temp.app, group, SLOT);
    const [a, b] = [new RecordingPublisher('telegram'), new RecordingPublisher('telegram')];
    temp.app.schedule.publishers.set('telegram', a);
    second.schedule.publishers.set('telegram', b);

    clock.set(at(SLOT, CLAIM_LEASE_MS - 60_000));
    await Promise.all([temp.app.schedule.scheduler.runDue(clock.now()), second.schedule.scheduler.runDue(clock.now())]);
    expect([...a.posts, ...b.posts]).toEqual([]);
    expect((await claimRow(temp.app, group)).status).toBe('running');

    clock.set(at(SLOT, CLAIM_LEASE_MS + 60_000));
    await Promise.all([temp.app.schedule.scheduler.runDue(clock.now()), second.schedule.scheduler.runDue(clock.now())]);
    await Promise.all([temp.app.schedule.scheduler.runDue(clock.now()), second.schedule.scheduler.runDue(clock.now())]);
    const posts = [...a.posts, ...b.posts];
    expect(posts).toHaveLength(1);
    expect(posts[0]?.destination).toBe('-1001');
    const row = await claimRow(temp.app, group);
    expect(row.status).toBe('posted');
    expect(row.instance).not.toBe('dead-instance');
  });

  it('records the post as made, without posting again, when the platform shows it went out', async () => {
    const clock = new Clock(SLOT);
    temp = await createTempApp({ now: clock.now, backend });
    const group = await groupWithShare(temp.app, '-1002');
    await abandonedClaim(temp.app, group, SLOT);
    const publisher = new RecordingPublisher('telegram');
    const asked: { destination: string; since: Date }[] = [];
    const checking: CommunityPublisher = Object.assign(publisher, {
      postedSince: async (destination: string, _text: string, since: Date) => {
        asked.push({ destination, since });
        return true;
      },
    });
    temp.app.schedule.publishers.set('telegram', checking);
    clock.set(at(SLOT, CLAIM_LEASE_MS + 1000));
    await temp.app.schedule.scheduler.runDue(clock.now());
    expect(publisher.posts).toEqual([]);
    expect(asked).toEqual([{ destination: '-1002', since: new Date(SLOT) }]);
    expect(await claimRow(temp.app, group)).toMatchObject({ status: 'posted', detail: 'found posted after takeover' });
  });

  it('shows a post that could not be made to admins in /digest config', async () => {
    const clock = new Clock(SLOT);
    temp = await createTempApp({ now: clock.now, backend });
    const group = await groupWithShare(temp.app, '-1003');
    const publisher = new RecordingPublisher('telegram');
    publisher.failing.add('-1003');
    temp.app.schedule.publishers.set('telegram', publisher);
    await temp.app.schedule.scheduler.runDue(clock.now());
    expect((await claimRow(temp.app, group)).status).toBe('failed');

    const shown = await temp.app.services.digests.show(group, clock.now());
    expect(shown.failures).toEqual([{ job: 'digest', periodKey: '2026-03-23', at: new Date(SLOT), detail: '0/1 Error' }]);
    const reply = await temp.app.dispatcher.dispatch({
      name: 'digest',
      subcommand: 'config',
      options: {},
      member: { platform: 'telegram', userId: '42' },
      isAdmin: true,
      language: 'en',
      community: group,
      services: temp.app.services,
      now: clock.now(),
    });
    expect(reply.text).toContain('Posts that could not be made: digest Monday, 23 March 2026 at 08:00 (0/1 Error)');
  });
});

describeBackends('digest destination', (backend) => {
  class CheckingPublisher extends RecordingPublisher {
    readonly checked: string[] = [];
    async checkDestination(_community: CommunityRecord, destination: string): Promise<DestinationCheck> {
      this.checked.push(destination);
      if (destination === '-100777') return { ok: true };
      if (destination === '-100888') return { ok: false, reason: 'foreign' };
      return { ok: false, reason: 'unknown' };
    }
  }

  it('takes the group itself and a chat the platform says is the community’s, and refuses others, saving nothing', async () => {
    temp = await createTempApp({ backend });
    const group = await temp.app.services.catalog.ensureCommunity('telegram', '-100555', 'Groupe', '2026-03-01');
    const publisher = new CheckingPublisher('telegram');
    temp.app.schedule.publishers.set('telegram', publisher);
    const configure = (channel: string) => temp.app.services.digests.configure(group, { channel }, 'en', new Date(SLOT));

    expect((await configure('-100555')).ok).toBe(true);
    expect(publisher.checked).toEqual([]);
    expect(await configure('-100888')).toEqual({ ok: false, error: { code: 'digest.foreign_channel', value: '-100888' } });
    expect(await configure('-100999')).toEqual({ ok: false, error: { code: 'digest.unknown_channel', value: '-100999' } });
    expect((await temp.app.services.digests.show(group, new Date(SLOT))).settings.destination).toBe('-100555');
    const linked = await configure('-100777');
    expect(linked.ok && linked.value.destination).toBe('-100777');
  });
});
