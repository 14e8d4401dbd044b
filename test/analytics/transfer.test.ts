import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../../src/analytics/csv.ts';
import { importProblemText } from '../../src/analytics/report/index.ts';
import { generateCohort } from '../../src/analytics/demo/cohort.ts';
import { exportCodebook, exportResponses } from '../../src/analytics/transfer/export.ts';
import { timestampDay } from '../../src/analytics/transfer/google-forms.ts';
import { parseImport } from '../../src/analytics/transfer/import.ts';
import { BUILT_IN_DEFINITIONS, DefinitionRegistry } from '../../src/survey/registry.ts';
import { NINE, tiny } from './fixture.ts';

const records = (text: string) => {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(parsed.error.code);
  return parsed.value.map((r) => r.fields);
};

describe('export', () => {
  it('writes one row per participant, one column per item, 0/1 per choice, empty when not answered', () => {
    const [header, ...rows] = records(exportResponses(tiny, NINE));
    expect(header).toEqual(['complete', 'spec', 'area', 'sought', 'useful', 'strengths__speed', 'strengths__free', 'strengths__kind', 'comment']);
    // 8 participants; the response with no answer is not one.
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual(['1', 'gp', 'yes', 'yes', '9', '1', '1', '0', 'Très utile']);
    // Response 3 never saw `useful` (skip rule): empty, not 0.
    expect(rows[2]).toEqual(['1', 'gp', 'no', 'no', '', '1', '0', '1', 'Bien']);
    // Response 6 stopped before `sought`: every later column is empty.
    expect(rows[5]).toEqual(['0', 'gp', 'no', '', '', '', '', '', '']);
  });

  it('describes every column in the codebook', () => {
    const [header, ...rows] = records(exportCodebook(tiny));
    expect(header).toEqual(['code', 'item', 'type', 'value', 'label_fr', 'label_en', 'scale_min', 'scale_max', 'relevant']);
    expect(rows).toContainEqual(['spec', 'spec', 'single', 'gp', 'Généraliste', 'GP', '', '', '']);
    expect(rows).toContainEqual(['strengths__free', 'strengths', 'multi', '1', 'Gratuité', 'Free', '', '', '']);
    expect(rows).toContainEqual(['useful', 'useful', 'scale', '', 'Utile ?', 'Useful?', '0', '10', "sought == 'yes'"]);
    // Every column of responses.csv is described (plus a row with the question of the multiple choice).
    const described = new Set(rows.map((r) => r[0]));
    for (const column of records(exportResponses(tiny, NINE))[0] ?? []) expect(described.has(column)).toBe(true);
  });
});

describe('import of our own export', () => {
  it('reads back every answer, status and drop-off point', () => {
    const parsed = parseImport(tiny, exportResponses(tiny, NINE), '2026-03-01');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    expect(parsed.value.format).toBe('export');
    const participants = NINE.filter((r) => Object.keys(r.answers).length > 0);
    expect(parsed.value.responses.map((r) => r.answers)).toEqual(participants.map((r) => r.answers));
    expect(parsed.value.responses.map((r) => [r.status, r.cursor])).toEqual(participants.map((r) => [r.status, r.cursor]));
    expect(parsed.value.responses.every((r) => r.startedDay === '2026-03-01')).toBe(true);
  });

  it("writes each response's answers as JSON as it reads them, as JSON.stringify would", () => {
    const definition = new DefinitionRegistry(BUILT_IN_DEFINITIONS).defaultDefinition();
    const parsed = parseImport(definition, exportResponses(definition, generateCohort(definition)), '2026-03-01');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    expect(parsed.value.responses.length).toBeGreaterThan(100);
    for (const response of parsed.value.responses) expect(response.answersJson).toBe(JSON.stringify(response.answers));
  });

  it('refuses the whole file, naming the line and column of every bad value', () => {
    const text = [
      'complete,spec,area,sought,useful,strengths__speed,strengths__free,strengths__kind,comment',
      '1,gp,yes,yes,11,1,0,0,', // line 2: 11 is off the scale (column 5)
      '1,dentist,no,no,,1,0,0,', // line 3: unknown choice (column 2)
      '1,gp,no,no,7,1,0,0,', // line 4: useful answered but not asked (sought = no)
      '1,gp,no,yes,,1,0,0,', // line 5: complete without the required `useful`
      '2,gp,no,no,,1,,0,', // line 6: "2" is no flag (column 1); a half-filled choice (column 6)
      '1,gp,no,no,,1,0,0,Écrivez-moi à jean.dupont@example.org', // line 7: an identifier
    ].join('\n');
    const parsed = parseImport(tiny, text, '2026-03-01');
    if (parsed.ok) throw new Error('expected problems');
    expect(parsed.error.map((p) => [p.code, 'line' in p ? p.line : null, 'column' in p ? p.column : null])).toEqual([
      ['value.invalid', 2, 5],
      ['value.invalid', 3, 2],
      ['value.not_relevant', 4, 5],
      ['response.incomplete', 5, null],
      ['value.flag', 6, 1],
      ['value.partial_choices', 6, 6],
      ['value.invalid', 7, 9],
    ]);
    const [first] = parsed.error;
    if (!first) throw new Error('no problem');
    // The reason is the chat's own wording of the answer error.
    expect(importProblemText('en', first)).toMatch(/^line 2, column 5 \(useful\): value “11” refused: \S/);
    expect(importProblemText('fr', parsed.error[6] ?? first)).toContain('ligne 7, colonne 9 (comment)');
  });

  it('refuses unknown and duplicate headers and ragged rows', () => {
    const parsed = parseImport(tiny, 'complete,spec,spec,q99\n1,gp,gp,x\n', '2026-03-01');
    expect(parsed.ok ? [] : parsed.error.map((p) => p.code)).toEqual(['header.unknown', 'header.duplicate']);
    const ragged = parseImport(tiny, 'complete,spec\n1,gp,extra\n', '2026-03-01');
    expect(ragged).toEqual({ ok: false, error: [{ code: 'row.width', line: 2, expected: 2, actual: 3 }] });
    expect(parseImport(tiny, 'name,age\nx,1\n', '2026-03-01')).toEqual({ ok: false, error: [{ code: 'header.format', line: 1 }] });
    expect(parseImport(tiny, '\uFEFF  \n', '2026-03-01')).toEqual({ ok: false, error: [{ code: 'file.empty' }] });
  });
});

describe('import of a Google Forms export', () => {
  const definition = new DefinitionRegistry(BUILT_IN_DEFINITIONS).defaultDefinition();
  const item = (code: string) => definition.items.find((i) => i.code === code)!;

  it('maps French or English question titles and choice labels, multiple choices joined with ", "', () => {
    const header = ['Horodateur', item('q1').label.fr, item('q4').label.en, item('q9').label.fr, item('q21').label.fr, item('q11').label.fr];
    const rows = [
      header,
      // "Autre (salarié, mixte…)" holds ", " itself; q21 lists two labels.
      ['01/06/2022 10:15:23', 'Une femme', 'Other (salaried, mixed…)', 'Rarement', 'La rapidité des réponses, La gratuité', '8'],
      ['15/07/2022 22:01:00', 'Un homme', 'Hospital', 'Jamais', '', ''],
    ];
    const parsed = parseImport(definition, toCsv(rows), '2026-03-01');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    expect(parsed.value.format).toBe('google_forms');
    const [first, second] = parsed.value.responses;
    expect(first).toMatchObject({
      status: 'in_progress',
      startedDay: '2022-06-01',
      answers: { q1: 'female', q4: 'other', q9: 'rarely', q21: ['speed', 'free'], q11: 8 },
    });
    // A partial form: the respondent resumes after the last item they answered (q21 → q22).
    expect(first?.cursor).toBe('q22');
    expect(second).toMatchObject({ startedDay: '2022-07-15', answers: { q1: 'male', q4: 'hospital', q9: 'never' } });
  });

  it('reports every title or label it cannot map, and imports nothing', () => {
    const rows = [
      ['Timestamp', 'Email Address', item('q1').label.en],
      ['6/1/2022 10:15:23', 'someone@example.org', 'A woman'],
    ];
    const parsed = parseImport(definition, toCsv(rows), '2026-03-01');
    expect(parsed).toEqual({ ok: false, error: [{ code: 'header.unknown', line: 1, column: 2, header: 'Email Address' }] });
    const labels = parseImport(definition, toCsv([['Timestamp', item('q1').label.en], ['not a date', 'A cat']]), '2026-03-01');
    expect(labels.ok ? [] : labels.error.map((p) => [p.code, 'column' in p ? p.column : null])).toEqual([
      ['value.timestamp', 1],
      ['value.unknown_label', 2],
    ]);
  });

  it('reads day-first dates on French forms and month-first on English ones', () => {
    expect(timestampDay('01/06/2022 10:15:23', true)).toBe('2022-06-01');
    expect(timestampDay('6/1/2022 10:15:23', false)).toBe('2022-06-01');
    expect(timestampDay('2022/06/01 10:15:23 AM GMT+2', false)).toBe('2022-06-01');
    expect(timestampDay('31/02/2022', true)).toBeNull();
  });
});
