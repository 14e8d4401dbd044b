/**
 * A process's own peak RSS, for the bench. Not `process.resourceUsage().maxRSS` alone: Linux
 * carries the parent's RSS at fork into the child's maximum (a child of a 336 MB process
 * reported 297 MB where its own peak was 40 MB), so every import the bench spawned once the
 * bench itself had grown reported the bench's size. VmHWM is the peak of the process's own
 * image; maxRSS stays the answer where /proc is missing.
 */
import { readFileSync } from 'node:fs';

export function ownPeakRssKb(): number {
  try {
    const peak = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (peak) return Number(peak);
  } catch {
    // Not Linux: fall through.
  }
  return process.resourceUsage().maxRSS;
}

/** A module for `node --import` that writes "PEAK_KB <n>" (ownPeakRssKb) to stderr at exit. */
export const PEAK_RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  `import { readFileSync } from 'node:fs';
process.on('exit', () => {
  let kb = process.resourceUsage().maxRSS;
  try { kb = Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) || kb; } catch {}
  process.stderr.write('PEAK_KB ' + kb + '\\n');
});`,
)}`;
