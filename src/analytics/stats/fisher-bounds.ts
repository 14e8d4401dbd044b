/** Enumeration cursor and probability bounds that let the exact test skip whole groups of tables. */

/**
 * Walks the ways to split `total` into x[0..] with 0 ≤ x[i] ≤ caps[i], in lexicographic order.
 * A reusable cursor rather than a callback, because it runs millions of times per test.
 */
export class Splits {
  readonly x: Int32Array;
  private readonly left: Int32Array;
  private readonly capsAfter: Int32Array;
  private caps: Int32Array;

  constructor(size: number) {
    this.x = new Int32Array(size);
    this.left = new Int32Array(size);
    this.capsAfter = new Int32Array(size);
    this.caps = this.x;
  }

  /** Moves to the first split; false if there is none. */
  first(caps: Int32Array, total: number): boolean {
    const len = caps.length;
    this.caps = caps;
    // capsAfter[i] = Σ caps[j] for j > i: what the later cells can still absorb.
    this.capsAfter[len - 1] = 0;
    for (let i = len - 2; i >= 0; i--) this.capsAfter[i] = this.capsAfter[i + 1]! + caps[i + 1]!;
    if (total < 0 || total > this.capsAfter[0]! + caps[0]!) return false;
    this.left[0] = total;
    this.fillFrom(0);
    return true;
  }

  /** Moves to the next split; false after the last one. */
  next(): boolean {
    const last = this.caps.length - 1;
    let i = last - 1;
    while (i >= 0 && this.x[i]! >= Math.min(this.caps[i]!, this.left[i]!)) i--;
    if (i < 0) return false;
    this.x[i]! += 1;
    this.left[i + 1] = this.left[i]! - this.x[i]!;
    this.fillFrom(i + 1);
    return true;
  }

  /** Sets x[from..] to their smallest values given left[from]; the last cell takes the rest. */
  private fillFrom(from: number): void {
    const last = this.caps.length - 1;
    for (let i = from; i < last; i++) {
      const v = Math.max(0, this.left[i]! - this.capsAfter[i]!);
      this.x[i] = v;
      this.left[i + 1] = this.left[i]! - v;
    }
    this.x[last] = this.left[last]!;
  }
}

/**
 * Exact smallest Σ log(x!) + log((r − x)!) over the ways to split `c` into x ≤ rows (the other
 * column takes r − x): the most probable completion of a node with two columns left. Each
 * term is −log C(r, x) up to a constant, concave in x, so adding one unit at a time where it
 * lowers the sum most is optimal.
 */
export function pairMinRest(rows: Int32Array, c: number, lf: Float64Array): number {
  const x = new Int32Array(rows.length);
  for (let unit = 0; unit < c; unit++) {
    let best = -1;
    let bestGain = -Infinity;
    for (let i = 0; i < rows.length; i++) {
      if (x[i]! >= rows[i]!) continue;
      // Change of −log C(r, x) when x grows by one is −log((r − x) / (x + 1)).
      const gain = Math.log((rows[i]! - x[i]!) / (x[i]! + 1));
      if (gain > bestGain) {
        bestGain = gain;
        best = i;
      }
    }
    x[best]! += 1;
  }
  let rest = 0;
  for (let i = 0; i < rows.length; i++) rest += lf[x[i]!]! + lf[rows[i]! - x[i]!]!;
  return rest;
}

/**
 * Exact largest Σ log(x!) + log((r − x)!) over the same splits: the least probable completion.
 * The sum is convex in each x, so its maximum is at a vertex of the split polytope: every
 * row at 0 or at r except at most one, which takes what is left. There are few vertices.
 */
export function pairMaxRest(rows: Int32Array, c: number, lf: Float64Array): number {
  const len = rows.length;
  let best = -Infinity;
  for (let free = 0; free < len; free++) {
    for (let mask = 0; mask < 1 << len; mask++) {
      if (mask & (1 << free)) continue;
      let taken = 0;
      let rest = 0;
      for (let i = 0; i < len; i++) {
        if (i !== free) {
          if (mask & (1 << i)) taken += rows[i]!;
          rest += lf[rows[i]!]!;
        }
      }
      const left = c - taken;
      if (left < 0 || left > rows[free]!) continue;
      rest += lf[left]! + lf[rows[free]! - left]!;
      if (rest > best) best = rest;
    }
  }
  return best;
}

/**
 * Lower bound on the smallest Σ log(x!) over tables with these margins: each of `totals` is
 * split as evenly as `caps` allow (ignoring the other margins, hence a bound). `caps` is
 * sorted ascending. log(x!) is convex, so the even split minimises each line.
 */
export function spreadBound(totals: ArrayLike<number>, caps: Int32Array, lf: Float64Array): number {
  let bound = 0;
  for (let t = 0; t < totals.length; t++) {
    let left = totals[t]!;
    let slots = caps.length;
    for (let i = 0; i < caps.length; i++) {
      const cap = caps[i]!;
      if (cap * slots <= left) {
        bound += lf[cap]!;
        left -= cap;
        slots--;
        continue;
      }
      // The remaining caps are all above the even share: split `left` evenly over them.
      const share = Math.floor(left / slots);
      const extra = left - share * slots;
      bound += extra * lf[share + 1]! + (slots - extra) * lf[share]!;
      break;
    }
  }
  return bound;
}

/**
 * Upper bound on the largest Σ log(x!) over tables with these margins: each of `totals` is
 * poured into the largest `caps` first (ignoring the other margins), which by convexity of
 * log(x!) maximises each line. `caps` is sorted ascending.
 */
export function concentrateBound(totals: ArrayLike<number>, caps: Int32Array, lf: Float64Array): number {
  let bound = 0;
  for (let t = 0; t < totals.length; t++) {
    let left = totals[t]!;
    for (let i = caps.length - 1; i >= 0 && left > 0; i--) {
      const x = Math.min(caps[i]!, left);
      bound += lf[x]!;
      left -= x;
    }
  }
  return bound;
}
