/**
 * Bench section "import", on a generated file of BENCH_IMPORT_MB megabytes (default 200, the
 * size issue 10 names) in our export format, each run on a fresh SQLite database:
 *
 * - rows, rowsPerSecond, peakRssMb: the WHOLE PROCESS `node dist/src/cli/import.js FILE` (what
 *   `npm run import -- FILE` runs after its build check), from spawn to exit: start-up, the
 *   first pass (encoding, SHA-256), parsing, checking and writing. Peak RSS is that process's
 *   own (worker thread included), reported by a preloaded exit hook.
 * - parseRowsPerSecond / parsePeakRssMb: the parse alone (stream, row reader, fingerprints;
 *   batches dropped), start-up excluded, in a child under tsx as the bench itself (its RSS
 *   includes tsx's) — what the store's side costs is the difference.
 * - rawInsertRowsPerSecond (anchor, same run): better-sqlite3 inserting as many rows, with
 *   the imported answers, into a fresh table of the same schema in one transaction.
 * - malformed: peak RSS of the whole process refusing the same file with a bad last row (all
 *   of it read and written, then rolled back) and a file of one endless quoted field.
 *
 * Targets: ≥ 50,000 rows/s and peak RSS ≤ 300 MB whatever the size, malformed or not.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { randomUUID, hash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Sqlite from 'better-sqlite3';
import { BUILT_IN_DEFINITIONS, DefinitionRegistry } from '../../survey/registry.ts';
import { appendBadRow, writeImportFile, writeOneFieldFile } from '../import-file.ts';
import { PEAK_RSS_HOOK } from '../peak-rss.ts';

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const IMPORT_JS = path.join(ROOT, 'dist', 'src', 'cli', 'import.js');
/** The bench runs from src/ under tsx, and so does this child (src/bench is not built). */
const CHILD = fileURLToPath(new URL(`../import-child${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));
const CHILD_ARGV = CHILD.endsWith('.ts') ? ['--import', 'tsx'] : [];
/** Preloaded into the measured process: its peak RSS on stderr as it exits. */

interface Run {
  readonly code: number | null;
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly stderr: string;
}

export default async function importSection(context: { json: boolean; log: (line: string) => void }): Promise<Record<string, unknown>> {
  if (!existsSync(IMPORT_JS)) return { import: { rows: 0, rowsPerSecond: null, peakRssMb: null, skipped: 'dist/ is not built (npm run build)' } };
  const megabytes = Number(process.env.BENCH_IMPORT_MB ?? 200);
  const dir = mkdtempSync(path.join(tmpdir(), 'confreres-bench-import-'));
  try {
    const file = path.join(dir, 'import.csv');
    const definition = new DefinitionRegistry(BUILT_IN_DEFINITIONS).defaultDefinition();
    const written = await writeImportFile(file, definition, megabytes * 1e6);
    context.log(`import: ${written.rows} rows, ${Math.round(written.bytes / 1e6)} MB generated`);
    // The file just written, and earlier sections' databases, would otherwise be written back
    // to disk during the timed import, competing with its own writes (the anchor, measured
    // last, never met them): a researcher's file has long been on disk when it is imported.
    spawnSync('sync');

    const whole = await wholeProcess(dir, 'whole', [file]);
    if (whole.code !== 0) throw new Error(`npm run import failed: ${whole.stderr.slice(-400)}`);
    const rowsPerSecond = Math.round(written.rows / whole.seconds);
    context.log(`import: whole process ${rowsPerSecond} rows/s (${whole.seconds.toFixed(1)} s), peak RSS ${whole.peakRssMb} MB`);

    const parse = await child(dir, file, 'parse');
    const parseRowsPerSecond = Math.round(parse.rows / parse.seconds);
    context.log(`import: parse alone ${parseRowsPerSecond} rows/s, peak RSS ${Math.round(parse.maxRssKb / 1024)} MB`);

    const raw = rawInsert(path.join(dir, 'whole', 'bench.db'), path.join(dir, 'raw.db'), written.rows);
    context.log(`import: anchor, raw driver ${raw} rows/s`);

    appendBadRow(file);
    const badLastRow = await wholeProcess(dir, 'bad-last-row', [file]);
    const oneFieldFile = path.join(dir, 'one-field.csv');
    await writeOneFieldFile(oneFieldFile, definition, megabytes * 1e6);
    const oneField = await wholeProcess(dir, 'one-field', [oneFieldFile]);
    for (const refused of [badLastRow, oneField]) if (refused.code !== 1) throw new Error(`a malformed file was not refused: ${refused.stderr.slice(-400)}`);
    context.log(`import: malformed, peak RSS ${badLastRow.peakRssMb} MB (bad last row), ${oneField.peakRssMb} MB (one endless field)`);

    return {
      import: {
        rows: written.rows,
        rowsPerSecond,
        peakRssMb: whole.peakRssMb,
        measured: 'whole process: node dist/src/cli/import.js FILE (npm run import without npm), spawn to exit, fresh SQLite database',
        fileMb: Math.round(written.bytes / 1e6),
        wholeProcessS: round(whole.seconds),
        parseRowsPerSecond,
        parsePeakRssMb: Math.round(parse.maxRssKb / 1024),
        rawInsertRowsPerSecond: raw,
        malformed: {
          badLastRow: { peakRssMb: badLastRow.peakRssMb, seconds: round(badLastRow.seconds) },
          oneField: { peakRssMb: oneField.peakRssMb, seconds: round(oneField.seconds) },
        },
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The import CLI on a fresh database in DIR/NAME: exit code, wall seconds, peak RSS. */
function wholeProcess(dir: string, name: string, args: readonly string[]): Promise<Run> {
  const data = path.join(dir, name);
  mkdirSync(data);
  const env = { ...process.env, DATA_DIR: data, DATABASE_URL: `file:${path.join(data, 'bench.db')}`, LOG_LEVEL: 'warn' };
  const started = performance.now();
  const process_ = spawn(process.execPath, ['--import', PEAK_RSS_HOOK, IMPORT_JS, ...args, '--lang', 'en'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  process_.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  return new Promise((resolve, reject) => {
    process_.once('error', reject);
    process_.once('exit', (code) => {
      const kb = /PEAK_KB (\d+)/.exec(stderr)?.[1];
      resolve({ code, seconds: (performance.now() - started) / 1000, peakRssMb: kb ? Math.round(Number(kb) / 1024) : NaN, stderr });
    });
  });
}

async function child(dir: string, file: string, mode: 'parse' | 'store'): Promise<{ rows: number; seconds: number; maxRssKb: number }> {
  const data = path.join(dir, mode);
  mkdirSync(data, { recursive: true });
  const { stdout } = await execFileAsync(process.execPath, [...CHILD_ARGV, CHILD, file, mode], {
    env: { ...process.env, DATA_DIR: data, DATABASE_URL: `file:${path.join(data, 'bench.db')}`, LOG_LEVEL: 'warn' },
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { rows: number; seconds: number; maxRssKb: number };
}

/**
 * The anchor: `rows` rows (the imported answers, cycled) inserted by better-sqlite3 into an
 * empty copy of the Response table and its indexes, one prepared statement, one transaction.
 */
function rawInsert(imported: string, target: string, rows: number): number {
  const source = new Sqlite(imported, { readonly: true });
  const schema = source.prepare(`SELECT sql FROM sqlite_master WHERE tbl_name = 'Response' AND sql IS NOT NULL`).all() as { sql: string }[];
  const sample = source.prepare(`SELECT "surveyId", "status", "cursor", "answers", "startedDay", "completedDay" FROM "Response" LIMIT 1000`).raw().all() as unknown[][];
  source.close();
  const db = new Sqlite(target);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // The foreign key to Survey stays declared but unchecked: the anchor has no Survey table.
    db.pragma('foreign_keys = OFF');
    for (const { sql } of schema) db.exec(sql);
    const insert = db.prepare(`INSERT INTO "Response" ("id", "surveyId", "status", "cursor", "answers", "batch", "startedDay", "completedDay", "importFingerprint") VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)`);
    const started = performance.now();
    db.exec('BEGIN');
    for (let i = 0; i < rows; i++) insert.run(randomUUID(), ...(sample[i % sample.length] ?? []), hash('sha256', String(i)));
    db.exec('COMMIT');
    return Math.round(rows / ((performance.now() - started) / 1000));
  } finally {
    db.close();
  }
}

const round = (value: number) => Math.round(value * 100) / 100;
