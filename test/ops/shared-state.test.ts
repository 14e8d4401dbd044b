/**
 * What instances share through the database, on both backends: named leases (the Discord
 * gateway runs on one instance, taken over when its holder dies) and the ledger of platform
 * updates (a redelivered update handled once, on any instance).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GATEWAY_LEASE, GatewayLease } from '../../src/platforms/discord/gateway-lease.ts';
import { UPDATE_LEASE_MS } from '../../src/platforms/update-ledger.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { PrismaLeases } from '../../src/store/leases.ts';
import { PrismaUpdateLedger } from '../../src/store/processed-updates.ts';
import { describeBackends } from '../support/backends.ts';
import { createTempApp, type TempApp } from '../support/temp-app.ts';

const T0 = new Date('2026-03-23T07:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

describeBackends('shared state', (backend) => {
  let temp: TempApp;
  beforeAll(async () => {
    temp = await createTempApp({ backend });
  });
  afterAll(async () => {
    await temp?.cleanup();
  });

  it('gives a lease to one holder until it expires, renews it for that holder, and releases it', async () => {
    const leases = new PrismaLeases(temp.app.db);
    const racers = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((holder) => leases.acquire('race', holder, 30_000, T0)));
    expect(racers.filter(Boolean)).toHaveLength(1);
    const winner = ['a', 'b', 'c', 'd', 'e'][racers.indexOf(true)] as string;
    const loser = winner === 'a' ? 'b' : 'a';
    expect(await leases.acquire('race', loser, 30_000, later(29_000))).toBe(false);
    expect(await leases.acquire('race', winner, 30_000, later(29_000))).toBe(true);
    // Renewed at 29 s: still held at 50 s, free after 59 s.
    expect(await leases.acquire('race', loser, 30_000, later(50_000))).toBe(false);
    expect(await leases.acquire('race', loser, 30_000, later(59_001))).toBe(true);
    await leases.release('race', winner);
    expect(await leases.acquire('race', winner, 30_000, later(60_000))).toBe(false);
    await leases.release('race', loser);
    expect(await leases.acquire('race', winner, 30_000, later(60_000))).toBe(true);
  });

  it('moves the Discord gateway to a standby instance once the holder dies and its lease runs out', async () => {
    const store = new PrismaLeases(temp.app.db);
    let now = T0;
    const events: string[] = [];
    const instance = (name: string) =>
      new GatewayLease({
        store,
        holder: name,
        logger: silentLogger,
        ttlMs: 30_000,
        intervalMs: 3_600_000,
        now: () => now,
        connect: async () => void events.push(`${name} connects`),
        disconnect: async () => void events.push(`${name} disconnects`),
      });
    const a = instance('A');
    const b = instance('B');
    await a.start();
    await b.start();
    expect(events).toEqual(['A connects']);
    expect([a.holding, b.holding]).toEqual([true, false]);
    // A dies (its process is killed: no release, no renewal); B keeps trying.
    now = later(20_000);
    await (b as unknown as { tick(): Promise<void> }).tick();
    expect(b.holding).toBe(false);
    now = later(30_001);
    await (b as unknown as { tick(): Promise<void> }).tick();
    expect(events).toEqual(['A connects', 'B connects']);
    expect(b.holding).toBe(true);
    // A stopping cleanly would have released it at once: B's stop does, for whoever is next.
    await b.stop();
    expect(events.at(-1)).toBe('B disconnects');
    expect(await store.acquire(GATEWAY_LEASE, 'C', 30_000, later(30_002))).toBe(true);
    await store.release(GATEWAY_LEASE, 'C');
    await (a as unknown as { stop(): Promise<void> }).stop();
  });

  it('admits an update once, sends a redelivery of one in flight back, and takes over an abandoned one', async () => {
    const ledger = new PrismaUpdateLedger(temp.app.db);
    const racing = await Promise.all([1, 2, 3].map(() => ledger.admit('telegram:1', T0)));
    expect(racing.filter((admission) => admission === 'first')).toHaveLength(1);
    expect(racing.filter((admission) => admission === 'in_flight')).toHaveLength(2);
    await ledger.complete('telegram:1', later(100));
    expect(await ledger.admit('telegram:1', later(200))).toBe('done');
    expect(await ledger.admit('telegram:1', later(UPDATE_LEASE_MS * 10))).toBe('done');

    // Claimed by an instance that died before finishing it: redelivered to another after the lease.
    expect(await ledger.admit('telegram:2', T0)).toBe('first');
    expect(await ledger.admit('telegram:2', later(UPDATE_LEASE_MS - 1))).toBe('in_flight');
    const takeovers = await Promise.all([1, 2].map(() => ledger.admit('telegram:2', later(UPDATE_LEASE_MS + 1))));
    expect(takeovers.sort()).toEqual(['first', 'in_flight']);

    // Pruning (a day later in production) forgets what is older than its limit, and only that.
    expect(await ledger.prune(later(50))).toBe(1);
    expect(await ledger.prune(later(UPDATE_LEASE_MS * 2))).toBe(2);
    expect(await ledger.admit('telegram:1', later(UPDATE_LEASE_MS * 2))).toBe('first');
  });
});
