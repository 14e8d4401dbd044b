import { describe, expect, it } from 'vitest';
import { evaluate, parseExpression, type ExpressionValue } from '../../src/survey/expression.ts';
import { constraintBounds, translateCondition, type LogicField } from '../../src/survey/forms/logic.ts';

const FIELDS: Record<string, LogicField> = {
  sex: { code: 'sex', kind: 'choice', choices: ['1', '2'] },
  chk: { code: 'chk', kind: 'checkbox', choices: ['1', '2', '98'] },
  age: { code: 'age', kind: 'number' },
  seen: { code: 'seen', kind: 'date' },
  note: { code: 'note', kind: 'text' },
};
const lookup = (name: string) => FIELDS[name.toLowerCase()];

function translated(source: string, dialect: 'redcap' | 'xlsform' = 'redcap'): string {
  const result = translateCondition(source, dialect, lookup);
  if (!result.ok) throw new Error(result.error.en);
  return result.value;
}

function holds(source: string, answers: Record<string, ExpressionValue>, dialect: 'redcap' | 'xlsform' = 'redcap'): boolean {
  const parsed = parseExpression(translated(source, dialect));
  if (!parsed.ok) throw new Error(parsed.error);
  return evaluate(parsed.value, (code) => answers[code]) === true;
}

describe('REDCap branching logic', () => {
  it.each([
    ["[sex] = '1'", "sex == '1'"],
    ['[sex] <> "2"', "sex != '2'"],
    ['[sex] = 1', "sex == '1'"],
    ["[chk(2)] = '1'", "selected(chk, '2')"],
    ["[chk(98)] = '0'", "not (selected(chk, '98'))"],
    ["[chk(2)] <> '1'", "not (selected(chk, '2'))"],
    ["[note] <> ''", 'answered(note)'],
    ["[age] = ''", 'not (answered(age))'],
    ["[age] >= '18'", 'age >= 18'],
    ['18 <= [age]', 'age >= 18'],
    ["[seen] > '2024-01-01'", "seen > '2024-01-01'"],
    ["[sex] = '1' AND ([age] > 40 OR [chk(1)] = '1')", "sex == '1' and (age > 40 or selected(chk, '1'))"],
  ])('translates %s', (source, expected) => {
    expect(translated(source)).toBe(expected);
  });

  it('evaluates as REDCap would', () => {
    expect(holds("[chk(98)] = '0'", {})).toBe(true);
    expect(holds("[chk(98)] = '0'", { chk: ['98'] })).toBe(false);
    expect(holds("[note] <> ''", { note: 'x' })).toBe(true);
    expect(holds("[note] <> ''", {})).toBe(false);
    expect(holds('[age] > 40 or [sex] = 2', { age: 30, sex: '2' })).toBe(true);
    expect(holds("[seen] > '2024-01-01'", { seen: '2024-03-01' })).toBe(true);
  });

  it.each([
    ['[age] + 1 > 2', 'arithmetic ("+") is not supported in a condition'],
    ["[sex] = '3'", '"3" is not a code of sex'],
    ["[chk] = '1'", '"chk" has several answers: write [chk(code)] = \'1\''],
    ["[chk(2)] = '2'", "a checkbox is compared with '1' or '0' using = or <>"],
    ["[sex(1)] = '1'", '"sex(1)": only a checkbox takes a code in parentheses'],
    ["sex = '1'", '"sex": a field is written in brackets, [sex]'],
    ["[note] > 'a'", '"note" is free text: only = and <> apply'],
    ['[age] > abc', '"abc": a field is written in brackets, [abc]'],
    ["[sex] = '1' and", 'the condition ends too early'],
    ['('.repeat(40) + "[sex] = '1'" + ')'.repeat(40), 'condition nested more than 30 levels deep'],
  ])('refuses %s', (source, reason) => {
    const result = translateCondition(source, 'redcap', lookup);
    expect(result.ok ? null : result.error.en).toBe(reason);
  });
});

describe('XLSForm relevant', () => {
  it.each([
    ["${sex} = '1'", "sex == '1'"],
    ["selected(${chk}, '98')", "selected(chk, '98')"],
    ['count-selected(${chk}) >= 2', 'count(chk) >= 2'],
    ["not(selected(${chk}, '1')) and ${age} < 65", "not (selected(chk, '1')) and age < 65"],
    ["${note} != ''", 'answered(note)'],
    ["if(${age} >= 60, 1, 0)", 'age >= 60'],
    ["if(${sex} = '1', 0, 1)", "not (sex == '1')"],
  ])('translates %s', (source, expected) => {
    expect(translated(source, 'xlsform')).toBe(expected);
  });

  it('evaluates count-selected and not()', () => {
    expect(holds('count-selected(${chk}) >= 2', { chk: ['1', '2'] }, 'xlsform')).toBe(true);
    expect(holds("not(selected(${chk}, '1'))", { chk: ['2'] }, 'xlsform')).toBe(true);
  });

  it('refuses unsupported functions and the current answer outside a constraint', () => {
    const refused = (source: string) => {
      const result = translateCondition(source, 'xlsform', lookup);
      return result.ok ? null : result.error.en;
    };
    expect(refused("regex(${note}, '[a-z]+')")).toBe('the function regex() is not supported');
    expect(refused('. > 3')).toBe('"." (the current answer) only makes sense in a constraint');
    expect(refused("if(${age} > 1, 'a', 'b')")).toBe('only if(condition, 1, 0) is supported in a calculation');
  });

  it('reads simple numeric constraints as bounds', () => {
    expect(constraintBounds('. >= 0 and . <= 120', true)).toEqual({ ok: true, value: { min: 0, max: 120 } });
    expect(constraintBounds('. > 0', true)).toEqual({ ok: true, value: { min: 1 } });
    expect(constraintBounds('10 >= .', false)).toEqual({ ok: true, value: { max: 10 } });
    expect(constraintBounds('. > 0', false).ok).toBe(false);
    expect(constraintBounds(". != 3", true).ok).toBe(false);
  });
});
