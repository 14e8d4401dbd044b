/**
 * `npm run bench`: the project's speed and memory figures, each beside an anchor measured in
 * the same run (the raw driver, R) so that a noisy machine moves both sides. Every module in
 * ./sections contributes top-level keys of one JSON document (shape in design.md,
 * "Benchmarks"); `-- --json` prints that document, otherwise a readable table. A section whose
 * prerequisite is missing (no PostgreSQL, no Rscript) reports null figures and why.
 * On a terminal, a line on stderr says which section runs and for how long.
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { createProgress } from '../cli/progress.ts';

export interface BenchContext {
  readonly json: boolean;
  /** Progress for a person watching (stderr); silent with --json. */
  readonly log: (line: string) => void;
  /** Only the sections named with --only (all when empty). */
  readonly only: readonly string[];
}

export type BenchSection = (context: BenchContext) => Promise<Record<string, unknown>>;

const SECTIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sections');

async function main(argv: readonly string[]): Promise<void> {
  const json = argv.includes('--json');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? (argv[onlyAt + 1] ?? '').split(',').filter(Boolean) : [];
  const document: Record<string, unknown> = { machine: { cpus: os.cpus().length, node: process.version } };
  const files = readdirSync(SECTIONS_DIR)
    .filter((name) => /\.(ts|js)$/.test(name) && !name.endsWith('.d.ts'))
    .filter((name) => only.length === 0 || only.includes(name.replace(/\.(ts|js)$/, '')))
    .sort();
  const watching = watcher(process.stderr, json, files.length);
  const context: BenchContext = { json, only, log: watching.log };
  try {
    for (const [rank, file] of files.entries()) {
      const name = file.replace(/\.(ts|js)$/, '');
      watching.section(name, rank + 1);
      const module = (await import(pathToFileURL(path.join(SECTIONS_DIR, file)).href)) as { default?: BenchSection };
      if (typeof module.default !== 'function') throw new Error(`src/bench/sections/${file} has no default export`);
      try {
        Object.assign(document, await module.default(context));
      } catch (error) {
        document[name] = { skipped: `failed: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
  } finally {
    watching.finish();
  }
  process.stdout.write(json ? `${JSON.stringify(document, null, 2)}\n` : table(document));
}

interface Watcher {
  section(name: string, rank: number): void;
  log(line: string): void;
  finish(): void;
}

/**
 * What a person watching sees on stderr: with --json, nothing; through a pipe, a line as each
 * section starts and the sections' own lines; on a terminal, the sections' lines scroll above
 * one line rewritten in place, with the section under way and its time so far (every second).
 */
function watcher(stream: NodeJS.WriteStream, json: boolean, total: number): Watcher {
  if (json) return { section: () => undefined, log: () => undefined, finish: () => undefined };
  const print = (line: string) => void stream.write(`${line}\n`);
  if (!stream.isTTY) return { section: (name) => print(`bench: ${name}…`), log: print, finish: () => undefined };
  const progress = createProgress(stream, { label: 'Bench', unit: 'sections' });
  let under = '';
  let started = performance.now();
  const draw = () => progress.status(`${under} · ${Math.round((performance.now() - started) / 1000)} s`);
  const ticker = setInterval(draw, 1000);
  ticker.unref();
  return {
    section(name, rank) {
      under = `${rank}/${total} ${name}`;
      started = performance.now();
      draw();
    },
    log(line) {
      progress.finish();
      print(line);
      draw();
    },
    finish() {
      clearInterval(ticker);
      progress.finish();
    },
  };
}

/** One line per figure: `section.key.figure  value`. */
function table(document: Record<string, unknown>, prefix = ''): string {
  let out = '';
  for (const [key, value] of Object.entries(document)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) out += table(value as Record<string, unknown>, name);
    else out += `${name.padEnd(44)} ${typeof value === 'number' ? formatNumber(value) : String(value)}\n`;
  }
  return out;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(value < 10 ? 2 : 1);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
