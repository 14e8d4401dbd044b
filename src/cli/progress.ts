/**
 * A one-line counter for long command-line work (import, demo, export, bench): done so far,
 * rate, and time left when the total is known, rewritten in place with a carriage return at
 * most ten times a second; or, for a stage with nothing to count, what is under way. Silent
 * unless the stream is a terminal and the output is not --json, so a pipe or a script sees
 * nothing extra. No library: a line and `\r` suffice.
 */

export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export interface Progress {
  /** `done` units so far, `fraction` of the whole work (0–1) when known, for time left. */
  update(done: number, fraction?: number): void;
  /** What is under way when there is nothing to count ("formatting 97,217 responses…"): drawn at once. */
  status(text: string): void;
  /** Clears the line (the tool then prints its result). */
  finish(): void;
}

const SILENT: Progress = { update: () => undefined, status: () => undefined, finish: () => undefined };

export interface ProgressOptions {
  readonly label: string;
  readonly unit: string;
  /** --json: a script reads the output, nothing else is written. */
  readonly json?: boolean;
  /** How many units in all, when known: shown as done/total, and the time left follows. */
  readonly total?: number;
  readonly now?: () => number;
}

export function createProgress(stream: ProgressStream, options: ProgressOptions): Progress {
  if (!stream.isTTY || options.json) return SILENT;
  const now = options.now ?? (() => performance.now());
  const started = now();
  let shown = -Infinity;
  let width = 0;
  const draw = (line: string) => {
    // A terminal of unknown width (0, as under `script`) is taken as 80 columns wide.
    const cut = line.slice(0, Math.max(20, (stream.columns || 80) - 1));
    stream.write(`\r${cut.padEnd(width)}`);
    width = cut.length;
  };
  const { label, unit, total } = options;
  return {
    update(done, fraction) {
      const at = now();
      if (at - shown < 100) return;
      shown = at;
      const known = fraction ?? (total !== undefined && total > 0 ? done / total : undefined);
      draw(progressLine(label, unit, done, (at - started) / 1000, known, total));
    },
    status(text) {
      shown = now();
      draw(`${label}: ${text}`);
    },
    finish() {
      if (width > 0) stream.write(`\r${' '.repeat(width)}\r`);
      width = 0;
    },
  };
}

/** "Import: 120,000 rows · 61,200 rows/s · 3 s left", "Demo: 3/9 charts · 2.5 charts/s · 3 s left" */
export function progressLine(label: string, unit: string, done: number, seconds: number, fraction?: number, total?: number): string {
  const count = total === undefined ? done.toLocaleString('en-US') : `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`;
  const rate = seconds > 0 ? done / seconds : 0;
  // A few charts a second reads better with its decimal than rounded to 2 or 3.
  const shownRate = rate > 0 && rate < 10 ? rate.toFixed(1) : Math.round(rate).toLocaleString('en-US');
  const parts = [`${label}: ${count} ${unit}`, `${shownRate} ${unit}/s`];
  // Rounded, but never "0 s left" while work remains.
  if (fraction !== undefined && fraction > 0.01 && fraction < 1) parts.push(`${Math.max(1, Math.round((seconds / fraction) * (1 - fraction)))} s left`);
  return parts.join(' · ');
}
