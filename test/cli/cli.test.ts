/**
 * The researchers' command-line tools on real SQLite files in a temporary folder: import,
 * results (text and JSON), export, and the demo.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateCohort } from '../../src/analytics/demo/cohort.ts';
import { parseCsv } from '../../src/analytics/csv.ts';
import { exportResponses } from '../../src/analytics/transfer/export.ts';
import { demoCli } from '../../src/cli/demo.ts';
import { exportCli } from '../../src/cli/export.ts';
import { importCli } from '../../src/cli/import.ts';
import { resultsCli } from '../../src/cli/results.ts';
import { BUILT_IN_DEFINITIONS, DefinitionRegistry } from '../../src/survey/registry.ts';
import { tableCounts } from '../support/anonymity-audit.ts';

const definition = new DefinitionRegistry(BUILT_IN_DEFINITIONS).defaultDefinition();
let dir: string;
let env: Record<string, string>;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'confreres-cli-'));
  env = { DATA_DIR: dir, DATABASE_URL: `file:${path.join(dir, 'test.db')}`, LANG: 'C' };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a tool and collects its exit code, stdout and stderr. */
async function call(tool: typeof resultsCli, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await tool(argv, (t) => (stdout += t), (t) => (stderr += t), env);
  return { code, stdout, stderr };
}

function writeCohortCsv(count: number): string {
  const file = path.join(dir, 'cohort.csv');
  writeFileSync(file, exportResponses(definition, generateCohort(definition).slice(0, count)));
  return file;
}

describe('npm run import / results', () => {
  it('imports a CSV into the terminal community’s survey and prints the results', async () => {
    const imported = await call(importCli, writeCohortCsv(200), '--lang', 'en');
    expect(imported.code).toBe(0);
    // The synthetic cohort repeats one short in-progress response: reported, imported all the same.
    expect(imported.stderr).toBe('1 row(s) identical to an earlier row of the file, imported all the same: line 113 (= line 16).\n');
    expect(imported.stdout).toMatch(/^200 response\(s\) imported/);
    const text = await call(resultsCli, '--lang', 'en');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('200 participants (at least one answer)');
    const table = await call(resultsCli, '--table1', '--lang', 'fr');
    expect(table.stdout).toContain('Tableau 1 — Analyse en sous-groupes');
  });

  it('prints stable JSON for scripts', async () => {
    await call(importCli, writeCohortCsv(300));
    for (const args of [['--json'], ['--json', '--table1'], ['--json', '--item', 'q9', '--by', 'gp']]) {
      const first = await call(resultsCli, ...args);
      const second = await call(resultsCli, ...args);
      expect(first.code).toBe(0);
      // Same data, same bytes: fixed key order and rounding.
      expect(second.stdout).toBe(first.stdout);
      expect(() => JSON.parse(first.stdout)).not.toThrow();
    }
    const item = JSON.parse((await call(resultsCli, '--json', '--item', 'q9', '--by', 'gp', '--lang', 'en')).stdout) as {
      item: { code: string; n: number };
      comparisons: { grouping: string; test: { method: string; p: number; pHolm: number; cramersV: number } }[];
    };
    expect(item.item.code).toBe('q9');
    expect(item.comparisons[0]?.grouping).toBe('gp');
    // A test is printed only for tables with nothing hidden: read the keys from Table 1's first.
    const table = JSON.parse((await call(resultsCli, '--json', '--table1', '--lang', 'en')).stdout) as { rows: { comparisons: { test: object | null }[] }[] };
    const tested = table.rows.flatMap((r) => r.comparisons).find((c) => c.test !== null);
    expect(Object.keys(tested?.test ?? {})).toEqual(['method', 'p', 'pHolm', 'chiSquared', 'fisherP', 'replicates', 'minExpected', 'cramersV']);
  });

  it('writes the charts with --charts', async () => {
    await call(importCli, writeCohortCsv(300));
    const charts = path.join(dir, 'charts');
    const result = await call(resultsCli, '--item', 'q21', '--by', 'gp', '--charts', charts);
    expect(result.code).toBe(0);
    expect(readdirSync(charts)).toEqual(['q21-by-gp.png']);
  });

  it('shows nothing before 10 complete responses and refuses bad options', async () => {
    const few = generateCohort(definition).filter((r) => r.status === 'complete').slice(0, 9);
    const file = path.join(dir, 'few.csv');
    writeFileSync(file, exportResponses(definition, few));
    await call(importCli, file);
    const result = await call(resultsCli, '--lang', 'en');
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toContain('from 10 complete responses');
    await expect(call(resultsCli, '--by', 'gp')).rejects.toThrow('--by needs --item');
    await expect(call(resultsCli, '--nope')).rejects.toThrow();
  });

  it('refuses a malformed CSV with line and column, and imports nothing', async () => {
    const good = readFileSync(writeCohortCsv(20), 'utf8').trimEnd().split('\r\n');
    const header = good[0]?.split(',') ?? [];
    const q2 = header.indexOf('q2') + 1;
    // Line 3 gets an unknown choice in q2; line 5 loses a field.
    const broken = good.map((line, i) => {
      if (i === 2) return line.split(',').map((f, j) => (j === q2 - 1 ? 'ninety' : f)).join(',');
      if (i === 4) return line.split(',').slice(1).join(',');
      return line;
    });
    const file = path.join(dir, 'broken.csv');
    writeFileSync(file, broken.join('\r\n'));
    const before = existsSync(path.join(dir, 'test.db')) ? await tableCounts(env.DATABASE_URL ?? '') : null;
    const result = await call(importCli, file, '--lang', 'en');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Import refused, nothing was imported: 2 problem(s).');
    expect(result.stderr).toContain(`line 3, column ${q2} (q2): value “ninety” refused`);
    expect(result.stderr).toContain(`line 5: ${header.length - 1} fields instead of ${header.length}`);
    const after = await tableCounts(env.DATABASE_URL ?? '');
    expect(after['Response'] ?? 0).toBe(before?.['Response'] ?? 0);
  });
});

describe('npm run export', () => {
  it('writes responses.csv and codebook.csv that import back to the same answers', async () => {
    await call(importCli, writeCohortCsv(150));
    const out = path.join(dir, 'export');
    const result = await call(exportCli, '--out', out);
    expect(result.code).toBe(0);
    const responses = readFileSync(path.join(out, 'responses.csv'), 'utf8');
    const parsed = parseCsv(responses);
    expect(parsed.ok && parsed.value.length).toBe(151);
    expect(readFileSync(path.join(out, 'codebook.csv'), 'utf8').startsWith('code,item,type,value,label_fr,label_en')).toBe(true);
    // Same rows as the file imported (in another order: rows follow random ids).
    const sorted = (text: string) => text.trimEnd().split('\r\n').sort();
    expect(sorted(responses)).toEqual(sorted(readFileSync(path.join(dir, 'cohort.csv'), 'utf8')));
    // And again through a second database.
    const first = env;
    env = { ...first, DATABASE_URL: `file:${path.join(dir, 'second.db')}` };
    expect((await call(importCli, path.join(out, 'responses.csv'))).code).toBe(0);
    expect((await call(exportCli, '--out', path.join(dir, 'again'))).code).toBe(0);
    expect(sorted(readFileSync(path.join(dir, 'again', 'responses.csv'), 'utf8'))).toEqual(sorted(responses));
    env = first;
    const excel = await call(exportCli, '--out', out, '--excel');
    expect(excel.code).toBe(0);
    expect(readFileSync(path.join(out, 'responses.csv'), 'utf8').startsWith('\uFEFFcomplete,')).toBe(true);
  });
});

describe('npm run demo', () => {
  it('seeds the cohort once, prints the overview and Table 1, and writes the figures', async () => {
    const out = path.join(dir, 'demo');
    const first = await call(demoCli, '--out', out, '--lang', 'en');
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/Seeded 1451 responses \(\d+ answers\)/);
    expect(first.stdout).toContain('1451 participants (at least one answer) · 989 complete responses (completion rate 68.2%)');
    expect(first.stdout).toContain('Table 1 — Subgroup analysis');
    expect(readdirSync(out).sort()).toEqual([
      'fig1-characteristics.png', 'fig2-q11-q18.png', 'fig3-q21.png', 'fig4-q22.png', 'fig5-q23-q25.png', 'fig6-q26.png',
      'table1-age_group.png', 'table1-gp.png', 'table1-underserved.png',
    ]);
    const again = await call(demoCli, '--out', out, '--lang', 'en');
    expect(again.stderr).toContain('Demo survey already seeded: reused.');
    expect(again.stdout).toBe(first.stdout);
    expect((await tableCounts(env.DATABASE_URL ?? ''))['Response']).toBe(1451);
    // The researcher's tools reach it with --demo.
    const json = JSON.parse((await call(resultsCli, '--demo', '--json')).stdout) as { participation: { participants: number } };
    expect(json.participation.participants).toBe(1451);
  });
});
