import { describe, expect, it } from 'vitest';
import { cronExpression, latestSlot, periodKeyOf, shiftSlot, slotOf } from '../../src/schedule/weekly.ts';
import { createCronTask, weeklySpec } from '../../src/schedule/scheduler.ts';
import { fromLocal, toLocal } from '../../src/schedule/zoned-time.ts';

const PARIS_MONDAY_8 = slotOf({ weekday: 1, time: '08:00', timeZone: 'Europe/Paris' });

describe('weekly slots in a time zone', () => {
  it('finds the latest Monday 08:00 in Paris on either side of the March clock change', () => {
    // Winter (UTC+1) then summer (UTC+2): 29 March 2026 is the change.
    expect(latestSlot(new Date('2026-03-25T12:00:00Z'), PARIS_MONDAY_8).toISOString()).toBe('2026-03-23T07:00:00.000Z');
    expect(latestSlot(new Date('2026-03-30T05:59:59Z'), PARIS_MONDAY_8).toISOString()).toBe('2026-03-23T07:00:00.000Z');
    expect(latestSlot(new Date('2026-03-30T06:00:00Z'), PARIS_MONDAY_8).toISOString()).toBe('2026-03-30T06:00:00.000Z');
    expect(shiftSlot(new Date('2026-03-23T07:00:00Z'), PARIS_MONDAY_8, 1).toISOString()).toBe('2026-03-30T06:00:00.000Z');
    expect(shiftSlot(new Date('2026-03-30T06:00:00Z'), PARIS_MONDAY_8, -1).toISOString()).toBe('2026-03-23T07:00:00.000Z');
  });

  it('handles zones behind UTC and the local date of the period', () => {
    const montreal = slotOf({ weekday: 4, time: '18:30', timeZone: 'America/Montreal' });
    // Thursday 18:30 in Montreal (UTC-5 in winter) is already Friday in UTC.
    const slot = latestSlot(new Date('2026-01-09T12:00:00Z'), montreal);
    expect(slot.toISOString()).toBe('2026-01-08T23:30:00.000Z');
    expect(periodKeyOf(slot, 'America/Montreal')).toBe('2026-01-08');
    expect(periodKeyOf(slot, 'UTC')).toBe('2026-01-08');
    expect(latestSlot(new Date('2026-01-08T23:29:00Z'), montreal).toISOString()).toBe('2026-01-01T23:30:00.000Z');
  });

  it('converts wall-clock times, including the skipped and the repeated hour', () => {
    expect(fromLocal(2026, 3, 29, 2, 30, 'Europe/Paris').toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 03:30 after the gap
    expect(fromLocal(2026, 10, 25, 2, 30, 'Europe/Paris').toISOString()).toBe('2026-10-25T00:30:00.000Z'); // first 02:30
    expect(toLocal(new Date('2026-10-25T01:30:00Z'), 'Europe/Paris')).toMatchObject({ hour: 2, minute: 30, weekday: 0 });
  });
});

describe('node-cron wiring', () => {
  it('builds one expression per community, in its own time zone', () => {
    expect(cronExpression(PARIS_MONDAY_8)).toBe('0 8 * * 1');
    expect(weeklySpec({ id: 'c1' }, { weekday: 4, time: '18:30', timeZone: 'America/Montreal' })).toEqual({
      name: 'weekly:c1',
      expression: '30 18 * * 4',
      timezone: 'America/Montreal',
    });
  });

  it('gives node-cron tasks that fire at the slot, across the clock change', async () => {
    const task = createCronTask(weeklySpec({ id: 'c1' }, { weekday: 1, time: '08:00', timeZone: 'Europe/Paris' }), async () => {});
    try {
      expect(task.match(new Date('2026-03-23T07:00:00Z'))).toBe(true);
      expect(task.match(new Date('2026-03-30T06:00:00Z'))).toBe(true);
      expect(task.match(new Date('2026-03-30T07:00:00Z'))).toBe(false);
      expect(task.match(new Date('2026-03-24T07:00:00Z'))).toBe(false);
    } finally {
      await task.destroy();
    }
    const montreal = createCronTask(weeklySpec({ id: 'c2' }, { weekday: 4, time: '18:30', timeZone: 'America/Montreal' }), async () => {});
    try {
      expect(montreal.match(new Date('2026-01-08T23:30:00Z'))).toBe(true);
      expect(montreal.match(new Date('2026-07-09T22:30:00Z'))).toBe(true);
    } finally {
      await montreal.destroy();
    }
  });
});
