import { describe, expect, it } from 'vitest';
import { validateAnswer } from '../../src/survey/answers.ts';
import { deriveVariables, relevantItems } from '../../src/survey/engine.ts';
import { formatProblem } from '../../src/survey/forms/index.ts';
import { problemsOf, read, xlsform } from './support.ts';

const SURVEY_HEADER = ['type', 'name', 'label::Français (fr)', 'label::English (en)', 'hint::English (en)', 'required', 'relevant', 'constraint', 'calculation', 'parameters', 'confreres_grouping', 'confreres_min_label::English (en)', 'confreres_max_label::English (en)'];
const row = (values: Partial<Record<(typeof SURVEY_HEADER)[number], string>>) => SURVEY_HEADER.map((c) => values[c] ?? '');

const CHOICES = [
  ['list_name', 'name', 'label::Français (fr)', 'label::English (en)', 'confreres_exclusive'],
  ['yn', 'yes', 'Oui', 'Yes', ''],
  ['yn', 'no', 'Non', 'No', ''],
  ['tools', 'up', 'UpToDate', 'UpToDate', ''],
  ['tools', 'vidal', 'Vidal', 'Vidal', ''],
  ['tools', 'none', 'Aucun', 'None', 'yes'],
];

async function sample(): Promise<Buffer> {
  return xlsform({
    survey: [
      SURVEY_HEADER,
      row({ type: 'start', name: 'start' }),
      row({ type: 'begin group', name: 'practice', 'label::Français (fr)': 'Votre pratique', 'label::English (en)': 'Your practice' }),
      row({ type: 'select_one yn', name: 'night', 'label::Français (fr)': 'Gardes ?', 'label::English (en)': 'Night shifts?', required: 'yes', confreres_grouping: 'yes' }),
      row({ type: 'integer', name: 'nights', 'label::Français (fr)': 'Combien ?', 'label::English (en)': 'How many?', relevant: "${night} = 'yes'", constraint: '. >= 1 and . <= 31' }),
      row({ type: 'end group' }),
      row({ type: 'begin group', name: 'tools_group', relevant: "${night} = 'yes'" }),
      row({ type: 'select_multiple tools or_other', name: 'tools', 'label::Français (fr)': 'Outils', 'label::English (en)': 'Tools', required: 'true()' }),
      row({ type: 'note', name: 'tools_note', 'label::Français (fr)': 'Merci', 'label::English (en)': 'Thanks', relevant: 'count-selected(${tools}) >= 2' }),
      row({ type: 'decimal', name: 'hours', 'label::Français (fr)': 'Heures', 'label::English (en)': 'Hours', 'hint::English (en)': 'Per week', relevant: "selected(${tools}, 'up') and not(${nights} > 20)" }),
      row({ type: 'end group' }),
      row({ type: 'range', name: 'fatigue', 'label::Français (fr)': 'Fatigue', 'label::English (en)': 'Fatigue', parameters: 'start=0 end=10 step=1', 'confreres_min_label::English (en)': 'none', 'confreres_max_label::English (en)': 'exhausted' }),
      row({ type: 'date', name: 'last_off', 'label::Français (fr)': 'Dernier repos', 'label::English (en)': 'Last day off' }),
      row({ type: 'text', name: 'comment', 'label::Français (fr)': 'Commentaire', 'label::English (en)': 'Comment' }),
      row({ type: 'calculate', name: 'heavy', 'label::Français (fr)': 'Gardes lourdes', 'label::English (en)': 'Heavy nights', calculation: 'if(${nights} > 8, 1, 0)', confreres_grouping: 'yes' }),
    ],
    choices: CHOICES,
    settings: [['form_title', 'form_id', 'version'], ['Night shifts', 'night-shifts', '2024061201']],
  });
}

describe('XLSForm', () => {
  it('reads each supported type, both languages, groups flattened', async () => {
    const result = await read(await sample(), 'nights.xlsx');
    if (!result.ok) throw new Error(result.error.map((p) => formatProblem(p, 'en')).join('\n'));
    const { definition, warnings } = result.value;
    expect(definition.id).toBe('night-shifts');
    expect(definition.title.en).toBe('Night shifts');
    expect(definition.items.map((i) => [i.code, i.type, i.format ?? null, i.required])).toEqual([
      ['night', 'single', null, true],
      ['nights', 'text', 'integer', false],
      ['tools', 'multi', null, true],
      ['tools_other', 'text', null, false],
      ['hours', 'text', 'decimal', false],
      ['fatigue', 'scale', null, false],
      ['last_off', 'text', 'date', false],
      ['comment', 'text', null, false],
    ]);
    const byCode = new Map(definition.items.map((i) => [i.code, i]));
    expect(byCode.get('night')?.label).toEqual({ fr: 'Gardes ?', en: 'Night shifts?' });
    expect(byCode.get('night')?.notes?.[0]?.text).toEqual({ fr: 'Votre pratique', en: 'Your practice' });
    expect(byCode.get('nights')).toMatchObject({ min: 1, max: 31, relevant: { source: "night == 'yes'" } });
    expect(byCode.get('tools')?.choices.map((c) => `${c.code}${c.exclusive ? '!' : ''}`)).toEqual(['up', 'vidal', 'none!', 'other']);
    expect(byCode.get('tools')?.relevant?.source).toBe("night == 'yes'");
    expect(byCode.get('tools_other')?.relevant?.source).toBe("(night == 'yes') and selected(tools, 'other')");
    expect(byCode.get('hours')?.relevant?.source).toBe("(night == 'yes') and (selected(tools, 'up') and not (nights > 20))");
    expect(byCode.get('hours')?.notes?.[0]?.relevant?.source).toBe("(night == 'yes') and (count(tools) >= 2)");
    expect(byCode.get('hours')?.hint?.en).toBe('Per week');
    expect(byCode.get('fatigue')?.scale).toMatchObject({ min: 0, max: 10, minLabel: { en: 'none' }, maxLabel: { en: 'exhausted' } });
    expect(definition.groupings).toEqual(['night', 'heavy']);
    expect(deriveVariables(definition, { nights: 12 })).toEqual({ heavy: true });
    expect(warnings.map((w) => formatProblem(w, 'en'))).toEqual(['survey sheet, row 2 (column type): "start" ignored: the bot keeps dates to the day only']);
  });

  it('asks what the translated rules say', async () => {
    const result = await read(await sample(), 'nights.xlsx');
    if (!result.ok) throw new Error('refused');
    const { definition } = result.value;
    const asked = (answers: Record<string, string | number | string[]>) => relevantItems(definition, answers).map((i) => i.code);
    expect(asked({ night: 'no' })).toEqual(['night', 'fatigue', 'last_off', 'comment']);
    expect(asked({ night: 'yes', nights: 4, tools: ['up'] })).toEqual(['night', 'nights', 'tools', 'hours', 'fatigue', 'last_off', 'comment']);
    expect(asked({ night: 'yes', nights: 25, tools: ['up', 'other'] })).toEqual(['night', 'nights', 'tools', 'tools_other', 'fatigue', 'last_off', 'comment']);
    const nights = definition.items.find((i) => i.code === 'nights');
    if (!nights) throw new Error('nights');
    expect(validateAnswer(nights, '40')).toMatchObject({ ok: false, error: { code: 'number.out_of_range', min: 1, max: 31 } });
  });

  it('refuses unsupported features by name, with sheet, row and column', async () => {
    const bytes = await xlsform({
      survey: [
        [...SURVEY_HEADER, 'choice_filter', 'media::image'],
        [...row({ type: 'select_one yn', name: 'q1', 'label::English (en)': 'Q1' }), "name = 'yes'", ''],
        [...row({ type: 'begin repeat', name: 'kids', 'label::English (en)': 'Kids' }), '', ''],
        [...row({ type: 'end repeat' }), '', ''],
        [...row({ type: 'note', name: 'pic', 'label::English (en)': 'Look' }), '', 'x.png'],
        [...row({ type: 'integer', name: 'q2', 'label::English (en)': 'Q2', constraint: 'regex(., "[0-9]+")' }), '', ''],
        [...row({ type: 'text', name: 'q3', 'label::English (en)': 'Q3', relevant: '${q1} + 1 > 2' }), '', ''],
        [...row({ type: 'select_one missing', name: 'q4', 'label::English (en)': 'Q4' }), '', ''],
        [...row({ type: 'time', name: 'q5', 'label::English (en)': 'Q5' }), '', ''],
        [...row({ type: 'text', name: 'q6', 'label::English (en)': 'Q6', relevant: 'string-length(${q3}) > 3' }), '', ''],
      ],
      choices: CHOICES,
    });
    expect(await problemsOf(bytes, 'bad.xlsx')).toEqual([
      'survey sheet, row 2 (column choice_filter): choice filters (choice_filter) are not supported',
      'survey sheet, row 5 (column media::image): media (column media::image) are not supported',
      'survey sheet, row 3 (column type): the type "begin repeat" is not supported',
      'survey sheet, row 4 (column type): the type "end repeat" is not supported',
      'survey sheet, row 6 (column constraint): constraint "regex(., "[0-9]+")": only bounds on "." are supported (. >= 0 and . <= 120)',
      'survey sheet, row 7 (column relevant): arithmetic ("+") is not supported in a condition',
      'survey sheet, row 8 (column type): the choice list "missing" is not in the choices sheet',
      'survey sheet, row 9 (column type): the type "time" is not supported',
      'survey sheet, row 10 (column relevant): the function string-length() is not supported',
    ]);
  });

  it('refuses types and names that collect identity or location', async () => {
    const bytes = await xlsform({
      survey: [
        SURVEY_HEADER,
        row({ type: 'geopoint', name: 'where', 'label::English (en)': 'Where are you?' }),
        row({ type: 'image', name: 'photo', 'label::English (en)': 'Photo' }),
        row({ type: 'audio', name: 'voice', 'label::English (en)': 'Voice' }),
        row({ type: 'barcode', name: 'badge', 'label::English (en)': 'Badge' }),
        row({ type: 'text', name: 'Phone', 'label::English (en)': 'Phone' }),
        row({ type: 'text', name: 'first-name', 'label::English (en)': 'First name' }),
        row({ type: 'deviceid', name: 'device' }),
        row({ type: 'text', name: 'drug_name', 'label::English (en)': 'Drug' }),
      ],
    });
    const problems = await problemsOf(bytes, 'ids.xlsx');
    expect(problems).toEqual([
      'survey sheet, row 2 (column type): the type "geopoint" collects a location: answers must stay anonymous',
      'survey sheet, row 3 (column type): the type "image" collects a photo: answers must stay anonymous',
      'survey sheet, row 4 (column type): the type "audio" collects a sound recording: answers must stay anonymous',
      'survey sheet, row 5 (column type): the type "barcode" collects a barcode (often a card or a wristband): answers must stay anonymous',
      'survey sheet, row 6 (column name): "Phone" asks for the respondent\'s identity (name, e-mail, phone, date of birth, address or an identification number): answers must stay anonymous',
      'survey sheet, row 7 (column name): "first-name" asks for the respondent\'s identity (name, e-mail, phone, date of birth, address or an identification number): answers must stay anonymous',
      'survey sheet, row 8 (column type): the type "deviceid" collects the device id: answers must stay anonymous',
    ]);
  });

  it('reads a single-language form into both languages', async () => {
    const bytes = await xlsform({
      survey: [['type', 'name', 'label', 'required'], ['select_one yn', 'q1', 'Avez-vous des gardes ?', 'yes']],
      choices: [['list_name', 'name', 'label'], ['yn', 'yes', 'Oui'], ['yn', 'no', 'Non']],
    });
    const result = await read(bytes, 'gardes.xlsx', { language: 'fr' });
    expect(result.ok && result.value.definition.items[0]?.label).toEqual({ fr: 'Avez-vous des gardes ?', en: 'Avez-vous des gardes ?' });
    expect(result.ok && result.value.definition.id).toBe('gardes');
  });

  it('refuses a workbook without a survey sheet, and a file that is not one', async () => {
    expect(await problemsOf(await xlsform({ other: [['a']] }), 'x.xlsx')).toEqual(['no "survey" sheet: this is not an XLSForm']);
    expect(await problemsOf(Buffer.from('not a zip'), 'x.xlsx')).toEqual(['this .xlsx file is not an Excel workbook']);
  });
});
