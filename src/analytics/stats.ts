/**
 * Statistics for results and subgroup comparisons, matching what R's `stats` package (4.2.2,
 * the tool the study used) prints, so that a number in the bot and in the published analysis
 * agree to the last shown digit. `test/fixtures/r-stats.json` holds R's own output for each
 * function; the tests compare against it.
 *
 * Distribution functions come from @stdlib rather than hand-written numerics. Log-factorials
 * for the exact test are plain cumulative sums of logarithms, which are exact to rounding for
 * the counts a survey produces.
 */
export { StatsInputError, type StatsInputErrorCode, type ChiSquaredResult, type FisherResult, type Interval, type PAdjustMethod } from './stats/table.ts';
export { chiSquaredTest, cramersV } from './stats/chi-squared.ts';
export { fisherExactTest, FISHER_WORK_LIMIT } from './stats/fisher.ts';
export { wilsonInterval } from './stats/wilson.ts';
export { adjustPValues } from './stats/p-adjust.ts';
export { formatPValue } from './stats/format.ts';
