/**
 * An instance that does not hold the Discord gateway (another instance has the lease) still
 * serves everything that goes over REST: scheduled posts in the community's channel, the
 * digest destination check, and the "was it posted" check after a takeover.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_LEASE, MemoryLeaseStore } from '../../../src/platforms/discord/gateway-lease.ts';
import { Harness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  const leases = new MemoryLeaseStore();
  await leases.acquire(GATEWAY_LEASE, 'the-other-instance', 60_000, new Date());
  h = await Harness.start({ leases, instance: 'standby' });
});

afterAll(async () => {
  await h?.stop();
});

describe('Discord standby instance', () => {
  it('does not connect to the gateway while another instance holds it', () => {
    expect(h.fake.identifies).toHaveLength(0);
    expect(h.discord.holdsGateway()).toBe(false);
  });

  it('posts in the community channel, checks destinations, and finds its own posts over REST', async () => {
    const since = new Date(Date.now() - 1000);
    await h.discord.publisher.postToCommunity(h.fake.channelId, { text: 'Digest de la semaine (standby)' });
    const posted = [...h.fake.messages.values()].filter((m) => m.channelId === h.fake.channelId && !m.author);
    expect(posted.map((m) => m.content)).toEqual(['Digest de la semaine (standby)']);
    const community = { id: 'c', platform: 'discord', externalId: h.fake.guildId, name: null } as never;
    expect(await h.discord.publisher.checkDestination?.(community, h.fake.channelId)).toEqual({ ok: true });
    expect(await h.discord.publisher.checkDestination?.(community, h.fake.foreignChannelId)).toEqual({ ok: false, reason: 'foreign' });
    expect(await h.discord.publisher.postedSince?.(h.fake.channelId, 'Digest de la semaine', since)).toBe(true);
  });
});
