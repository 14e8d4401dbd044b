/**
 * A one-line counter for long command-line work (import, demo, export, bench): done so far,
 * rate, and time left when the total is known, rewritten in place with a carriage return at
 * most ten times a second. Silent unless the stream is a terminal and the output is not
 * --json, so a pipe or a script sees nothing extra. No library: a line and `\r` suffice.
 */

export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export interface Progress {
  /** `done` units so far, `fraction` of the whole work (0–1) when known, for time left. */
  update(done: number, fraction?: number): void;
  /** Clears the line (the tool then prints its result). */
  finish(): void;
}

const SILENT: Progress = { update: () => undefined, finish: () => undefined };

export function createProgress(
  stream: ProgressStream,
  options: { readonly label: string; readonly unit: string; readonly json?: boolean; readonly now?: () => number },
): Progress {
  if (!stream.isTTY || options.json) return SILENT;
  const now = options.now ?? (() => performance.now());
  const started = now();
  let shown = -Infinity;
  let width = 0;
  return {
    update(done, fraction) {
      const at = now();
      if (at - shown < 100) return;
      shown = at;
      const line = progressLine(options.label, options.unit, done, (at - started) / 1000, fraction);
      const cut = line.slice(0, Math.max(20, (stream.columns ?? 80) - 1));
      stream.write(`\r${cut.padEnd(width)}`);
      width = cut.length;
    },
    finish() {
      if (width > 0) stream.write(`\r${' '.repeat(width)}\r`);
      width = 0;
    },
  };
}

/** "Import: 120,000 rows · 61,200 rows/s · 3 s left" */
export function progressLine(label: string, unit: string, done: number, seconds: number, fraction?: number): string {
  const rate = seconds > 0 ? Math.round(done / seconds) : 0;
  const parts = [`${label}: ${done.toLocaleString('en-US')} ${unit}`, `${rate.toLocaleString('en-US')} ${unit}/s`];
  if (fraction !== undefined && fraction > 0.01 && fraction < 1) parts.push(`${Math.ceil((seconds / fraction) * (1 - fraction))} s left`);
  return parts.join(' · ');
}
