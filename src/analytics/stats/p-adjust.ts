/** Multiple-comparison adjustment, as R's p.adjust. */
import { StatsInputError, type PAdjustMethod } from './table.ts';
/**
 * Adjusted p-values as R's `p.adjust(p, method)`, in the order of the input. Holm and
 * Benjamini–Hochberg sort the values (stably, like R's order()) and restore the input order.
 */
export function adjustPValues(p: number[], method: PAdjustMethod): number[] {
  for (const v of p) {
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new StatsInputError('p.invalid', `adjustPValues: ${String(v)} is not a p-value`);
    }
  }
  const n = p.length;
  if (n <= 1) return [...p];
  switch (method) {
    case 'bonferroni':
      return p.map((v) => Math.min(1, n * v));
    case 'holm': {
      const order = p.map((_, i) => i).sort((a, b) => p[a]! - p[b]! || a - b);
      const adjusted = new Array<number>(n);
      let running = -Infinity;
      order.forEach((index, rank) => {
        running = Math.max(running, (n - rank) * p[index]!);
        adjusted[index] = Math.min(1, running);
      });
      return adjusted;
    }
    case 'BH': {
      // R orders decreasingly and walks i = n..1 with cummin(n / i * p).
      const order = p.map((_, i) => i).sort((a, b) => p[b]! - p[a]! || a - b);
      const adjusted = new Array<number>(n);
      let running = Infinity;
      order.forEach((index, position) => {
        const i = n - position;
        running = Math.min(running, (n / i) * p[index]!);
        adjusted[index] = Math.min(1, running);
      });
      return adjusted;
    }
    default: {
      const never: never = method;
      throw new StatsInputError('p.invalid', `adjustPValues: unknown method ${String(never)}`);
    }
  }
}
