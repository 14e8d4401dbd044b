/**
 * The Telemetry port on prom-client, in a registry of its own (not the library's global one,
 * so two applications in one test process do not collide), plus Node's process metrics
 * (CPU, memory, event-loop lag, handles) under the same prefix.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { CallOutcome, Platform, Telemetry, UpdateOutcome } from './telemetry.ts';

const PREFIX = 'confreres_';

/** Answer handling is a few milliseconds on SQLite; the upper buckets catch a slow database. */
const ANSWER_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export class PrometheusTelemetry implements Telemetry {
  readonly registry = new Registry();
  private readonly answers: Counter<'platform'>;
  private readonly answerSeconds: Histogram<'platform'>;
  private readonly updates: Counter<'platform' | 'kind' | 'outcome'>;
  private readonly calls: Counter<'platform' | 'method' | 'outcome'>;
  private readonly rateLimited: Counter<'platform'>;
  private readonly posts: Counter<'job' | 'outcome'>;
  private readonly dbErrors: Counter<'where'>;

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.answers = new Counter({ name: `${PREFIX}answers_recorded_total`, help: 'Answers (and skips, backs, ticks) stored', labelNames: ['platform'], registers });
    this.answerSeconds = new Histogram({
      name: `${PREFIX}answer_duration_seconds`,
      help: 'From receiving an answer to the store having it',
      labelNames: ['platform'],
      buckets: ANSWER_BUCKETS,
      registers,
    });
    this.updates = new Counter({ name: `${PREFIX}updates_total`, help: 'Platform updates and interactions handled, by outcome', labelNames: ['platform', 'kind', 'outcome'], registers });
    this.calls = new Counter({ name: `${PREFIX}platform_api_calls_total`, help: 'Calls to the platforms\' APIs, by outcome', labelNames: ['platform', 'method', 'outcome'], registers });
    this.rateLimited = new Counter({ name: `${PREFIX}platform_rate_limited_total`, help: 'HTTP 429 answers from the platforms', labelNames: ['platform'], registers });
    this.posts = new Counter({ name: `${PREFIX}scheduled_posts_total`, help: 'Scheduled posts by job and outcome', labelNames: ['job', 'outcome'], registers });
    this.dbErrors = new Counter({ name: `${PREFIX}database_errors_total`, help: 'Unexpected database failures', labelNames: ['where'], registers });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
  }

  answerRecorded(platform: Platform, seconds: number): void {
    this.answers.inc({ platform });
    this.answerSeconds.observe({ platform }, seconds);
  }

  update(platform: Platform, kind: string, outcome: UpdateOutcome): void {
    this.updates.inc({ platform, kind, outcome });
  }

  platformCall(platform: Platform, method: string, outcome: CallOutcome): void {
    this.calls.inc({ platform, method, outcome });
    if (outcome === 'rate_limited') this.rateLimited.inc({ platform });
  }

  scheduledPost(job: string, outcome: string): void {
    this.posts.inc({ job, outcome });
  }

  databaseError(where: string): void {
    this.dbErrors.inc({ where });
  }

  /** The exposition text for GET /metrics. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
