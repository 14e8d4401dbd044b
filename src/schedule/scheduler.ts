/**
 * node-cron wiring: one weekly task per community at its own day, time and time zone (digest,
 * then progress posts), and one sweep every five minutes (final summaries, reminders,
 * re-reading schedules another instance may have changed, and weekly posts whose tick was
 * missed). At start, the current period's posts that are not claimed yet are made at once
 * (catch-up after downtime).
 *
 * Tasks only call the due-based jobs with the injected clock; whether anything is posted is
 * decided by the claim rows, never by node-cron, so an extra tick or a second instance is
 * harmless. One failing job or community is logged and never stops the others.
 */
import cron from 'node-cron';
import { DEFAULT_DIGEST_SETTINGS, type DigestSettings } from '../cme/digest-settings.ts';
import { isDatabaseError } from '../shared/logger.ts';
import type { CommunityRecord } from '../survey/ports.ts';
import type { ScheduleContext } from './context.ts';
import { runDigest } from './digest-job.ts';
import { runReminders } from './reminder-job.ts';
import { runFinalSummaries, runProgress } from './results-jobs.ts';
import { cronExpression, slotOf } from './weekly.ts';

export const SWEEP_EXPRESSION = '*/5 * * * *';

export interface CronSpec {
  readonly name: string;
  readonly expression: string;
  /** IANA zone; absent for the sweep, whose every-five-minutes needs none. */
  readonly timezone?: string;
}

export interface CronHandle {
  stop(): void | Promise<void>;
}

/** The part of node-cron the scheduler uses, so tests can record the specs instead of waiting. */
export interface CronDriver {
  /** `run` receives the instant the task was scheduled for. */
  schedule(spec: CronSpec, run: (scheduledFor?: Date) => Promise<unknown>): CronHandle;
}

/** Builds a node-cron task (not started) for a spec: noOverlap, the community's zone. */
export function createCronTask(spec: CronSpec, run: (scheduledFor?: Date) => Promise<unknown>) {
  return cron.createTask(spec.expression, (context) => run(context.date), {
    name: spec.name,
    noOverlap: true,
    ...(spec.timezone ? { timezone: spec.timezone } : {}),
  });
}

export const nodeCronDriver: CronDriver = {
  schedule(spec, run) {
    const task = createCronTask(spec, run);
    void task.start();
    return { stop: () => task.destroy() };
  },
};

export function weeklySpec(community: Pick<CommunityRecord, 'id'>, settings: Pick<DigestSettings, 'weekday' | 'time' | 'timeZone'>): CronSpec {
  return { name: `weekly:${community.id}`, expression: cronExpression(slotOf(settings)), timezone: settings.timeZone };
}

export interface RunDueReport {
  readonly communities: number;
  readonly failures: number;
}

export class Scheduler {
  private readonly weekly = new Map<string, { signature: string; handle: CronHandle }>();
  private sweep: CronHandle | null = null;
  private started = false;
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly context: ScheduleContext,
    private readonly driver: CronDriver = nodeCronDriver,
  ) {}

  /** Schedules every community, catches up on the current period, starts the sweep. */
  async start(): Promise<RunDueReport> {
    this.started = true;
    await this.sync();
    const report = await this.runDue(this.context.now());
    this.sweep = this.driver.schedule({ name: 'sweep', expression: SWEEP_EXPRESSION }, () => this.guard('sweep', () => this.runSweep(this.context.now())));
    return report;
  }

  async stop(): Promise<void> {
    this.started = false;
    for (const { handle } of this.weekly.values()) await handle.stop();
    this.weekly.clear();
    await this.sweep?.stop();
    this.sweep = null;
  }

  /** The specs currently scheduled, by community id. */
  scheduled(): ReadonlyMap<string, string> {
    return new Map([...this.weekly.entries()].map(([id, { signature }]) => [id, signature]));
  }

  /**
   * Creates, moves or keeps each community's weekly task to match its stored settings. Calls
   * are queued: two overlapping syncs would each see the old task and schedule a new one.
   */
  sync(): Promise<void> {
    const next = this.syncing.then(() => this.syncNow());
    this.syncing = next.catch(() => undefined);
    return next;
  }

  private async syncNow(): Promise<void> {
    // Before start (tests, one-off commands) nothing is scheduled; runDue still works.
    if (!this.started) return;
    for (const community of await this.context.directory.communities()) {
      const settings = (await this.context.settings.get(community.id)) ?? DEFAULT_DIGEST_SETTINGS;
      const spec = weeklySpec(community, settings);
      const signature = `${spec.expression} ${spec.timezone ?? ''}`;
      const current = this.weekly.get(community.id);
      if (current?.signature === signature) continue;
      await current?.handle.stop();
      // A timer firing a hair early must still see its own slot as due.
      const handle = this.driver.schedule(spec, (scheduledFor) =>
        this.guard(spec.name, () => this.runWeekly(community, laterOf(this.context.now(), scheduledFor))),
      );
      this.weekly.set(community.id, { signature, handle });
    }
  }

  /** One community's weekly posts: the digest, then survey progress. */
  async runWeekly(community: CommunityRecord, now: Date): Promise<boolean> {
    const digest = await this.guard(`digest:${community.id}`, () => runDigest(this.context, community, now));
    const progress = await this.guard(`progress:${community.id}`, () => runProgress(this.context, community, now));
    return digest && progress;
  }

  /**
   * Final summaries of recently closed surveys, reminders, schedules changed elsewhere, and any
   * weekly post still due (a tick missed while the machine slept): claims make this harmless.
   */
  async runSweep(now: Date): Promise<void> {
    await this.guard('sync', () => this.sync());
    for (const community of await this.context.directory.communities()) {
      await this.runWeekly(community, now);
      await this.guard(`final:${community.id}`, () => runFinalSummaries(this.context, community, now));
    }
    await this.guard('reminders', () => runReminders(this.context, now));
  }

  /** Everything due at `now`: what start-up runs, and what tests call with a fixed clock. */
  async runDue(now: Date): Promise<RunDueReport> {
    let failures = 0;
    const communities = await this.context.directory.communities();
    for (const community of communities) {
      if (!(await this.runWeekly(community, now))) failures++;
      await this.guard(`final:${community.id}`, () => runFinalSummaries(this.context, community, now));
    }
    await this.guard('reminders', () => runReminders(this.context, now));
    return { communities: communities.length, failures };
  }

  /** Runs one job; an error is logged and swallowed so the scheduler keeps going. */
  private async guard(job: string, work: () => Promise<unknown>): Promise<boolean> {
    try {
      await work();
      return true;
    } catch (error) {
      this.context.logger.error('scheduled job failed', { job, error });
      if (isDatabaseError(error)) this.context.telemetry?.databaseError('scheduler');
      return false;
    }
  }
}

function laterOf(now: Date, scheduledFor: Date | undefined): Date {
  return scheduledFor && scheduledFor.getTime() > now.getTime() ? scheduledFor : now;
}
