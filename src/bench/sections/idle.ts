/**
 * Bench: idle memory and start-up of `npm start` in terminal mode, from the compiled
 * JavaScript (dist/, built by `npm ci`), as a member meets it: a fresh data folder, migrations
 * applied, the first question printed. `startToPromptS` runs from spawning node to the first
 * prompt on stdout; `rssMb` is the resident memory 15 s later, idle, waiting for input, and
 * `rssAfter2sMb` the same two seconds after the prompt. The two differ because V8 keeps the
 * heap it grew while starting until its memory reducer sees the process idle (about 8–12 s
 * here: heap 61 → 28 MB); a bot waits for days, so the settled figure is its idle memory.
 * Anchors from the same run: an empty `node -e ""` (start and RSS of the runtime alone).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const MAIN_JS = path.join(ROOT, 'dist', 'src', 'main.js');
const RUNS = 3;
const EARLY_MS = 2_000;
const SETTLED_MS = 15_000;
const PROMPT = /\[1\/\d+\]/;

interface Context {
  readonly json: boolean;
  readonly log: (line: string) => void;
}

/** Resident set size of a live process, in MB (Linux /proc). */
export function rssMbOf(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The environment of a terminal-mode start on its own data folder: no platform token, no database URL. */
export function terminalEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', DEFAULT_LANGUAGE: 'en' };
  for (const key of ['DATABASE_URL', 'DISCORD_TOKEN', 'TELEGRAM_BOT_TOKEN', 'CONFRERES_SECRET', 'TELEGRAM_WEBHOOK_URL']) delete env[key];
  return env;
}

/** Starts `args` under node, waits for `ready` on stdout, measures, then ends it. */
async function startAndIdle(args: readonly string[], env: NodeJS.ProcessEnv, ready: RegExp | null, settle: boolean): Promise<{ startS: number; rssMb: number; rssAfter2sMb: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const startS = await new Promise<number>((resolve, reject) => {
    if (ready === null) resolve((performance.now() - started) / 1000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (ready?.test(output)) resolve((performance.now() - started) / 1000);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before its first prompt: ${errors.slice(0, 400)}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, EARLY_MS));
  const rssAfter2sMb = rssMbOf(child.pid ?? -1);
  if (settle) await new Promise((resolve) => setTimeout(resolve, SETTLED_MS - EARLY_MS));
  const rssMb = settle ? rssMbOf(child.pid ?? -1) : rssAfter2sMb;
  child.stdin.end();
  child.kill('SIGTERM');
  if (rssMb === null || rssAfter2sMb === null) throw new Error('no /proc status for the started process');
  return { startS, rssMb, rssAfter2sMb };
}

export default async function idle(context: Context): Promise<Record<string, unknown>> {
  if (!existsSync(MAIN_JS)) {
    return { idle: { rssMb: null, startToPromptS: null, skipped: 'dist/ is not built (npm run build)' } };
  }
  if (!existsSync('/proc/self/status')) {
    return { idle: { rssMb: null, startToPromptS: null, skipped: 'no /proc to read the resident memory from' } };
  }
  const app: { startS: number; rssMb: number; rssAfter2sMb: number }[] = [];
  const bare: { startS: number; rssMb: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'confreres-idle-'));
    try {
      app.push(await startAndIdle([MAIN_JS], terminalEnv(dataDir), PROMPT, true));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    bare.push(await startAndIdle(['-e', 'setInterval(() => {}, 1000)'], process.env, null, false));
  }
  const result = {
    rssMb: round(median(app.map((r) => r.rssMb))),
    rssAfter2sMb: round(median(app.map((r) => r.rssAfter2sMb))),
    startToPromptS: round(median(app.map((r) => r.startS)), 3),
    nodeAloneRssMb: round(median(bare.map((r) => r.rssMb))),
    runs: RUNS,
  };
  context.log(`idle: terminal mode ${result.rssMb} MB RSS settled, ${result.rssAfter2sMb} MB 2 s after the prompt (node alone ${result.nodeAloneRssMb} MB), first prompt after ${result.startToPromptS} s`);
  return { idle: result };
}

function round(value: number, digits = 1): number {
  return Number(value.toFixed(digits));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await idle({ json: false, log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
