import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findInDatabase, readTables, tableCounts } from '../../support/anonymity-audit.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'confreres-terminal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `npm start` exactly as a person would, with the lines piped to its input. */
function start(lines: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? dir, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(lines.map((line) => line + '\n').join(''));
  });
}

// One line per prompt: option numbers, comma-separated numbers, integers, text, empty to skip.
const ANSWERS = [
  '1', '2', '1', '1', '3', '1', '2', '3', // q1–q8: woman, 30–40, GP, independent, rural, underserved, daily, 2–4 years
  '2', '2', // q9 occasionally, q10 occasionally
  '9', '8', '10', '6', '7', '5', '9', '8', // q11–q18
  '2', 'Une plateforme régionale de télé-expertise', // q19 yes, free; q20
  '1,2', '1,2', // q21, q22
  '9', '8', '9', // q23–q25
  '1,2,3', // q26
  '', // q27 skipped
];

// Each case starts real processes (npm, tsx): generous timeouts for a loaded machine.
describe('terminal mode', { timeout: 120_000 }, () => {
  it('goes through the whole questionnaire from piped input and leaves one complete response', async () => {
    const databaseUrl = `file:${path.join(dir, 'one.db')}`;
    const env = { DATABASE_URL: databaseUrl, DATA_DIR: path.join(dir, 'data'), LANG: 'fr_FR.UTF-8' };
    const run = await start(ANSWERS, env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('[1/27] Vous êtes :');
    expect(run.stdout).toContain('[27/27] Avez-vous des commentaires ?');
    expect(run.stdout).toContain('Merci ! Vos réponses ont été enregistrées anonymement.');
    expect(run.stdout.trimEnd().endsWith('Au revoir.')).toBe(true);
    // One completion waits in the release pool until RESULTS_MIN_CELL responses can go out together.
    expect(await tableCounts(databaseUrl)).toMatchObject({ Response: 0, PendingRelease: 1, InProgressResponse: 0, Completion: 1 });
    expect(Object.keys(JSON.parse(String((await readTables(databaseUrl)).get('PendingRelease')?.[0]?.['answers'])) as object)).toHaveLength(26);
    expect(await findInDatabase(databaseUrl, ['local-member'])).toEqual([]);
  });

  it('explains bad input in the member’s language, keeps the question, and resumes in a later run', async () => {
    const databaseUrl = `file:${path.join(dir, 'two.db')}`;
    const env = { DATABASE_URL: databaseUrl, DATA_DIR: path.join(dir, 'data2'), LANG: 'en_GB.UTF-8' };
    const first = await start(['2', '7', 'sept', '/lang fr', '1', '/back', '1'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('[1/27] You are:');
    expect(first.stdout).toContain('There is no option 7: choose a number from 1 to 5.');
    expect(first.stdout.includes('“sept” is not one of the options.')).toBe(true);
    expect(first.stdout).toContain('Langue : français.');
    expect(first.stdout).toContain('[2/27] Quel âge avez-vous ?');
    const second = await start(['/survey'], env);
    expect(second.stdout).toContain('Reprise là où vous vous étiez arrêté(e).');
    expect(second.stdout).toContain('[3/27] Quelle est votre spécialité ?');
    expect(await tableCounts(databaseUrl)).toMatchObject({ Response: 0, InProgressResponse: 1 });
    expect(JSON.parse(String((await readTables(databaseUrl)).get('InProgressResponse')?.[0]?.['answers']))).toEqual({ q1: 'male', q2: 'under_30' });
  });

  it('refuses a broken configuration at start, naming each problem', async () => {
    const run = await start([], { DATABASE_URL: 'mysql://nowhere', RESULTS_MIN_CELL: 'zero', DATA_DIR: path.join(dir, 'data3') });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DATABASE_URL: must be a SQLite file URL');
    expect(run.stderr).toContain('RESULTS_MIN_CELL');
  });
});
