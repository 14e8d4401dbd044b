/**
 * `npm run bench`: the project's speed and memory figures, each beside an anchor measured in
 * the same run (the raw driver, R) so that a noisy machine moves both sides. Every module in
 * ./sections contributes top-level keys of one JSON document (shape in design.md,
 * "Benchmarks"); `-- --json` prints that document, otherwise a readable table. A section whose
 * prerequisite is missing (no PostgreSQL, no Rscript) reports null figures and why.
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

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
  const context: BenchContext = { json, only, log: (line) => process.stderr.write(`${line}\n`) };
  const document: Record<string, unknown> = { machine: { cpus: os.cpus().length, node: process.version } };
  const files = readdirSync(SECTIONS_DIR)
    .filter((name) => /\.(ts|js)$/.test(name) && !name.endsWith('.d.ts'))
    .sort();
  for (const file of files) {
    const name = file.replace(/\.(ts|js)$/, '');
    if (only.length > 0 && !only.includes(name)) continue;
    context.log(`bench: ${name}…`);
    const module = (await import(pathToFileURL(path.join(SECTIONS_DIR, file)).href)) as { default?: BenchSection };
    if (typeof module.default !== 'function') throw new Error(`src/bench/sections/${file} has no default export`);
    try {
      Object.assign(document, await module.default(context));
    } catch (error) {
      document[name] = { skipped: `failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  process.stdout.write(json ? `${JSON.stringify(document, null, 2)}\n` : table(document));
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
