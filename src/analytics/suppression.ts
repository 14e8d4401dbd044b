/**
 * Cell suppression over a system of linked counts: cells, and lines saying "this cell is the
 * sum of those". A table's rows and columns are lines; so is a coarse category made of fine
 * ones (GPs vs others from the 25 specialties: the "others" cell of a column is the sum of 24
 * specialty cells). Suppressing over all the lines at once is what keeps two queries (by:q3
 * and by:gp) from giving a hidden count back when their printed numbers are combined.
 *
 * The rule on every line whose total is known (printed or derivable): its hidden parts are
 * either none, or at least two whose sum is at least K. A lone hidden part would be the total
 * minus the others; hidden parts summing below K would each be known to be below K (and a
 * sum of zero would give every one of them). When a line breaks the rule, its smallest
 * printable part is masked too, and the lines are checked again until none breaks it. A total
 * that is hidden (small itself) leaves its line free: its parts' sum is unknown.
 */
export type Mark = 'shown' | 'small' | 'masked';

export interface SuppressionLine {
  /** Cell index of the line's total, or null when the total is public (a printed constant). */
  readonly total: number | null;
  readonly parts: readonly number[];
}

export interface SuppressionSystem {
  readonly values: readonly number[];
  /**
   * Marks decided elsewhere (a margin printed or hidden by another table), never changed
   * here; null leaves the cell to this system.
   */
  readonly fixed: readonly (Mark | null)[];
  /** Cells that are never printed (respondents without a group): always hidden. */
  readonly unprinted: readonly boolean[];
  readonly lines: readonly SuppressionLine[];
}

/**
 * Marks every cell. `unresolved` counts lines that still break the rule because every part
 * that could be masked is fixed by another table: the caller hides what depends on them.
 */
export function suppress(system: SuppressionSystem, minCell: number): { marks: Mark[]; unresolved: number } {
  const { values, fixed, unprinted, lines } = system;
  const marks: Mark[] = values.map((v, i) => fixed[i] ?? (unprinted[i] || v < minCell ? 'small' : 'shown'));
  const hidden = (i: number) => marks[i] !== 'shown' || unprinted[i] === true;
  const maskable = (i: number) => !hidden(i) && (fixed[i] ?? null) === null;
  let unresolved = 0;
  for (let changed = true; changed; ) {
    changed = false;
    unresolved = 0;
    for (const line of lines) {
      if (line.total !== null && hidden(line.total)) continue;
      const hiddenParts = line.parts.filter(hidden);
      if (hiddenParts.length === 0) continue;
      const hiddenSum = hiddenParts.reduce((s, i) => s + (values[i] ?? 0), 0);
      if (hiddenParts.length >= 2 && hiddenSum >= minCell) continue;
      const candidates = line.parts.filter(maskable).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0) || a - b);
      // With no part left to mask, hiding the total leaves the line's sum unknown.
      const next = candidates[0] ?? (line.total !== null && maskable(line.total) ? line.total : undefined);
      if (next === undefined) {
        unresolved++;
        continue;
      }
      marks[next] = 'masked';
      changed = true;
    }
  }
  return { marks: marks.map((m, i) => (unprinted[i] && m === 'shown' ? 'masked' : m)), unresolved };
}
