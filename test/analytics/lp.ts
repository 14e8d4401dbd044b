/**
 * A small dense simplex for the disclosure-solver test: bounds on a linear function of
 * non-negative unknowns under linear equalities (min c·x, A x = b, x ≥ 0). Two phases,
 * Bland's rule (no cycling), tolerance 1e-9. Sized for a few hundred unknowns.
 */
const EPS = 1e-9;

export class LinearSystem {
  private readonly tableau: number[][];
  private readonly basis: number[];
  private readonly width: number;

  /** Sets up A x = b, x ≥ 0 and finds a feasible point; throws if there is none. */
  constructor(rows: readonly (readonly number[])[], rhs: readonly number[], private readonly unknowns: number) {
    const m = rows.length;
    this.width = unknowns + m;
    this.tableau = rows.map((row, i) => {
      const sign = (rhs[i] ?? 0) < 0 ? -1 : 1;
      const line = new Array<number>(this.width + 1).fill(0);
      row.forEach((v, j) => (line[j] = sign * v));
      line[unknowns + i] = 1;
      line[this.width] = sign * (rhs[i] ?? 0);
      return line;
    });
    this.basis = rows.map((_, i) => unknowns + i);
    // Phase 1: minimise the artificial variables.
    const cost = new Array<number>(this.width).fill(0).map((_, j) => (j >= unknowns ? 1 : 0));
    const value = this.optimise(cost, this.width);
    if (value > 1e-6) throw new Error('the printed numbers are inconsistent');
    // Drive artificials out of the basis where possible; rows left with one are redundant.
    for (let i = 0; i < this.tableau.length; i++) {
      if ((this.basis[i] ?? 0) < unknowns) continue;
      const row = this.tableau[i] ?? [];
      const j = row.findIndex((v, k) => k < unknowns && Math.abs(v) > EPS);
      if (j >= 0) this.pivot(i, j);
    }
  }

  /** min and max of Σ weights[j]·x_j over the feasible set. */
  range(weights: readonly number[]): { min: number; max: number } {
    const min = this.copy().optimise([...weights, ...new Array<number>(this.width - this.unknowns).fill(0)], this.unknowns);
    const max = -this.copy().optimise([...weights.map((w) => -w), ...new Array<number>(this.width - this.unknowns).fill(0)], this.unknowns);
    return { min, max };
  }

  private copy(): LinearSystem {
    const clone = Object.create(LinearSystem.prototype) as LinearSystem;
    Object.assign(clone, { tableau: this.tableau.map((r) => [...r]), basis: [...this.basis], width: this.width, unknowns: this.unknowns });
    return clone;
  }

  /** Minimises cost·x with columns below `enter` allowed to enter the basis. */
  private optimise(cost: readonly number[], enter: number): number {
    for (let guard = 0; guard < 100_000; guard++) {
      let entering = -1;
      for (let j = 0; j < enter && entering < 0; j++) {
        let reduced = cost[j] ?? 0;
        this.tableau.forEach((row, i) => (reduced -= (cost[this.basis[i] ?? 0] ?? 0) * (row[j] ?? 0)));
        if (reduced < -EPS) entering = j;
      }
      if (entering < 0) break;
      let leave = -1;
      let best = Infinity;
      this.tableau.forEach((row, i) => {
        const a = row[entering] ?? 0;
        if (a <= EPS) return;
        const ratio = (row[this.width] ?? 0) / a;
        if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && (this.basis[i] ?? 0) < (this.basis[leave] ?? Infinity))) {
          best = ratio;
          leave = i;
        }
      });
      if (leave < 0) return -Infinity;
      this.pivot(leave, entering);
    }
    return this.tableau.reduce((s, row, i) => s + (cost[this.basis[i] ?? 0] ?? 0) * (row[this.width] ?? 0), 0);
  }

  private pivot(i: number, j: number): void {
    const row = this.tableau[i] as number[];
    const p = row[j] as number;
    for (let k = 0; k <= this.width; k++) row[k] = (row[k] as number) / p;
    this.tableau.forEach((other, r) => {
      if (r === i) return;
      const f = other[j] as number;
      if (Math.abs(f) <= EPS) return;
      for (let k = 0; k <= this.width; k++) other[k] = (other[k] as number) - f * (row[k] as number);
    });
    this.basis[i] = j;
  }
}
