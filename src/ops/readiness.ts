/**
 * Readiness checks of an instance: the database answers a trivial query, and each platform
 * adapter says it is connected. A check failing makes /readyz answer 503.
 */
import type { Database } from '../store/client.ts';
import type { ReadinessCheck } from './http-server.ts';
import type { Telemetry } from './telemetry.ts';

export function databaseCheck(db: Pick<Database, '$queryRawUnsafe'>, telemetry?: Telemetry): ReadinessCheck {
  return {
    name: 'database',
    async check() {
      try {
        await db.$queryRawUnsafe('SELECT 1');
        return true;
      } catch (error) {
        telemetry?.databaseError('readiness');
        throw error;
      }
    },
  };
}

export function platformCheck(name: string, ready: () => boolean): ReadinessCheck {
  return { name, check: async () => ready() };
}
