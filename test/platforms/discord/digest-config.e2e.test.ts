/**
 * /digest config with Discord's channel picker: the option arrives as a channel (type 7) whose
 * value is the channel id, the community's digest goes to that channel, and members without
 * Manage Server are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, stray } from './harness.ts';
import { EPHEMERAL } from './survey-driver.ts';

let h: Harness;

beforeAll(async () => {
  h = await Harness.start();
  h.app.schedule.publishers.set('discord', h.discord.publisher);
});

afterAll(async () => {
  await h?.stop();
});

describe('Discord /digest config channel:', () => {
  it('refuses a member without Manage Server, changing nothing', async () => {
    const member = h.fake.user('dr.membre');
    const reply = await h.command(member, 'digest', { subcommand: 'config', options: { channel: { channel: h.fake.channelId } } });
    expect(reply.callbacks[0]).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(h.fake.original(reply).content).toBe('This command is for the community’s admins.');
    expect(await h.app.db.digestConfig.count()).toBe(0);
  });

  it('sets the channel an admin picked, by its id, and shows it as a mention', async () => {
    const admin = h.fake.user('dr.admin', { admin: true });
    const reply = await h.command(admin, 'digest', { subcommand: 'config', options: { channel: { channel: h.fake.channelId }, empty_weeks: true } });
    // The option really went out as a channel option, with the channel resolved.
    expect(reply.payload.data.options[0].options[0]).toEqual({ name: 'channel', type: 7, value: h.fake.channelId });
    expect(reply.payload.data.resolved.channels[h.fake.channelId]).toMatchObject({ id: h.fake.channelId, type: 0 });
    const content = h.fake.original(reply).content;
    expect(h.fake.original(reply).flags).toBe(EPHEMERAL);
    expect(content).toContain(`<#${h.fake.channelId}>`);
    const config = await h.app.db.digestConfig.findFirstOrThrow();
    expect(config).toMatchObject({ destination: h.fake.channelId, emptyWeeks: true });
  });

  it('posts the digest in that channel', async () => {
    const community = await h.app.db.community.findFirstOrThrow({ where: { platform: 'discord' } });
    const before = h.fake.calls.length;
    const inAWeek = new Date(Date.now() + 8 * 24 * 3600 * 1000);
    await h.app.schedule.scheduler.runWeekly({ ...community }, inAWeek);
    const posts = h.fake.calls.slice(before).filter((call) => call.method === 'POST' && call.path.startsWith('/api/v10/channels/'));
    expect(posts.map((call) => call.path)).toEqual([`/api/v10/channels/${h.fake.channelId}/messages`]);
    expect(posts[0]?.status).toBe(200);
    expect(h.fake.problems).toEqual([]);
    expect(stray).toEqual([]);
  });

  it('refuses a channel of another server and one the bot cannot see, saving nothing', async () => {
    const community = await h.app.db.community.findFirstOrThrow({ where: { platform: 'discord' } });
    const configure = (channel: string) => h.app.services.digests.configure({ ...community }, { channel }, 'en', new Date());
    expect(await configure(h.fake.foreignChannelId)).toEqual({ ok: false, error: { code: 'digest.foreign_channel', value: h.fake.foreignChannelId } });
    expect(await configure('123456789012345678')).toEqual({ ok: false, error: { code: 'digest.unknown_channel', value: '123456789012345678' } });
    expect((await h.app.db.digestConfig.findFirstOrThrow()).destination).toBe(h.fake.channelId);
  });

  it('tells whether the bot posted a message since a time (the check after taking over a claim)', async () => {
    const posted = [...h.fake.messages.values()].filter((m) => m.channelId === h.fake.channelId && !m.author).at(-1);
    expect(posted).toBeDefined();
    const publisher = h.discord.publisher;
    const head = (posted?.content ?? '').slice(0, 60);
    expect(await publisher.postedSince?.(h.fake.channelId, head, new Date(Date.now() - 60_000))).toBe(true);
    expect(await publisher.postedSince?.(h.fake.channelId, head, new Date(Date.now() + 60_000))).toBe(false);
    expect(await publisher.postedSince?.(h.fake.channelId, 'Nothing like this was ever posted', new Date(0))).toBe(false);
  });
});
