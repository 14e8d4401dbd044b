/**
 * Long command-line work shows a line of progress on a terminal (rewritten in place on
 * stderr) and nothing at all through a pipe: the counter itself, then the demo and the export
 * run with a terminal-like stream and with a pipe.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCli } from '../../src/cli/demo.ts';
import { exportCli } from '../../src/cli/export.ts';
import { createProgress, progressLine, type ProgressStream } from '../../src/cli/progress.ts';

describe('the progress line', () => {
  it('counts against a known total, with the time left', () => {
    let written = '';
    let clock = 0;
    const progress = createProgress({ isTTY: true, columns: 100, write: (t) => (written += t) }, { label: 'Demo', unit: 'charts', total: 9, now: () => clock });
    clock = 1500;
    progress.update(3);
    expect(written).toBe('\rDemo: 3/9 charts · 2.0 charts/s · 3 s left');
  });

  it('says what is under way at once, and clears what it drew', () => {
    let written = '';
    let clock = 0;
    const progress = createProgress({ isTTY: true, columns: 100, write: (t) => (written += t) }, { label: 'Export', unit: 'responses', now: () => clock });
    progress.update(500);
    clock = 10; // within 100 ms of the count: said all the same
    progress.status('formatting 97,217 responses…');
    progress.finish();
    expect(written).toBe(`\rExport: 500 responses · 0 responses/s\rExport: formatting 97,217 responses… \r${' '.repeat(36)}\r`);
  });

  it('keeps a whole rate above ten a second and one decimal below', () => {
    expect(progressLine('Import', 'rows', 25, 2)).toBe('Import: 25 rows · 13 rows/s');
    expect(progressLine('Demo', 'charts', 5, 2, undefined, 9)).toBe('Demo: 5/9 charts · 2.5 charts/s');
  });

  it('takes a terminal of unknown width as 80 columns', () => {
    let written = '';
    createProgress({ isTTY: true, columns: 0, write: (t) => (written += t) }, { label: 'x'.repeat(100), unit: 'rows' }).status('…');
    expect(written).toBe(`\r${'x'.repeat(79)}`);
  });
});

describe('npm run demo and npm run export on a terminal and through a pipe', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'confreres-progress-'));
    env = { DATA_DIR: dir, DATABASE_URL: `file:${path.join(dir, 'test.db')}`, LANG: 'C', DEFAULT_LANGUAGE: 'en' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A terminal 120 columns wide that keeps what is written to it. */
  function terminal(): ProgressStream & { text: string } {
    const stream = { isTTY: true, columns: 120, text: '', write: (t: string) => (stream.text += t) };
    return stream;
  }
  const pipe: ProgressStream = { isTTY: false, write: () => expect.fail('progress written to a pipe') };

  async function call(tool: typeof demoCli, stream: ProgressStream, ...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await tool(argv, (t) => (stdout += t), (t) => (stderr += t), env, stream);
    return { code, stdout, stderr };
  }

  it('demo: seeding and drawing on a terminal, the same output and nothing more through a pipe', async () => {
    const out = path.join(dir, 'demo');
    const shown = terminal();
    const seeded = await call(demoCli, shown, '--out', out);
    expect(seeded.code).toBe(0);
    expect(shown.text).toContain('\rDemo: generating 1,451 responses…');
    expect(shown.text).toMatch(/\rDemo: 500\/1,451 responses · [\d,.]+ responses\/s/);
    expect(shown.text).toContain('\rDemo: computing the results…');
    expect(shown.text).toMatch(/\rDemo: \d\/9 charts · [\d.]+ charts\/s/);
    // Cleared at the end: the last thing written blanks the line and returns to its start.
    expect(shown.text).toMatch(/\r +\r$/);
    // The progress goes to its own stream only.
    expect(seeded.stderr + seeded.stdout).not.toContain('\r');

    const reseeded = await call(demoCli, pipe, '--out', out, '--reseed');
    expect(reseeded.code).toBe(0);
    expect(reseeded.stdout).toBe(seeded.stdout);
    expect(readFileSync(path.join(out, 'fig1-characteristics.png')).subarray(1, 4).toString()).toBe('PNG');
  }, 60_000);

  it('export: responses counted then formatted on a terminal, the same files and nothing more through a pipe', async () => {
    const shown = terminal();
    const onTerminal = await call(exportCli, shown, '--demo', '--out', path.join(dir, 'shown'));
    expect(onTerminal.code).toBe(0);
    expect(shown.text).toMatch(/\rExport: [\d,]+ responses · [\d,.]+ responses\/s/);
    expect(shown.text).toContain('\rExport: formatting 1,451 responses…');
    expect(shown.text).toMatch(/\r +\r$/);
    expect(onTerminal.stderr + onTerminal.stdout).not.toContain('\r');

    const piped = await call(exportCli, pipe, '--demo', '--out', path.join(dir, 'piped'));
    expect(piped.code).toBe(0);
    for (const file of ['responses.csv', 'codebook.csv']) {
      expect(readFileSync(path.join(dir, 'shown', file), 'utf8')).toBe(readFileSync(path.join(dir, 'piped', file), 'utf8'));
    }

    const redcap = terminal();
    expect((await call(exportCli, redcap, '--demo', '--redcap', '--out', path.join(dir, 'redcap'))).code).toBe(0);
    expect(redcap.text).toContain('\rExport: formatting 1,451 responses…');
    expect(readFileSync(path.join(dir, 'redcap', 'redcap-records.csv'), 'utf8').split('\n').length).toBeGreaterThan(1451);
  }, 60_000);
});
