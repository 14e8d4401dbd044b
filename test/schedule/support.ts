/**
 * Fakes for scheduled posts: a publisher that records what it would post, a cron driver that
 * records the tasks it would run, and a clock tests move by hand (nothing sleeps).
 */
import type { CommunityPublisher, OutgoingMessage } from '../../src/platforms/publisher.ts';
import type { CronDriver, CronSpec } from '../../src/schedule/scheduler.ts';

export class RecordingPublisher implements CommunityPublisher {
  readonly posts: { destination: string; text: string; files: number }[] = [];
  readonly privates: { address: string; text: string }[] = [];
  /** sendPrivate answers this (false: closed DMs, blocked bot). */
  reachable = true;
  /** Destinations whose posts fail, as a platform outage would. */
  readonly failing = new Set<string>();

  constructor(readonly platform: 'discord' | 'telegram' | 'console') {}

  async postToCommunity(destination: string, message: OutgoingMessage): Promise<void> {
    if (this.failing.has(destination)) throw new Error('platform unavailable');
    this.posts.push({ destination, text: message.text, files: message.files?.length ?? 0 });
  }

  async sendPrivate(address: string, message: OutgoingMessage): Promise<boolean> {
    this.privates.push({ address, text: message.text });
    return this.reachable;
  }

  postsTo(destination: string): string[] {
    return this.posts.filter((post) => post.destination === destination).map((post) => post.text);
  }
}

export class RecordingDriver implements CronDriver {
  readonly tasks: { spec: CronSpec; run: (scheduledFor?: Date) => Promise<unknown>; stopped: boolean }[] = [];

  schedule(spec: CronSpec, run: (scheduledFor?: Date) => Promise<unknown>) {
    const task = { spec, run, stopped: false };
    this.tasks.push(task);
    return {
      stop: () => {
        task.stopped = true;
      },
    };
  }

  active(): CronSpec[] {
    return this.tasks.filter((task) => !task.stopped).map((task) => task.spec);
  }

  /** Fires the live task with this name, as node-cron would at its time. */
  async fire(name: string, scheduledFor?: Date): Promise<void> {
    const task = this.tasks.find((candidate) => candidate.spec.name === name && !candidate.stopped);
    if (!task) throw new Error(`no live task ${name}`);
    await task.run(scheduledFor);
  }
}

export class Clock {
  private value: Date;

  constructor(iso: string) {
    this.value = new Date(iso);
  }

  readonly now = (): Date => new Date(this.value);

  set(iso: string): Date {
    this.value = new Date(iso);
    return this.now();
  }
}
