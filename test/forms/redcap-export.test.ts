import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { exportRedcapDictionary, exportRedcapRecords } from '../../src/analytics/transfer/redcap-export.ts';
import type { Answers } from '../../src/survey/answers.ts';
import { loadDefinition } from '../../src/survey/definition.ts';
import { socialNetworkCme2022 } from '../../src/survey/instruments/social-network-cme-2022.ts';
import { read, redcapCsv, type RedcapRow } from './support.ts';

const DICTIONARY: RedcapRow[] = [
  { name: 'role', type: 'radio', label: 'Role', choices: '1, Resident | 2, Attending | -1, Other' },
  { name: 'burnout', type: 'yesno', label: 'Burnt out?' },
  { name: 'causes', type: 'checkbox', label: 'Causes', choices: '1, Hours | 2, Patients | A, Admin | 98, None', annotation: "@NONEOFTHEABOVE='98'" },
  { name: 'hours', type: 'text', validation: 'number', label: 'Hours' },
  { name: 'days', type: 'text', validation: 'integer', label: 'Days' },
  { name: 'leave_dmy', type: 'text', validation: 'date_dmy', label: 'Leave' },
  { name: 'leave_ymd', type: 'text', validation: 'date_ymd', label: 'Leave' },
  { name: 'stress', type: 'slider', label: 'Stress', choices: 'Low | | High', min: '0', max: '10' },
  { name: 'comment', type: 'notes', label: 'Comment' },
];

describe('REDCap export', () => {
  it('writes records the Data Import Tool reads for that dictionary, column by column', async () => {
    const result = await read(redcapCsv(DICTIONARY), 'burnout.csv');
    if (!result.ok) throw new Error('refused');
    const { definition } = result.value;
    const complete: Answers = { role: '-1', burnout: '1', causes: ['1', 'A'], hours: 52.5, days: 3, leave_dmy: '2024-07-14', leave_ymd: '2024-08-01', stress: 7, comment: 'Trop de "gardes", vraiment' };
    const partial: Answers = { role: '2', burnout: '0' };
    const csv = exportRedcapRecords(definition, [
      { status: 'complete', answers: complete },
      { status: 'in_progress', answers: partial },
      { status: 'in_progress', answers: {} },
    ]);
    const [header, ...rows] = parse(csv) as string[][];
    expect(header).toEqual([
      'record_id', 'role', 'burnout', 'causes___1', 'causes___2', 'causes___a', 'causes___98', 'hours', 'days', 'leave_dmy', 'leave_ymd', 'stress', 'comment', 'survey_complete',
    ]);
    // Someone who answered nothing is not a participant (as in the study).
    expect(rows).toHaveLength(2);
    const [first, second] = rows as [string[], string[]];
    expect(first.slice(1)).toEqual(['-1', '1', '1', '0', '1', '0', '52.5', '3', '14/07/2024', '2024-08-01', '7', 'Trop de "gardes", vraiment', '2']);
    expect(second.slice(1)).toEqual(['2', '0', '', '', '', '', '', '', '', '', '', '', '0']);
    // Each record id is fresh and random: 16 hex digits, different per row and per export.
    expect(first[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(second[0]).not.toBe(first[0]);
    const again = parse(exportRedcapRecords(definition, [{ status: 'complete', answers: complete }])) as string[][];
    expect(again[1]?.[0]).not.toBe(first[0]);
    // Every column is a field of the dictionary or a choice of one of its checkboxes.
    const dictionary = parse(redcapCsv(DICTIONARY).toString(), { columns: true }) as Record<string, string>[];
    const fields = new Map(dictionary.map((d) => [d['Variable / Field Name'] ?? '', d]));
    for (const column of header ?? []) {
      if (column === 'survey_complete') continue;
      const checkbox = /^(.+)___(.+)$/.exec(column);
      const field = fields.get(checkbox ? (checkbox[1] ?? '') : column);
      expect(field, column).toBeDefined();
      if (checkbox) {
        expect(field?.['Field Type']).toBe('checkbox');
        const codes = (field?.['Choices, Calculations, OR Slider Labels'] ?? '').split('|').map((c) => c.split(',')[0]?.trim().toLowerCase());
        expect(codes).toContain(checkbox[2]);
      }
    }
  });

  it('writes the study instrument as the dictionary committed in examples/', () => {
    const definition = loadDefinition(socialNetworkCme2022);
    const dictionary = exportRedcapDictionary(definition, 'fr');
    expect(dictionary.leftOut).toEqual(['age_group']);
    expect(dictionary.csv).toBe(readFileSync(new URL('../../examples/social-network-cme-2022.redcap.csv', import.meta.url), 'utf8'));
  });

  it('writes branching REDCap reads: checkbox codes, negations pushed down, counts as sums', () => {
    const definition = loadDefinition({
      id: 'x', version: 1, defaultLanguage: 'en', languages: ['en'], title: { fr: 'X', en: 'X' },
      items: [
        { code: 'a', type: 'multi', label: { fr: 'A', en: 'A' }, choices: [{ code: '1', label: { fr: '1', en: '1' } }, { code: '2', label: { fr: '2', en: '2' } }] },
        { code: 'b', type: 'text', label: { fr: 'B', en: 'B' }, relevant: "not (selected(a, '1') or count(a) >= 2)" },
        { code: 'c', type: 'text', label: { fr: 'C', en: 'C' }, relevant: 'answered(b) and not (b == \'x\')' },
      ],
    });
    const [header, ...rows] = parse(exportRedcapDictionary(definition, 'en').csv) as string[][];
    const branching = header?.indexOf('Branching Logic (Show field only if...)') ?? -1;
    expect(rows.map((r) => r[branching])).toEqual(['', '', "([a(1)] = '0' and sum([a(1)], [a(2)]) < 2)", "([b] <> '' and [b] <> 'x')"]);
  });
});
