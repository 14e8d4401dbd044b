import { describe, expect, it } from 'vitest';
import { validateAnswer } from '../../src/survey/answers.ts';
import { findItem, loadDefinition, parseDefinition, type DefinitionInput } from '../../src/survey/definition.ts';
import { answerItem, promptFor, startState } from '../../src/survey/engine.ts';
import { MAX_EXPRESSION_DEPTH, parseExpression } from '../../src/survey/expression.ts';
import { socialNetworkCme2022 } from '../../src/survey/instruments/social-network-cme-2022.ts';
import { describeError } from '../../src/i18n/index.ts';

const definition = loadDefinition(socialNetworkCme2022);
const t = (fr: string, en = fr) => ({ fr, en });

describe('exclusive choices', () => {
  it('marks "None" and "I do not use them" exclusive in the built-in instrument', () => {
    const exclusive = definition.items.flatMap((item) => item.choices.filter((c) => c.exclusive).map((c) => `${item.code}.${c.code}`));
    expect(exclusive).toEqual(['q22.none', 'q26.not_used']);
  });

  it('refuses an exclusive choice combined with another, with a localized message', () => {
    const q22 = findItem(definition, 'q22');
    if (!q22) throw new Error('q22 missing');
    const refused = validateAnswer(q22, ['tone', 'none']);
    expect(refused).toEqual({ ok: false, error: { code: 'multi.exclusive', value: 'none', label: { fr: 'Aucun', en: 'None' } } });
    if (refused.ok) return;
    expect(describeError('en', refused.error)).toContain('“None” cannot be combined');
    expect(describeError('fr', refused.error)).toContain('« Aucun » ne se combine');
    expect(validateAnswer(q22, ['none'])).toEqual({ ok: true, value: ['none'] });
    expect(validateAnswer(q22, ['tone', 'volume'])).toEqual({ ok: true, value: ['volume', 'tone'] });
  });

  it('accepts the flag on multiple choices only', () => {
    const input: DefinitionInput = {
      id: 'x', version: 1, defaultLanguage: 'en', languages: ['en'], title: t('X'),
      items: [{ code: 'a', type: 'single', label: t('A'), choices: [{ code: '1', label: t('One'), exclusive: true }, { code: '2', label: t('Two') }] }],
    };
    const parsed = parseDefinition(input);
    expect(parsed.ok ? [] : parsed.error).toEqual([{ where: 'item a', reason: 'exclusive choices apply to multi items only' }]);
  });
});

describe('expression limits', () => {
  it('refuses deep nesting with a sentence instead of a RangeError', () => {
    for (const source of ['('.repeat(5000) + 'q1' + ')'.repeat(5000), 'count('.repeat(5000) + 'q1' + ')'.repeat(5000), 'not '.repeat(5000) + 'q1']) {
      const parsed = parseExpression(source.length > 4000 ? source.slice(0, 3000) : source);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(/nested more than 40 levels|ends too early|expected/);
    }
    const deep = '('.repeat(MAX_EXPRESSION_DEPTH + 1) + 'q1' + ')'.repeat(MAX_EXPRESSION_DEPTH + 1);
    expect(parseExpression(deep)).toEqual({ ok: false, error: 'nested more than 40 levels deep at position 41' });
    const fine = '('.repeat(MAX_EXPRESSION_DEPTH) + 'q1' + ')'.repeat(MAX_EXPRESSION_DEPTH);
    expect(parseExpression(fine).ok).toBe(true);
  });

  it('refuses an expression longer than the limit, before tokenizing it', () => {
    const long = Array.from({ length: 10_000 }, () => 'q1').join(' and ');
    const parsed = parseExpression(long);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain('more than the 4000 allowed');
  });

  it('makes the definition loader name the item whose rule is too deep', () => {
    const input: DefinitionInput = {
      id: 'x', version: 1, defaultLanguage: 'en', languages: ['en'], title: t('X'),
      items: [
        { code: 'q1', type: 'single', label: t('A'), choices: [{ code: 'y', label: t('Y') }, { code: 'n', label: t('N') }] },
        { code: 'q2', type: 'text', label: t('B'), relevant: '('.repeat(5000) + "q1 == 'y'" + ')'.repeat(5000) },
      ],
      derived: [{ code: 'd', type: 'boolean', label: t('D'), expression: Array(2000).fill("q1 == 'y'").join(' or '), trueLabel: t('T'), falseLabel: t('F') }],
    };
    const parsed = parseDefinition(input);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.map((p) => p.where)).toEqual(['item q2', 'derived d']);
    expect(parsed.error[0]?.reason).toMatch(/^relevant: the expression is 10009 characters long/);
  });
});

describe('typed formats and notes', () => {
  const input: DefinitionInput = {
    id: 'x', version: 1, defaultLanguage: 'en', languages: ['en', 'fr'], title: t('X'),
    items: [
      { code: 'age', type: 'text', format: 'integer', min: 18, max: 99, label: t('Âge', 'Age'), notes: [{ text: t('Section 1', 'Part 1') }] },
      { code: 'weight', type: 'text', format: 'decimal', label: t('Poids', 'Weight'), notes: [{ text: t('Adulte', 'Adult'), relevant: 'age >= 30' }] },
      { code: 'seen', type: 'text', format: 'date', label: t('Vu le', 'Seen on') },
    ],
  };
  const forms = loadDefinition(input);

  it('stores whole and decimal numbers as numbers within their bounds', () => {
    const [age, weight] = forms.items;
    if (!age || !weight) throw new Error('items');
    expect(validateAnswer(age, '42')).toEqual({ ok: true, value: 42 });
    expect(validateAnswer(age, '4.5')).toEqual({ ok: false, error: { code: 'number.invalid', value: '4.5', integer: true } });
    expect(validateAnswer(age, '12')).toEqual({ ok: false, error: { code: 'number.out_of_range', value: '12', min: 18, max: 99 } });
    expect(validateAnswer(weight, '72,5')).toEqual({ ok: true, value: 72.5 });
    expect(validateAnswer(weight, 'lots')).toMatchObject({ ok: false, error: { code: 'number.invalid' } });
  });

  it('stores dates as YYYY-MM-DD and refuses days that do not exist', () => {
    const seen = forms.items[2];
    if (!seen) throw new Error('items');
    expect(validateAnswer(seen, '31/01/2024')).toEqual({ ok: true, value: '2024-01-31' });
    expect(validateAnswer(seen, '2024-2-3')).toEqual({ ok: true, value: '2024-02-03' });
    expect(validateAnswer(seen, '31/02/2024')).toMatchObject({ ok: false, error: { code: 'date.invalid' } });
  });

  it('shows notes before the question, each when its rule holds', () => {
    const start = startState(forms);
    expect(promptFor(forms, start, 'en')?.text).toBe('Part 1\n\nAge');
    const young = answerItem(forms, start, 'age', '25');
    const older = answerItem(forms, start, 'age', '45');
    if (!young.ok || !older.ok) throw new Error('answers');
    expect(promptFor(forms, young.value, 'en')?.text).toBe('Weight');
    expect(promptFor(forms, older.value, 'fr')?.text).toBe('Adulte\n\nPoids');
  });
});
