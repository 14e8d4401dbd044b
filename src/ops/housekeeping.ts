/**
 * Periodic clean-up an instance does beside its real work: forgetting platform updates
 * handled more than a day ago (platforms stop redelivering long before). Every instance may
 * run it; the deletes are idempotent.
 */
import type { UpdateLedger } from '../platforms/update-ledger.ts';
import type { Logger } from '../shared/logger.ts';

const KEEP_MS = 24 * 3_600_000;
const EVERY_MS = 3_600_000;

export function startHousekeeping(ledger: UpdateLedger, logger: Logger): { stop(): void } {
  const run = () => {
    ledger.prune(new Date(Date.now() - KEEP_MS)).then(
      (removed) => {
        if (removed > 0) logger.debug('old update records pruned', { removed });
      },
      (error: unknown) => logger.warn('pruning old update records failed', { error }),
    );
  };
  const timer = setInterval(run, EVERY_MS);
  timer.unref();
  run();
  return { stop: () => clearInterval(timer) };
}
