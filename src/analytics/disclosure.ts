/**
 * The small-cell rule (design.md, anonymity rule 5), as decided for Confrères. It must hold
 * not for one reply but for everything the bot prints, in any number of queries, by anyone
 * (member or admin): the overview, the drop-off, every item, every item × grouping, Table 1
 * and the charts (the admin's row-level CSV export is outside it: it is the data itself).
 * Whoever adds and subtracts printed numbers must not obtain a count below K
 * (RESULTS_MIN_CELL, default 5), zero included.
 *
 * What is printed, and why each rule is there:
 *
 * 1. Nothing before RESULTS_MIN_COMPLETE complete responses (ResultsService).
 * 2. One population. Every count of an item, a category, a group or a cell is a count of
 *    complete responses. Interrupted responses each stop at a different item, so counting
 *    them would give every item its own population, and the difference of two items' n would
 *    be the handful who stopped between them (the q19/q20 drop-off of "< 5" was 365 + 129 −
 *    492 = 2). They appear only in the survey-wide participation.
 * 3. Participation (participants, complete responses, completion rate) is printed as is: it
 *    describes no group and no answer (and /survey status shows it to admins). Drop-off is
 *    printed in runs of consecutive items holding at least K interrupted responses each
 *    ("q12–q16: 7"); with fewer than K interrupted in all, no breakdown.
 * 4. Hidden cells. A count below K, zero included, is hidden; so is every further count
 *    that would let it be recovered (secondary suppression, suppression.ts): on every line of
 *    counts that add up to a known total — a distribution and its n, a group's outcomes and
 *    the group's n, an outcome across groups and its overall count, a coarse group (GPs vs
 *    others, age bands) and the fine ones it is made of — the hidden counts are either none,
 *    or at least two adding up to K or more. Fine and coarse groupings of one item (q3 and gp,
 *    q2 and age_group, q9 and sought_opinion) are decided together in one system, against
 *    every outcome at once, so `by:q3` cannot be subtracted from `by:gp` (linked.ts). A hidden
 *    count prints as "—" whatever the reason (a share bound such as "< 35.8 %" would say more
 *    than "—" and is not printed), and each reply explains "—" once.
 * 5. Skip logic. A group that the questionnaire never asks an item (q9 = never for q11–q18)
 *    is not a cell: it is not shown under that item, and is not tested. An item asked of
 *    some respondents only, or optional, has an n that says how many were not asked or did
 *    not answer (complete responses − n): if that is below K, or if it is the sum of hidden
 *    cells of the item the skip rule reads, the whole item is withheld. Within groups the
 *    same link is part of the grouping's system (those not asked in a group are the skipping
 *    choices' cells of that group).
 * 6. Tests. No statistic, p-value or Cramér's V for a table with a hidden count or group: with
 *    the margins printed elsewhere, a 2×2 p-value gives the hidden cell back. The reply says
 *    why. Holm's adjustment runs over the printed tests only.
 * 7. A mean, median and SD are printed with a 0–10 item only when its three buckets are.
 *    Free-text answers are listed only when at least K gave one (the list counts them).
 *
 * A derived grouping that regroups no single-choice item (a calculation such as `hours > 50`)
 * is protected as a family of its own; its link to the items it is computed from is not
 * modelled yet.
 *
 * test/analytics/disclosure-solver.test.ts enumerates every number printed for a small
 * synthetic survey and solves for each hidden count with a linear program.
 */
import type { Mark } from './suppression.ts';
import { wilsonInterval } from './stats/wilson.ts';

export interface Interval {
  /** Percentages, 0–100. */
  readonly lower: number;
  readonly upper: number;
}

/**
 * A printed count. `small` (below K) and `masked` (hidden so that a small count cannot be
 * recovered) print alike; the difference is kept for tests and charts only.
 */
export type Cell =
  | { readonly kind: 'shown'; readonly count: number; readonly percent: number | null; readonly ci: Interval | null }
  | { readonly kind: 'small' }
  | { readonly kind: 'masked' };

export type Total = { readonly kind: 'shown'; readonly count: number } | { readonly kind: 'small' } | { readonly kind: 'masked' };

export function totalOf(n: number, minCell: number): Total {
  return n < minCell ? { kind: 'small' } : { kind: 'shown', count: n };
}

/** Share of a shown cell with its Wilson 95 % interval (R's prop.test, correct = FALSE). */
export function shownCell(count: number, n: number): Cell {
  if (n <= 0) return { kind: 'shown', count, percent: null, ci: null };
  const { lower, upper } = wilsonInterval(count, n, 0.95);
  return { kind: 'shown', count, percent: (100 * count) / n, ci: { lower: 100 * lower, upper: 100 * upper } };
}

export function cellOf(mark: Mark, count: number, n: number, minCell: number): Cell {
  if (mark === 'shown' && count >= minCell) return shownCell(count, n);
  return count < minCell ? { kind: 'small' } : { kind: 'masked' };
}

export interface DropOffRun {
  readonly from: string;
  readonly to: string;
  readonly count: number;
}

/**
 * Drop-off in runs of consecutive items (questionnaire order) of at least K interrupted
 * responses each, covering the whole questionnaire (items nobody stopped at belong to a run
 * too: a gap between runs would print its zero); a last run short of K joins the one before.
 * Interrupted responses whose stopping item is unknown join the last run. None when fewer
 * than K were interrupted.
 */
export function dropOffRuns(
  items: readonly { readonly itemCode: string; readonly count: number }[],
  interrupted: number,
  minCell: number,
): DropOffRun[] {
  if (interrupted < minCell || items.length === 0) return [];
  const runs: DropOffRun[] = [];
  let open = null as DropOffRun | null;
  for (const d of items) {
    const run: DropOffRun = open ? { from: open.from, to: d.itemCode, count: open.count + d.count } : { from: d.itemCode, to: d.itemCode, count: d.count };
    if (run.count >= minCell) {
      runs.push(run);
      open = null;
    } else open = run;
  }
  const unknown = interrupted - items.reduce((s, d) => s + d.count, 0);
  const last = runs[runs.length - 1];
  if (open) {
    if (last) runs[runs.length - 1] = { from: last.from, to: open.to, count: last.count + open.count };
    else runs.push(open);
  }
  const end = runs[runs.length - 1];
  if (end && unknown > 0) runs[runs.length - 1] = { from: end.from, to: end.to, count: end.count + unknown };
  return runs;
}
