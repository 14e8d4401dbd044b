/**
 * Discord's gateway (the WebSocket that brings 👍 reactions, and interactions when no
 * HTTP endpoint is configured) must run on one instance at a time: two connections would
 * count each reaction twice. The instance holding the lease named "discord-gateway" in the
 * database connects; the others wait. The holder renews the lease well before it expires;
 * when it dies, its lease runs out and the next instance to try takes over and connects.
 */
import type { Logger } from '../../shared/logger.ts';

/** Named leases in the shared database (table Lease). */
export interface LeaseStore {
  /**
   * Takes or renews the lease `name` for `holder` until `now + ttlMs`: succeeds when the lease
   * is free, expired, or already this holder's. One caller wins when several race.
   */
  acquire(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean>;
  /** Gives the lease up if `holder` has it, so another instance need not wait for it to expire. */
  release(name: string, holder: string): Promise<void>;
}

/** For one process (tests, a single instance without a shared database). */
export class MemoryLeaseStore implements LeaseStore {
  private readonly leases = new Map<string, { holder: string; expiresAt: number }>();

  async acquire(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const current = this.leases.get(name);
    if (current && current.holder !== holder && current.expiresAt > now.getTime()) return false;
    this.leases.set(name, { holder, expiresAt: now.getTime() + ttlMs });
    return true;
  }

  async release(name: string, holder: string): Promise<void> {
    if (this.leases.get(name)?.holder === holder) this.leases.delete(name);
  }
}

export const GATEWAY_LEASE = 'discord-gateway';

export interface GatewayLeaseOptions {
  readonly store: LeaseStore;
  readonly holder: string;
  readonly logger: Logger;
  /** How long a lease lasts without renewal: the takeover delay after a holder dies. */
  readonly ttlMs?: number;
  /** How often the lease is renewed or tried for. */
  readonly intervalMs?: number;
  readonly connect: () => Promise<void>;
  readonly disconnect: () => Promise<void>;
  readonly now?: () => Date;
}

export class GatewayLease {
  private timer: NodeJS.Timeout | null = null;
  private connected = false;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly ttlMs: number;
  private readonly intervalMs: number;

  constructor(private readonly options: GatewayLeaseOptions) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.intervalMs = options.intervalMs ?? Math.floor(this.ttlMs / 3);
  }

  /** Whether this instance holds the gateway now. */
  get holding(): boolean {
    return this.connected;
  }

  /** Tries once at once (so a lone instance connects before start-up finishes), then on a timer. */
  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => {
      this.ticking = this.ticking.then(() => this.tick());
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    if (this.connected) {
      this.connected = false;
      await this.options.disconnect();
    }
    await this.options.store.release(GATEWAY_LEASE, this.options.holder).catch((error: unknown) => {
      this.options.logger.warn('discord gateway lease release failed', { error });
    });
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const { store, holder, logger } = this.options;
    let held: boolean;
    try {
      held = await store.acquire(GATEWAY_LEASE, holder, this.ttlMs, (this.options.now ?? (() => new Date()))());
    } catch (error) {
      // Without the database we cannot know whether we still hold it: step down to be safe.
      logger.warn('discord gateway lease check failed', { error });
      held = false;
    }
    if (held && !this.connected) {
      logger.info('discord gateway lease taken: connecting');
      this.connected = true;
      try {
        await this.options.connect();
      } catch (error) {
        this.connected = false;
        logger.error('discord gateway connection failed', { error });
        await store.release(GATEWAY_LEASE, holder).catch(() => undefined);
      }
    } else if (!held && this.connected) {
      logger.warn('discord gateway lease lost: disconnecting');
      this.connected = false;
      await this.options.disconnect();
    }
  }
}
