import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { Scheduler } from '../../src/schedule/scheduler.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { sqliteFilePath } from '../../src/store/database-url.ts';
import type { CommunityRecord } from '../../src/survey/ports.ts';
import { createTempApp, type TempApp } from '../support/temp-app.ts';
import { Clock, RecordingDriver, RecordingPublisher } from './support.ts';

// Monday 23 March 2026, 08:00 in Paris (UTC+1); the clocks change on Sunday 29 March.
const SLOT_1 = '2026-03-23T07:00:00Z';
const SLOT_2 = '2026-03-30T06:00:00Z';

let temp: TempApp;
const others: App[] = [];
afterEach(async () => {
  for (const app of others.splice(0)) await app.close();
  await temp.cleanup();
});

async function telegramGroup(app: App, chatId: string): Promise<CommunityRecord> {
  return app.services.catalog.ensureCommunity('telegram', chatId, `Groupe ${chatId}`, '2026-03-01');
}

async function share(app: App, community: CommunityRecord, url: string, at: string, extra: { title?: string; topic?: string } = {}) {
  const result = await app.services.cme.share(community.id, { url, ...extra }, new Date(at));
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

function claims(databaseUrl: string): { communityId: string; job: string; periodKey: string; status: string; coversFrom: string | null; coversTo: string | null }[] {
  const db = new Database(sqliteFilePath(databaseUrl), { readonly: true });
  try {
    return db.prepare('SELECT communityId, job, periodKey, status, coversFrom, coversTo FROM RunClaim ORDER BY periodKey').all() as never;
  } finally {
    db.close();
  }
}

describe('weekly digest', () => {
  it('is posted exactly once with two schedulers racing on one database', async () => {
    const clock = new Clock(SLOT_1);
    temp = await createTempApp({ now: clock.now });
    const second = await createApp(loadConfig({ DATA_DIR: temp.dir, DATABASE_URL: temp.databaseUrl }), { logger: silentLogger, now: clock.now });
    others.push(second);
    const groups: CommunityRecord[] = [];
    for (let i = 0; i < 12; i++) {
      const group = await telegramGroup(temp.app, `-10010000000${i}`);
      groups.push(group);
      await share(temp.app, group, `https://www.has-sante.fr/jcms/p_${i}`, '2026-03-18T10:00:00Z', { title: `Reco ${i}` });
    }
    const [a, b] = [new RecordingPublisher('telegram'), new RecordingPublisher('telegram')];
    temp.app.schedule.publishers.set('telegram', a);
    second.schedule.publishers.set('telegram', b);

    await Promise.all([temp.app.schedule.scheduler.runDue(clock.now()), second.schedule.scheduler.runDue(clock.now())]);
    // Again, as after a restart of both.
    await Promise.all([second.schedule.scheduler.runDue(clock.now()), temp.app.schedule.scheduler.runDue(clock.now())]);

    const posts = [...a.posts, ...b.posts];
    expect(posts).toHaveLength(12);
    expect(new Set(posts.map((post) => post.destination)).size).toBe(12);
    for (const group of groups) expect(posts.filter((post) => post.destination === group.externalId)).toHaveLength(1);
    expect(claims(temp.databaseUrl).map((claim) => [claim.job, claim.periodKey, claim.status])).toEqual(
      groups.map(() => ['digest', '2026-03-23', 'posted']),
    );
  });

  it('catches up at start-up a digest missed while down, if its period is still current', async () => {
    const clock = new Clock('2026-03-25T09:00:00Z');
    temp = await createTempApp({ now: clock.now });
    const group = await telegramGroup(temp.app, '-1001234567890');
    await share(temp.app, group, 'https://doi.org/10.1186/s12909-024-05149-z', '2026-03-25T09:00:00Z', { title: 'Social networks and CME', topic: 'gp' });
    await share(temp.app, group, 'https://www.nejm.org/doi/full/10.1056/NEJMoa2034577?utm_source=x', '2026-03-26T09:00:00Z', { topic: 'cardiology' });

    // Down at the slot (Monday 30 March, 08:00 summer time); back on Tuesday.
    clock.set('2026-03-31T10:00:00Z');
    const app = await temp.restart();
    const publisher = new RecordingPublisher('telegram');
    app.schedule.publishers.set('telegram', publisher);
    const scheduler = new Scheduler(app.schedule.context, new RecordingDriver());
    await scheduler.start();
    await scheduler.stop();
    expect(publisher.postsTo('-1001234567890')).toHaveLength(1);
    const [digest = ''] = publisher.postsTo('-1001234567890');
    expect(digest).toContain('du 23 mars 2026 au 30 mars 2026 (2)');
    expect(digest).toContain('Social networks and CME');
    expect(digest).toContain('https://www.nejm.org/doi/full/10.1056/NEJMoa2034577');
    expect(claims(temp.databaseUrl)).toEqual([
      { communityId: group.id, job: 'digest', periodKey: '2026-03-30', status: 'posted', coversFrom: '2026-03-23T07:00:00.000+00:00', coversTo: '2026-03-30T06:00:00.000+00:00' },
    ]);

    // Another restart in the same period posts nothing more.
    const again = await temp.restart();
    again.schedule.publishers.set('telegram', publisher);
    await new Scheduler(again.schedule.context, new RecordingDriver()).runDue(clock.set('2026-03-31T11:00:00Z'));
    expect(publisher.posts).toHaveLength(1);

    // Down for two weeks: the slot of 6 April is no longer current and is not posted on its
    // own; the digest of 13 April covers everything since the last one, nothing is lost.
    await share(again, group, 'https://pubmed.ncbi.nlm.nih.gov/34447992/', '2026-04-02T09:00:00Z', { title: 'ESC HF 2021' });
    await share(again, group, 'https://www.has-sante.fr/jcms/p_9', '2026-04-08T09:00:00Z', { title: 'Fiche HAS' });
    clock.set('2026-04-14T10:00:00Z');
    const later = await temp.restart();
    later.schedule.publishers.set('telegram', publisher);
    await later.schedule.scheduler.runDue(clock.now());
    expect(publisher.posts).toHaveLength(2);
    expect(publisher.posts[1]?.text).toContain('du 30 mars 2026 au 13 avril 2026 (2)');
    expect(claims(temp.databaseUrl).map((claim) => claim.periodKey)).toEqual(['2026-03-30', '2026-04-13']);
  });

  it('fires from the node-cron task at the community’s own time, and follows /digest config', async () => {
    const clock = new Clock('2026-03-20T12:00:00Z');
    temp = await createTempApp({ now: clock.now });
    const paris = await telegramGroup(temp.app, '-1001');
    const montreal = await telegramGroup(temp.app, '-1002');
    const driver = new RecordingDriver();
    const scheduler = new Scheduler(temp.app.schedule.context, driver);
    temp.app.services.digests.onSettingsChanged(() => void scheduler.sync());
    const publisher = new RecordingPublisher('telegram');
    temp.app.schedule.publishers.set('telegram', publisher);
    await scheduler.start();
    expect(driver.active()).toEqual([
      { name: `weekly:${paris.id}`, expression: '0 8 * * 1', timezone: 'Europe/Paris' },
      { name: `weekly:${montreal.id}`, expression: '0 8 * * 1', timezone: 'Europe/Paris' },
      { name: 'sweep', expression: '*/5 * * * *' },
    ]);

    const reply = await temp.app.dispatcher.dispatch({
      name: 'digest',
      subcommand: 'config',
      options: { day: 'thu', time: '18h30', timezone: 'America/Montreal' },
      member: { platform: 'telegram', userId: '42' },
      isAdmin: true,
      language: 'fr',
      community: montreal,
      services: temp.app.services,
      now: clock.now(),
    });
    expect(reply.text).toContain('chaque jeudi à 18:30 (America/Montreal)');
    await scheduler.sync();
    expect(driver.active()).toContainEqual({ name: `weekly:${montreal.id}`, expression: '30 18 * * 4', timezone: 'America/Montreal' });
    expect(driver.active().filter((spec) => spec.name === `weekly:${montreal.id}`)).toHaveLength(1);

    await share(temp.app, montreal, 'https://www.inspq.qc.ca/publications/3000', '2026-03-24T15:00:00Z', { title: 'Avis INSPQ' });
    clock.set('2026-03-26T22:30:00Z'); // Thursday 18:30 in Montreal (UTC-4 since 8 March)
    await driver.fire(`weekly:${montreal.id}`);
    expect(publisher.postsTo('-1002')).toHaveLength(1);
    expect(publisher.postsTo('-1002')[0]).toContain('Avis INSPQ');
    await scheduler.stop();
    expect(driver.active()).toEqual([]);
  });

  it('posts on a tick that fires a hair early, and from the sweep when a tick was missed', async () => {
    const clock = new Clock('2026-03-20T12:00:00Z');
    temp = await createTempApp({ now: clock.now });
    const early = await telegramGroup(temp.app, '-1011');
    const missed = await telegramGroup(temp.app, '-1012');
    for (const group of [early, missed]) await share(temp.app, group, `https://example.org/${group.externalId}`, '2026-03-20T10:00:00Z');
    const driver = new RecordingDriver();
    const scheduler = new Scheduler(temp.app.schedule.context, driver);
    const publisher = new RecordingPublisher('telegram');
    temp.app.schedule.publishers.set('telegram', publisher);
    await scheduler.start();

    clock.set('2026-03-23T06:59:59.998Z');
    await driver.fire(`weekly:${early.id}`, new Date(SLOT_1));
    expect(publisher.posts.map((post) => post.destination)).toEqual(['-1011']);
    // The other community's tick never came (the machine slept); the next sweep posts it.
    clock.set('2026-03-23T07:05:00Z');
    await driver.fire('sweep');
    expect(publisher.posts.map((post) => post.destination)).toEqual(['-1011', '-1012']);
    await driver.fire('sweep');
    expect(publisher.posts).toHaveLength(2);
    await scheduler.stop();
  });

  it('skips empty weeks unless configured, and a platform that is not running', async () => {
    const clock = new Clock(SLOT_1);
    temp = await createTempApp({ now: clock.now });
    const quiet = await telegramGroup(temp.app, '-1003');
    const server = await temp.app.services.catalog.ensureCommunity('discord', '900000000000000001', 'Serveur', '2026-03-01');
    await share(temp.app, server, 'https://www.has-sante.fr/jcms/p_1', '2026-03-20T10:00:00Z');
    const telegram = new RecordingPublisher('telegram');
    temp.app.schedule.publishers.set('telegram', telegram);

    await temp.app.schedule.scheduler.runDue(clock.now());
    expect(telegram.posts).toEqual([]);
    // The quiet week is settled (claimed as empty); the Discord server was left alone.
    expect(claims(temp.databaseUrl).map((claim) => [claim.communityId, claim.status])).toEqual([[quiet.id, 'empty']]);

    // Discord comes up: its server has no channel yet, then gets one.
    const discord = new RecordingPublisher('discord');
    temp.app.schedule.publishers.set('discord', discord);
    await temp.app.schedule.scheduler.runDue(clock.now());
    expect(discord.posts).toEqual([]);
    await temp.app.services.digests.configure(server, { channel: '<#900000000000000777>' }, 'en', clock.now());
    await temp.app.schedule.scheduler.runDue(clock.now());
    expect(discord.posts.map((post) => post.destination)).toEqual(['900000000000000777']);
    expect(discord.posts[0]?.text).toContain('CME points shared from 16 March 2026 to 23 March 2026 (1)');

    // Next week, the quiet group asked for empty weeks too.
    await temp.app.services.digests.configure(quiet, { empty_weeks: 'on' }, 'fr', clock.now());
    await temp.app.schedule.scheduler.runDue(clock.set(SLOT_2));
    expect(telegram.postsTo('-1003')).toEqual([
      '📚 Points FMC partagés du 23 mars 2026 au 30 mars 2026 (0)\nAucun point FMC partagé sur la période. Partagez une recommandation, un article ou une fiche avec /cme.',
    ]);
  });

  it('keeps going when one community fails, and never retries a failed post', async () => {
    const clock = new Clock(SLOT_1);
    temp = await createTempApp({ now: clock.now });
    const down = await telegramGroup(temp.app, '-1004');
    const fine = await telegramGroup(temp.app, '-1005');
    const broken = await telegramGroup(temp.app, '-1006');
    for (const group of [down, fine, broken]) await share(temp.app, group, `https://example.org/${group.externalId}`, '2026-03-20T10:00:00Z');
    // A settings row no code path could write (an unknown zone): that community's job throws.
    await temp.app.db.$executeRawUnsafe(
      `INSERT INTO DigestConfig (communityId, destination, weekday, time, timeZone, enabled, emptyWeeks, results, language) VALUES ('${broken.id}', NULL, 1, '08:00', 'Mars/Olympus_Mons', 1, 0, 1, 'fr')`,
    );
    const publisher = new RecordingPublisher('telegram');
    publisher.failing.add('-1004');
    temp.app.schedule.publishers.set('telegram', publisher);

    const report = await temp.app.schedule.scheduler.runDue(clock.now());
    expect(report).toEqual({ communities: 3, failures: 1 });
    expect(publisher.posts.map((post) => post.destination)).toEqual(['-1005']);
    publisher.failing.clear();
    await temp.app.schedule.scheduler.runDue(clock.now());
    expect(publisher.posts.map((post) => post.destination)).toEqual(['-1005']);
    expect(claims(temp.databaseUrl).map((claim) => [claim.communityId, claim.status]).sort()).toEqual(
      [[down.id, 'failed'], [fine.id, 'posted']].sort(),
    );
  });
});
