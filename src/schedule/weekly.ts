/**
 * A community's weekly slot (day, time, zone): its cron expression for node-cron, and the
 * slot instants around a given moment, so that a tick, a catch-up after downtime and a
 * preview all agree on which period is current.
 */
import { timeParts, type DigestSettings } from '../cme/digest-settings.ts';
import { addDays, fromLocal, isoDay, toLocal } from './zoned-time.ts';

export interface WeeklySlot {
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number;
  readonly hour: number;
  readonly minute: number;
  readonly timeZone: string;
}

export function slotOf(settings: Pick<DigestSettings, 'weekday' | 'time' | 'timeZone'>): WeeklySlot {
  return { weekday: settings.weekday, ...timeParts(settings.time), timeZone: settings.timeZone };
}

/** node-cron's five-field expression (minute hour day-of-month month day-of-week). */
export function cronExpression(slot: WeeklySlot): string {
  return `${slot.minute} ${slot.hour} * * ${slot.weekday}`;
}

/** The latest slot instant at or before `now`: the start of the current period. */
export function latestSlot(now: Date, slot: WeeklySlot): Date {
  const local = toLocal(now, slot.timeZone);
  const back = (local.weekday - slot.weekday + 7) % 7;
  const date = addDays(local.year, local.month, local.day, -back);
  const candidate = fromLocal(date.year, date.month, date.day, slot.hour, slot.minute, slot.timeZone);
  if (candidate.getTime() <= now.getTime()) return candidate;
  const weekBefore = addDays(date.year, date.month, date.day, -7);
  return fromLocal(weekBefore.year, weekBefore.month, weekBefore.day, slot.hour, slot.minute, slot.timeZone);
}

/** The slot one week before or after a slot instant, at the same wall-clock time (DST-safe). */
export function shiftSlot(slotInstant: Date, slot: WeeklySlot, weeks: number): Date {
  const local = toLocal(slotInstant, slot.timeZone);
  const date = addDays(local.year, local.month, local.day, 7 * weeks);
  return fromLocal(date.year, date.month, date.day, slot.hour, slot.minute, slot.timeZone);
}

/** The period key of a slot: its local date ("2026-03-02"), stable across restarts and instances. */
export function periodKeyOf(slotInstant: Date, timeZone: string): string {
  return isoDay(toLocal(slotInstant, timeZone));
}
