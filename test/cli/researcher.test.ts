/**
 * What a researcher trips over on the command line: which survey a tool works on (the only
 * one, else a list with the --survey to pass), one language a run, advice in the tool's own
 * options, files in other encodings and delimiters, formulas in the Excel export.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../../src/analytics/csv.ts';
import { generateCohort } from '../../src/analytics/demo/cohort.ts';
import { exportResponses } from '../../src/analytics/transfer/export.ts';
import { excelSafeCell } from '../../src/analytics/transfer/excel.ts';
import { openApp } from '../../src/cli/common.ts';
import { exploreText } from '../../src/cli/demo.ts';
import { exportCli } from '../../src/cli/export.ts';
import { importCli } from '../../src/cli/import.ts';
import { createProgress, progressLine } from '../../src/cli/progress.ts';
import { resultsCli } from '../../src/cli/results.ts';
import { BUILT_IN_DEFINITIONS, DefinitionRegistry } from '../../src/survey/registry.ts';

const definition = new DefinitionRegistry(BUILT_IN_DEFINITIONS).defaultDefinition();
let dir: string;
let env: Record<string, string>;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'confreres-researcher-'));
  env = { DATA_DIR: dir, DATABASE_URL: `file:${path.join(dir, 'test.db')}`, LANG: 'en_GB.UTF-8', DEFAULT_LANGUAGE: 'fr' };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function call(tool: typeof resultsCli, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await tool(argv, (t) => (stdout += t), (t) => (stderr += t), env);
  return { code, stdout, stderr };
}

function cohortText(count: number): string {
  return exportResponses(definition, generateCohort(definition).slice(0, count));
}

/** Windows-1252 bytes, as Excel writes "CSV" on a French Windows ('’' is 0x92 there). */
function windows1252(text: string): Buffer {
  const extra: Record<string, number> = { '€': 0x80, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97, 'œ': 0x9c, 'Œ': 0x8c };
  return Buffer.from(Array.from(text, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    const byte = code <= 0xff ? code : extra[ch];
    if (byte === undefined) throw new Error(`not in Windows-1252: ${ch}`);
    return byte;
  }));
}

function write(name: string, data: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, data);
  return file;
}

/** A second community with its own survey, as a Telegram group would have. */
async function openSecondSurvey(): Promise<string> {
  const app = await openApp(env);
  try {
    const community = await app.services.catalog.ensureCommunity('telegram', '-100123', 'Groupe de test', '2026-03-01');
    const survey = await app.services.catalog.openSurvey(community.id, definition.id, definition.version, '2026-03-01');
    if (!survey) throw new Error('not opened');
    return survey.id;
  } finally {
    await app.close();
  }
}

describe('survey selection', () => {
  it('with no survey, says so and points at the demo', async () => {
    const result = await call(resultsCli, '--lang', 'en');
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe('No survey in the database. To try the tools on the demo cohort: npm run demo\n');
  });

  it('takes the only survey, and lists them with their --survey ID and counts when there are several', async () => {
    expect((await call(importCli, write('cohort.csv', cohortText(120)), '--lang', 'en')).code).toBe(0);
    expect((await call(resultsCli, '--lang', 'en')).stdout).toContain('120 participants');
    const second = await openSecondSurvey();
    const listed = await call(resultsCli, '--table1', '--lang', 'en');
    expect(listed.code).toBe(1);
    const lines = listed.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('2 surveys in the database: choose one with --survey ID (or --demo for the demo).');
    expect(lines[1]).toMatch(/^ {2}--survey \S+ {2}Confrères \(terminal\) \(console\) · \S+ v\d+ · open \d{4}-\d\d-\d\d · 120 participant\(s\), \d+ complete$/);
    expect(lines[2]).toContain(`--survey ${second}  Groupe de test (telegram)`);
    expect(lines[2]).toContain('0 participant(s), 0 complete');
    const firstId = /--survey (\S+)/.exec(lines[1] ?? '')?.[1] ?? '';
    expect((await call(resultsCli, '--survey', firstId, '--lang', 'en')).stdout).toContain('120 participants');
    // Export and import ask the same way, in the run's language (DEFAULT_LANGUAGE here).
    const exported = await call(exportCli, '--out', path.join(dir, 'out'));
    expect(exported.stderr).toContain('2 enquêtes dans la base de données');
    const imported = await call(importCli, write('more.csv', cohortText(5)));
    expect(imported.stderr).toContain('--survey');
    const unknown = await call(resultsCli, '--survey', 'nope', '--lang', 'en');
    expect(unknown.stderr).toMatch(/^No survey with id nope\.\n2 surveys in the database/);
  });

  it('gives its advice as its own options, not the chat’s', async () => {
    await call(importCli, write('cohort.csv', cohortText(60)));
    const result = await call(resultsCli, '--lang', 'en');
    expect(result.stdout).toContain('--item CODE for one item, --by GROUPING to compare');
    expect(result.stdout).not.toContain('/results item:');
    expect((await call(resultsCli)).stdout).toContain('--item CODE pour le détail d’une question');
  });

  it('ends the demo with the commands that explore it', () => {
    const text = exploreText('en', '/tmp/demo');
    expect(text.split('\n')).toEqual([
      'To explore the demo:',
      '  npm run results -- --demo --lang en',
      '  npm run results -- --demo --table1 --lang en',
      '  npm run results -- --demo --item q13 --by gp --lang en',
      '  npm run results -- --demo --item q21 --charts /tmp/demo/q21',
      '  npm run export -- --demo --out /tmp/demo/export',
      '  (figures: /tmp/demo)',
    ]);
  });
});

describe('npm run import: encodings, delimiters, duplicates', () => {
  it('imports a Windows-1252, semicolon-separated file (French Excel) and says what it did', async () => {
    const text = cohortText(80).replaceAll(',', ';');
    const result = await call(importCli, write('excel.csv', windows1252(text)), '--lang', 'en');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('80 response(s) imported (export Confrères).\n');
    expect(result.stderr).toContain('File read as Windows-1252 (Latin-1) (not UTF-8) and converted.');
    expect(result.stderr).toContain('Field separator: “;”.');
    expect(text).toContain('’');
  });

  it('refuses the same file twice, and the same rows in another file, unless --allow-duplicates', async () => {
    const text = cohortText(50);
    const file = write('first.csv', text);
    expect((await call(importCli, file, '--lang', 'en')).code).toBe(0);
    const again = await call(importCli, file, '--lang', 'en');
    expect(again).toMatchObject({ code: 1, stdout: '' });
    expect(again.stderr).toBe('Import refused: this file was already imported into this survey. To import it a second time: --allow-duplicates.\n');
    const parsed = parseCsv(text);
    if (!parsed.ok) throw new Error(parsed.error.code);
    const semicolonText = toCsv(parsed.value.map((r) => r.fields), { delimiter: ';' });
    const semicolons = await call(importCli, write('second.csv', semicolonText), '--lang', 'en');
    expect(semicolons.code).toBe(1);
    expect(semicolons.stderr).toContain('Import refused: 50 row(s) of this file are already in this survey');
    expect((await call(resultsCli, '--lang', 'en')).stdout).toContain('50 participants');
    expect((await call(importCli, file, '--allow-duplicates', '--lang', 'en')).code).toBe(0);
    expect((await call(resultsCli, '--lang', 'en')).stdout).toContain('100 participants');
  });

  it('refuses a file that is neither UTF-8 nor Windows-1252, naming the encoding', async () => {
    const result = await call(importCli, write('bad.csv', Buffer.concat([Buffer.from(cohortText(10)), Buffer.from([0, 1, 2])])), '--lang', 'en');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Import refused, nothing was imported: 1 problem(s).');
    expect(result.stderr).toContain('unrecognised encoding: control byte 0x00');
  });
});

describe('npm run export --excel', () => {
  it('neutralises formulas in the Excel file only; the plain file keeps the exact text', async () => {
    const [header, ...rows] = cohortText(40).trimEnd().split('\r\n');
    const columns = header?.split(',') ?? [];
    const q27 = columns.indexOf('q27');
    const completes = rows.filter((r) => r.startsWith('1,'));
    const formulas = ['@SUM(2+5)', '=1+1', '+A1*2', '-2+3 et le reste'];
    const edited = completes.slice(0, formulas.length).map((row, i) => {
      const fields = row.split(',');
      fields[q27] = `"${formulas[i]}"`;
      return fields.join(',');
    });
    const file = write('formulas.csv', [header, ...edited, ...completes.slice(formulas.length)].join('\r\n'));
    expect((await call(importCli, file)).code).toBe(0);
    const plain = path.join(dir, 'plain');
    const excel = path.join(dir, 'excel');
    expect((await call(exportCli, '--out', plain)).code).toBe(0);
    expect((await call(exportCli, '--out', excel, '--excel')).code).toBe(0);
    const cells = (file: string) => {
      const parsed = parseCsv(readFileSync(file, 'utf8'));
      if (!parsed.ok) throw new Error(parsed.error.code);
      return parsed.value.slice(1).map((r) => r.fields[q27] ?? '');
    };
    const plainCells = cells(path.join(plain, 'responses.csv'));
    const excelCells = cells(path.join(excel, 'responses.csv'));
    for (const formula of formulas) {
      expect(plainCells).toContain(formula);
      expect(excelCells).toContain(`'${formula}`);
      expect(excelCells).not.toContain(formula);
    }
    expect(readFileSync(path.join(excel, 'responses.csv'), 'utf8').startsWith('\uFEFFcomplete,')).toBe(true);
  });

  it('neutralises a leading tab or carriage return too, and leaves other text alone', () => {
    expect(['\tx', '\rx', 'a=b', 'Très utile', ''].map(excelSafeCell)).toEqual(["'\tx", "'\rx", 'a=b', 'Très utile', '']);
  });
});

describe('progress on a terminal', () => {
  it('rewrites one line on a terminal, says nothing to a pipe or with --json', () => {
    let written = '';
    let clock = 0;
    const terminal = { isTTY: true, columns: 100, write: (t: string) => (written += t) };
    const progress = createProgress(terminal, { label: 'Import', unit: 'rows', now: () => clock });
    clock = 2000;
    progress.update(100_000, 0.5);
    clock = 2050; // within 100 ms: not redrawn
    progress.update(101_000, 0.51);
    progress.finish();
    expect(written).toBe(`\rImport: 100,000 rows · 50,000 rows/s · 2 s left\r${' '.repeat(47)}\r`);
    for (const [stream, json] of [[{ isTTY: false, write: () => expect.fail('wrote to a pipe') }, false], [{ ...terminal, write: () => expect.fail('wrote with --json') }, true]] as const) {
      const silent = createProgress(stream, { label: 'x', unit: 'rows', json, now: () => 5000 });
      silent.update(1, 0.5);
      silent.finish();
    }
    expect(progressLine('Export', 'rows', 10, 0)).toBe('Export: 10 rows · 0 rows/s');
  });
});
