/**
 * What the bot reports about its own work, as a port: adapters and the scheduler call these
 * methods, and only src/ops/metrics.ts knows they become Prometheus series. The domain never
 * sees this interface at all.
 *
 * Labels are small closed sets (platform, update kind, outcome, API method, job): never a
 * user, chat, community or survey id, which would both identify people and make the number
 * of series grow with the membership.
 */
export type Platform = 'telegram' | 'discord' | 'console';

/** How an incoming update or interaction ended. */
export type UpdateOutcome = 'handled' | 'failed' | 'duplicate' | 'refused';

/** How one outgoing platform API call ended. */
export type CallOutcome = 'ok' | 'error' | 'rate_limited';

export interface Telemetry {
  /** An answer (or skip, back, tick) was stored; `seconds` from receiving the update to the store's reply. */
  answerRecorded(platform: Platform, seconds: number): void;
  /** An update (Telegram) or interaction (Discord) was handled, by kind ("callback_query", "command", "button"…). */
  update(platform: Platform, kind: string, outcome: UpdateOutcome): void;
  /** A platform API call, by method or route template (no ids in it). */
  platformCall(platform: Platform, method: string, outcome: CallOutcome): void;
  /** A scheduled post (digest, progress, final, reminder) ended with this outcome. */
  scheduledPost(job: string, outcome: string): void;
  /** A database operation failed unexpectedly (the readiness check, a handler, a job). */
  databaseError(where: string): void;
}

/** For tests and one-off tools: reports nothing. */
export const noTelemetry: Telemetry = {
  answerRecorded: () => undefined,
  update: () => undefined,
  platformCall: () => undefined,
  scheduledPost: () => undefined,
  databaseError: () => undefined,
};
