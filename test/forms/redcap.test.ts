import { describe, expect, it } from 'vitest';
import { validateAnswer } from '../../src/survey/answers.ts';
import { formatProblem } from '../../src/survey/forms/index.ts';
import { answerItem, deriveVariables, promptFor, relevantItems, startState } from '../../src/survey/engine.ts';
import { problemsOf, read, redcapCsv, type RedcapRow } from './support.ts';

const FIELDS: RedcapRow[] = [
  { name: 'role', type: 'radio', label: 'Your role', choices: '1, Resident | 2, Attending | 99, Other', required: 'y', section: '<b>About you</b>', annotation: '@CONFRERES-GROUPING' },
  { name: 'unit', type: 'dropdown', label: 'Unit', choices: 'icu, ICU | ward, Ward' },
  { name: 'burnout', type: 'yesno', label: 'Do you feel burnt out?', required: 'y' },
  { name: 'agree', type: 'truefalse', label: 'Night shifts are fair' },
  { name: 'causes', type: 'checkbox', label: 'Causes', choices: '1, Hours | 2, Patients | 3, Paperwork | 98, None of these', annotation: "@NONEOFTHEABOVE='98'", branching: "[burnout] = '1'" },
  { name: 'paperwork_share', type: 'text', validation: 'integer', min: '0', max: '100', label: 'Share of paperwork (%)', branching: "[causes(3)] = '1'" },
  { name: 'hours', type: 'text', validation: 'number', label: 'Hours per week', note: 'On average' },
  { name: 'last_leave', type: 'text', validation: 'date_dmy', label: 'Last leave' },
  { name: 'comment', type: 'notes', label: 'Comments' },
  { name: 'intro_stress', type: 'descriptive', label: 'Now about stress.<br>Take your time.', branching: '[hours] > 50' },
  { name: 'stress', type: 'slider', label: 'Stress', choices: 'None | Some | Extreme', min: '0', max: '10', required: 'y' },
  { name: 'energy', type: 'slider', label: 'Energy', choices: 'Empty | | Full' },
  { name: 'long_hours', type: 'calc', label: 'Works long hours', choices: 'if([hours] >= 60, 1, 0)', annotation: '@CONFRERES-GROUPING' },
  { name: 'total', type: 'calc', label: 'Total', choices: '[hours] + [stress]' },
  { name: 'hidden_code', type: 'text', label: 'Site code', annotation: '@HIDDEN' },
];

describe('REDCap data dictionary', () => {
  it('reads each supported field type', async () => {
    const result = await read(redcapCsv(FIELDS), 'burnout.csv');
    if (!result.ok) throw new Error(result.error.map((p) => formatProblem(p, 'en')).join('\n'));
    const { definition, warnings } = result.value;
    expect(definition.id).toBe('survey');
    expect(definition.items.map((i) => [i.code, i.type, i.format ?? null, i.required])).toEqual([
      ['role', 'single', null, true],
      ['unit', 'single', null, false],
      ['burnout', 'single', null, true],
      ['agree', 'single', null, false],
      ['causes', 'multi', null, false],
      ['paperwork_share', 'text', 'integer', false],
      ['hours', 'text', 'decimal', false],
      ['last_leave', 'text', 'date', false],
      ['comment', 'text', null, false],
      ['stress', 'scale', null, true],
      ['energy', 'text', 'integer', false],
    ]);
    const byCode = new Map(definition.items.map((i) => [i.code, i]));
    expect(byCode.get('role')?.choices.map((c) => c.code)).toEqual(['1', '2', '99']);
    expect(byCode.get('burnout')?.choices).toEqual([{ code: '1', label: { fr: 'Oui', en: 'Yes' } }, { code: '0', label: { fr: 'Non', en: 'No' } }]);
    expect(byCode.get('causes')?.choices.find((c) => c.code === '98')?.exclusive).toBe(true);
    expect(byCode.get('paperwork_share')).toMatchObject({ min: 0, max: 100, relevant: { source: "selected(causes, '3')" } });
    expect(byCode.get('causes')?.relevant?.source).toBe("burnout == '1'");
    expect(byCode.get('hours')?.hint).toEqual({ fr: 'On average', en: 'On average' });
    expect(byCode.get('comment')?.maxLength).toBe(4000);
    expect(byCode.get('stress')?.scale).toEqual({ min: 0, max: 10, minLabel: { fr: 'None', en: 'None' }, maxLabel: { fr: 'Extreme', en: 'Extreme' } });
    // A 0–100 slider is asked as a number, its ends in the hint.
    expect(byCode.get('energy')).toMatchObject({ min: 0, max: 100, hint: { en: '0 = Empty, 100 = Full' } });
    expect(byCode.get('role')?.notes?.[0]?.text.en).toBe('About you');
    expect(byCode.get('stress')?.notes?.[0]).toMatchObject({ text: { en: 'Now about stress.\nTake your time.' }, relevant: { source: 'hours > 50' } });
    expect(definition.derived.map((d) => d.code)).toEqual(['long_hours']);
    expect(definition.groupings).toEqual(['role', 'long_hours']);
    expect(warnings.map((w) => formatProblem(w, 'en'))).toEqual([
      'row 16 (column Choices, Calculations, OR Slider Labels): calculation "total" left out: arithmetic ("+") is not supported in a condition',
      'row 17 (column Field Annotation): "hidden_code" is hidden (@HIDDEN): it is not asked',
    ]);
  });

  it('runs the translated branching, notes and calculations', async () => {
    const result = await read(redcapCsv(FIELDS), 'burnout.csv');
    if (!result.ok) throw new Error('refused');
    const { definition } = result.value;
    const asked = (answers: Record<string, string | number | string[]>) => relevantItems(definition, answers).map((i) => i.code);
    expect(asked({ role: '1', burnout: '0' })).not.toContain('causes');
    expect(asked({ role: '1', burnout: '1', causes: ['1'] })).not.toContain('paperwork_share');
    expect(asked({ role: '1', burnout: '1', causes: ['3'] })).toContain('paperwork_share');
    expect(deriveVariables(definition, { hours: 65 })).toEqual({ long_hours: true });
    expect(deriveVariables(definition, { hours: 40 })).toEqual({ long_hours: false });
    const causes = definition.items.find((i) => i.code === 'causes');
    if (!causes) throw new Error('causes');
    expect(validateAnswer(causes, ['1', '98'])).toMatchObject({ ok: false, error: { code: 'multi.exclusive', value: '98' } });
    const dateItem = definition.items.find((i) => i.code === 'last_leave');
    if (!dateItem) throw new Error('date');
    expect(validateAnswer(dateItem, '14/07/2024')).toEqual({ ok: true, value: '2024-07-14' });
    let state = startState(definition);
    for (const [code, raw] of [['role', '2'], ['unit', 'icu'], ['burnout', '0'], ['agree', '1'], ['hours', '55']] as const) {
      const next = answerItem(definition, state, code, raw);
      if (!next.ok) throw new Error(code);
      state = next.value;
    }
    expect(state.cursor).toBe('last_leave');
  });

  it('picks one instrument of several, or runs them all in order', async () => {
    const csv = redcapCsv([
      { name: 'a1', form: 'baseline', type: 'yesno', label: 'A1' },
      { name: 'b1', form: 'follow_up', type: 'yesno', label: 'B1', branching: "[a1] = '1'" },
      { name: 'b2', form: 'follow_up', type: 'text', label: 'B2' },
    ]);
    const all = await read(csv, 'study.csv');
    expect(all.ok && all.value.definition.items.map((i) => i.code)).toEqual(['a1', 'b1', 'b2']);
    expect(all.ok && all.value.instruments).toEqual(['survey', 'baseline', 'follow_up']);
    const baseline = await read(csv, 'study.csv', { instrument: 'baseline' });
    expect(baseline.ok && baseline.value.definition.items.map((i) => i.code)).toEqual(['a1']);
    expect(baseline.ok && baseline.value.definition.id).toBe('baseline');
    expect(await problemsOf(csv, 'study.csv', { instrument: 'follow_up' })).toEqual([
      'row 4 (column Branching Logic): "a1" belongs to another instrument (baseline)',
    ]);
    expect(await problemsOf(csv, 'study.csv', { instrument: 'nope' })).toEqual([
      'no instrument "nope" in this dictionary (instruments: survey, baseline, follow_up)',
    ]);
  });

  it('refuses every unsupported feature by name, with its row and column, all at once', async () => {
    const problems = await problemsOf(
      redcapCsv([
        { name: 'q1', type: 'radio', label: 'Q1', choices: '1, A | 2, B' },
        { name: 'q2', type: 'text', label: 'Q2', branching: "[baseline_arm_1][q1] = '1'" },
        { name: 'q3', type: 'text', label: 'Q3', branching: "datediff([q1], 'today', 'y') > 2" },
        { name: 'q4', type: 'text', label: 'Q4', branching: '[q1] = 1 or [q9] = 2' },
        { name: 'q5', type: 'text', validation: 'time', label: 'Q5' },
        { name: 'q6', type: 'sql', label: 'Q6' },
        { name: 'q7', type: 'radio', label: 'Q7', choices: '1, Only one' },
        { name: 'q8', type: 'text', label: 'Q8', branching: "[q1] = '7'" },
        { name: 'q9', type: 'checkbox', label: 'Q9', choices: '1, A | 2, B', branching: "[q1] = '1'" },
        { name: 'q10', type: 'text', label: 'Q10', branching: "[q9] = '1'" },
        { name: 'q11', type: 'text', label: 'Q11', branching: '[record-name] <> ""' },
      ]),
      'bad.csv',
    );
    expect(problems).toEqual([
      'row 4 (column Branching Logic): "[baseline_arm_1][q1]" names an event of a longitudinal project, which is not supported',
      'row 5 (column Branching Logic): the function datediff() is not supported',
      'row 6 (column Branching Logic): "q9" is not a question of the form',
      'row 7 (column Text Validation Type): the validation "time" is not supported (integer, number, date_ymd, date_dmy, date_mdy are)',
      'row 8 (column Field Type): the sql field type is not supported',
      'row 9 (column Choices, Calculations, OR Slider Labels): at least two choices are needed, written "1, Yes | 2, No"',
      'row 10 (column Branching Logic): "7" is not a code of q1',
      'row 12 (column Branching Logic): "q9" has several answers: write [q9(code)] = \'1\'',
      'row 13 (column Branching Logic): "[record-name]" is not a field (smart variables and instances are not supported)',
    ]);
  });

  it('refuses identity fields with the reason', async () => {
    const problems = await problemsOf(
      redcapCsv([
        { name: 'initials', type: 'text', label: 'Initials', identifier: 'y' },
        { name: 'contact', type: 'text', label: 'Contact', validation: 'email' },
        { name: 'mobile_no', type: 'text', label: 'Mobile', validation: 'phone' },
        { name: 'dob', type: 'text', label: 'Birth', validation: 'date_ymd' },
        { name: 'email', type: 'notes', label: 'Mail' },
        { name: 'drug_name', type: 'text', label: 'Drug' },
        { name: 'scan', type: 'file', label: 'Scan' },
      ]),
      'ids.csv',
    );
    expect(problems).toEqual([
      'row 3 (column Identifier?): the field is marked "Identifier? = y": an identifying field cannot be collected, answers must stay anonymous',
      'row 4 (column Text Validation Type): the validation "email" collects an e-mail address: answers must stay anonymous',
      'row 5 (column Text Validation Type): the validation "phone" collects a phone number: answers must stay anonymous',
      'row 6 (column Variable / Field Name): "dob" asks for the respondent\'s identity (name, e-mail, phone, date of birth, address or an identification number): answers must stay anonymous',
      'row 7 (column Variable / Field Name): "email" asks for the respondent\'s identity (name, e-mail, phone, date of birth, address or an identification number): answers must stay anonymous',
      'row 9 (column Field Type): the file type collects a file (often an ID or a signed document): not supported, answers must stay anonymous',
    ]);
  });

  it('says in French where the problem is for a French-speaking admin', async () => {
    const result = await read(redcapCsv([{ name: 'q1', type: 'text', label: 'Q1', branching: '[q0] = 1' }]), 'x.csv', { language: 'fr' });
    expect(result.ok ? [] : result.error.map((p) => formatProblem(p, 'fr'))).toEqual([
      'ligne 3 (colonne Branching Logic) : « q0 » n’est pas une question du formulaire',
    ]);
  });

  it('refuses what is not a dictionary, or not UTF-8', async () => {
    expect(await problemsOf(Buffer.from('a,b,c\n1,2,3\n'), 'x.csv')).toEqual([
      'row 1: this is not a REDCap data dictionary: missing columns: Variable / Field Name, Form Name, Field Type, Field Label, Choices, Calculations, OR Slider Labels',
    ]);
    const latin1 = Buffer.concat([redcapCsv([{ name: 'q1', type: 'text', label: 'x' }]), Buffer.from([0xe9])]);
    expect((await problemsOf(latin1, 'x.csv'))[0]).toMatch(/^the file is not UTF-8/);
  });

  it('shows the prompt with its section header', async () => {
    const result = await read(redcapCsv(FIELDS), 'burnout.csv');
    if (!result.ok) throw new Error('refused');
    expect(promptFor(result.value.definition, startState(result.value.definition), 'en')?.text).toBe('About you\n\nYour role');
  });
});
