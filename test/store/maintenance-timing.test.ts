/**
 * When the unlink maintenance runs: at a quiet moment after a link was deleted, or at the
 * latest `maxDelayMs` after it under steady writes (its stall must not land on every
 * hundredth answer, and the remnants must not live longer than the deadline).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuietMomentTimer } from '../../src/store/maintenance.ts';

const TIMING = { quietMs: 200, maxDelayMs: 5_000 };

describe('QuietMomentTimer', () => {
  let runs: number[];
  let timer: QuietMomentTimer;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    runs = [];
    timer = new QuietMomentTimer(TIMING, () => runs.push(performance.now()));
  });
  afterEach(() => vi.useRealTimers());

  it('runs once, quietMs after a request when nothing is written', () => {
    const start = performance.now();
    timer.request();
    timer.request();
    vi.advanceTimersByTime(199);
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([start + 200]);
    vi.advanceTimersByTime(10_000);
    expect(runs).toHaveLength(1);
  });

  it('waits while answers are written, then runs at the first quiet moment', () => {
    const start = performance.now();
    timer.request();
    for (let t = 0; t < 1_000; t += 50) {
      timer.wrote();
      vi.advanceTimersByTime(50);
    }
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(runs).toHaveLength(1);
    expect(runs[0]! - start).toBeGreaterThanOrEqual(1_000 + 150);
    expect(runs[0]! - start).toBeLessThanOrEqual(1_000 + 200);
  });

  it('runs at the deadline under writes that never stop', () => {
    const start = performance.now();
    timer.request();
    for (let t = 0; t < 8_000; t += 10) {
      timer.wrote();
      vi.advanceTimersByTime(10);
    }
    expect(runs).toHaveLength(1);
    expect(runs[0]! - start).toBe(TIMING.maxDelayMs);
  });

  it('keeps the first request’s deadline when a pass is retried', () => {
    const start = performance.now();
    timer.request();
    for (let t = 0; t < 4_900; t += 10) {
      timer.wrote();
      vi.advanceTimersByTime(10);
    }
    timer.cancel();
    timer.retry();
    for (let t = 0; t < 400; t += 10) {
      timer.wrote();
      vi.advanceTimersByTime(10);
    }
    expect(runs).toHaveLength(1);
    expect(runs[0]! - start).toBeLessThanOrEqual(TIMING.maxDelayMs + TIMING.quietMs);
  });
});
