/**
 * Clean shutdown on SIGTERM/SIGINT (a deployment, `docker stop`, Ctrl-C): steps run in the
 * order of their phase, each bounded, so one that hangs cannot keep the process from exiting:
 *
 *   readiness  /readyz answers 503, so load balancers stop sending work here
 *   intake     platforms stop taking updates and finish the ones in hand (~10 s at most)
 *   scheduler  cron tasks stop (a post being made finishes within this bound)
 *   leases     leases held by this instance are released, so another takes over at once
 *   database   the connection pool is closed
 *   server     the HTTP server closes
 *
 * A failed or timed-out step is logged and the next one runs; the exit code stays 0 for a
 * signal (the orchestrator asked for it), 1 only when a step failed.
 */
import type { Logger } from '../shared/logger.ts';

export const PHASES = ['readiness', 'intake', 'scheduler', 'leases', 'database', 'server'] as const;
export type Phase = (typeof PHASES)[number];

interface Step {
  readonly phase: Phase;
  readonly name: string;
  readonly run: () => Promise<void>;
  readonly timeoutMs: number;
}

export interface ShutdownOptions {
  readonly logger: Logger;
  /** Bound of each step unless it gives its own; the intake's in-flight work gets this much. */
  readonly stepTimeoutMs?: number;
}

export class Shutdown {
  private readonly steps: Step[] = [];
  private running: Promise<number> | null = null;
  private readonly stepTimeoutMs: number;

  constructor(private readonly options: ShutdownOptions) {
    this.stepTimeoutMs = options.stepTimeoutMs ?? 10_000;
  }

  /** Registers a step; steps of one phase run together, phases in the order of PHASES. */
  add(phase: Phase, name: string, run: () => Promise<void> | void, timeoutMs?: number): void {
    this.steps.push({ phase, name, run: async () => run(), timeoutMs: timeoutMs ?? this.stepTimeoutMs });
  }

  get started(): boolean {
    return this.running !== null;
  }

  /** Runs every step once (later calls get the same result); resolves to the exit code. */
  run(reason: string): Promise<number> {
    this.running ??= this.runSteps(reason);
    return this.running;
  }

  /**
   * Installs the signal handlers: the first signal shuts down and exits; a second one while
   * shutting down exits at once (an operator who presses Ctrl-C twice means it).
   */
  install(exit: (code: number) => void = (code) => process.exit(code)): void {
    const onSignal = (signal: NodeJS.Signals) => {
      if (this.started) {
        this.options.logger.warn('second signal: exiting now', { signal });
        exit(1);
        return;
      }
      void this.run(signal).then(exit);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }

  private async runSteps(reason: string): Promise<number> {
    const { logger } = this.options;
    const started = Date.now();
    logger.info('shutting down', { reason });
    let failed = false;
    for (const phase of PHASES) {
      const steps = this.steps.filter((step) => step.phase === phase);
      const results = await Promise.all(steps.map((step) => this.runStep(step)));
      if (results.includes(false)) failed = true;
    }
    logger.info('shut down', { reason, ms: Date.now() - started, clean: !failed });
    return failed ? 1 : 0;
  }

  private async runStep(step: Step): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), step.timeoutMs);
      timer.unref();
    });
    try {
      const outcome = await Promise.race([step.run().then(() => 'done' as const), timedOut]);
      if (outcome === 'timeout') {
        this.options.logger.warn('shutdown step timed out', { phase: step.phase, step: step.name, timeoutMs: step.timeoutMs });
      }
      return true;
    } catch (error) {
      this.options.logger.error('shutdown step failed', { phase: step.phase, step: step.name, error });
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
