/**
 * Bench section "import": rows per second and peak memory of `npm run import` on a generated
 * file of BENCH_IMPORT_MB megabytes (default 200, the size issue 10 names), in a child
 * process on a fresh SQLite database. Targets: ≥ 50,000 rows/s, peak RSS ≤ 300 MB whatever
 * the size. The rate counts the import alone (start-up excluded); RSS is the child's peak.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BUILT_IN_DEFINITIONS, DefinitionRegistry } from '../../survey/registry.ts';
import { writeImportFile } from '../import-file.ts';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('../import-child.ts', import.meta.url));

export default async function importSection(context: { json: boolean; log: (line: string) => void }): Promise<Record<string, unknown>> {
  const megabytes = Number(process.env.BENCH_IMPORT_MB ?? 200);
  const dir = mkdtempSync(path.join(tmpdir(), 'confreres-bench-import-'));
  try {
    const file = path.join(dir, 'import.csv');
    const definition = new DefinitionRegistry(BUILT_IN_DEFINITIONS).defaultDefinition();
    const written = await writeImportFile(file, definition, megabytes * 1e6);
    context.log(`import: ${written.rows} rows, ${Math.round(written.bytes / 1e6)} MB generated`);
    const { stdout } = await run(process.execPath, [...tsxLoader(), CHILD, file], {
      env: { ...process.env, DATA_DIR: dir, DATABASE_URL: `file:${path.join(dir, 'bench.db')}`, LOG_LEVEL: 'warn' },
      maxBuffer: 1 << 20,
    });
    const measured = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { rows: number; seconds: number; maxRssKb: number };
    const result = {
      rows: measured.rows,
      rowsPerSecond: Math.round(measured.rows / measured.seconds),
      peakRssMb: Math.round(measured.maxRssKb / 1024),
      fileMb: Math.round(written.bytes / 1e6),
    };
    context.log(`import: ${result.rowsPerSecond} rows/s, peak RSS ${result.peakRssMb} MB`);
    return { import: result };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The child runs TypeScript the way this process does (tsx today; compiled JavaScript later). */
function tsxLoader(): string[] {
  return CHILD.endsWith('.ts') ? ['--import', 'tsx'] : [];
}
