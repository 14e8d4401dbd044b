/**
 * npm run form and npm run export -- --redcap on real SQLite files: check reports without
 * storing, add stores and opens, list shows it, dictionary/xlsform write the built-in
 * instrument, and the REDCap export writes records matching the dictionary.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportCli } from '../../src/cli/export.ts';
import { formCli } from '../../src/cli/form.ts';
import { redcapCsv } from '../forms/support.ts';

let dir: string;
let env: Record<string, string>;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'confreres-form-cli-'));
  env = { DATA_DIR: dir, DATABASE_URL: `file:${path.join(dir, 'test.db')}`, LANG: 'C' };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function call(tool: typeof formCli, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await tool(argv, (t) => (stdout += t), (t) => (stderr += t), env);
  return { code, stdout, stderr };
}

describe('npm run form', () => {
  it('checks a form without storing it, and refuses a broken one with its rows', async () => {
    const good = path.join(dir, 'burnout.csv');
    writeFileSync(good, redcapCsv([{ name: 'role', form: 'burnout', type: 'radio', label: 'Role', choices: '1, A | 2, B' }, { name: 'hours', form: 'burnout', type: 'text', validation: 'integer', label: 'Hours', branching: "[role] = '1'" }]));
    const checked = await call(formCli, 'check', good, '--lang', 'en');
    expect(checked).toMatchObject({ code: 0, stderr: '' });
    expect(checked.stdout).toBe('Form readable: 2 question(s), id "burnout".\n  role (single, optional) Role\n  hours (integer, optional) Hours  [role == \'1\']\n');
    expect((await call(formCli, 'list', '--lang', 'en')).stdout).toBe('No form loaded in the terminal community.\n');
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, redcapCsv([{ name: 'email', type: 'text', label: 'Mail' }]));
    const refused = await call(formCli, 'check', bad, '--lang', 'fr');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Formulaire refusé (1 problème(s)) ; rien n’a été enregistré :\n  - ligne 3 (colonne Variable / Field Name) : « email » demande l’identité');
  });

  it('adds a form, opens a run with it, lists it, and exports its records for REDCap', async () => {
    const file = path.join(dir, 'burnout.csv');
    writeFileSync(file, redcapCsv([{ name: 'role', form: 'burnout', type: 'radio', label: 'Role', choices: '1, A | 2, B', required: 'y' }]));
    const added = await call(formCli, 'add', file, '--open', '--lang', 'en');
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toBe('Form loaded: burnout, version 1. Open it with /survey open form:burnout.\nSurvey opened with burnout in the terminal community.\n');
    expect((await call(formCli, 'list')).stdout).toMatch(/^burnout@1 {2}redcap {2}burnout\.csv {2}\d{4}-\d{2}-\d{2}\n$/);
    const again = await call(formCli, 'add', file, '--lang', 'en');
    expect(again.stdout).toBe('This file is already loaded: burnout, version 1.\n');
    const out = path.join(dir, 'out');
    const exported = await call(exportCli, '--out', out, '--redcap');
    expect(exported).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(path.join(out, 'redcap-records.csv'), 'utf8')).toBe('record_id,role,burnout_complete\r\n');
    expect(readFileSync(path.join(out, 'redcap-dictionary.csv'), 'utf8').split('\r\n')[2]).toBe('role,burnout,,radio,Role,"1, A | 2, B",,,,,,,y,,,,,');
  });

  it('writes the built-in instrument as the REDCap dictionary and XLSForm committed in examples/', async () => {
    const dictionary = path.join(dir, 'dictionary.csv');
    expect((await call(formCli, 'dictionary', '--out', dictionary, '--lang', 'fr')).code).toBe(0);
    expect(readFileSync(dictionary, 'utf8')).toBe(readFileSync(new URL('../../examples/social-network-cme-2022.redcap.csv', import.meta.url), 'utf8'));
    const workbook = path.join(dir, 'form.xlsx');
    expect((await call(formCli, 'xlsform', '--out', workbook)).code).toBe(0);
    const checked = await call(formCli, 'check', workbook, '--lang', 'en');
    expect(checked.stdout.split('\n')[0]).toBe('Form readable: 27 question(s), id "social_network_cme_2022".');
  });
});
