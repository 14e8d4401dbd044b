import { describe, expect, it } from 'vitest';
import { DefinitionError, loadDefinition, parseDefinition, type DefinitionInput } from '../../src/survey/definition.ts';
import { socialNetworkCme2022 } from '../../src/survey/instruments/social-network-cme-2022.ts';

const t = (text: string) => ({ fr: text, en: text });

function minimal(items: DefinitionInput['items'], derived: DefinitionInput['derived'] = []): DefinitionInput {
  return { id: 'test', version: 1, defaultLanguage: 'fr', languages: ['fr', 'en'], title: t('Test'), items, derived };
}

describe('the default instrument', () => {
  const definition = loadDefinition(socialNetworkCme2022);

  it('has the 27 questions with the codes other checks rely on', () => {
    expect(definition.items.map((item) => item.code)).toEqual(Array.from({ length: 27 }, (_, i) => `q${i + 1}`));
    const q = (code: string) => definition.items.find((item) => item.code === code)!;
    expect(q('q1').choices.map((c) => c.code)).toEqual(['female', 'male', 'other']);
    expect(q('q2').choices.map((c) => c.code)).toEqual(['under_30', '30_40', '40_50', '50_60', 'over_60']);
    expect(q('q3').choices[0]?.code).toBe('gp');
    expect(q('q3').choices.at(-1)?.code).toBe('other');
    expect(q('q3').choices.length).toBeLessThanOrEqual(25);
    expect(q('q4').choices.map((c) => c.code)).toEqual(['independent', 'hospital', 'academic_hospital', 'resident', 'other']);
    expect(q('q5').choices.map((c) => c.code)).toEqual(['urban', 'semi_rural', 'rural']);
    expect(q('q6').choices.map((c) => c.code)).toEqual(['yes', 'no']);
    expect(q('q7').choices.map((c) => c.code)).toEqual(['several_daily', 'daily', 'weekly', 'less']);
    for (const code of ['q9', 'q10']) expect(q(code).choices.map((c) => c.code)).toEqual(['frequently', 'occasionally', 'rarely', 'never']);
    for (let i = 11; i <= 18; i++) {
      expect(q(`q${i}`)).toMatchObject({ type: 'scale', scale: { min: 0, max: 10 } });
      expect(q(`q${i}`).relevant?.source).toBe("q9 != 'never'");
    }
    expect(q('q19').choices.map((c) => c.code)).toEqual(['no', 'yes_free', 'yes_paid']);
    expect(q('q20')).toMatchObject({ type: 'text', relevant: { source: "q19 != 'no'" } });
    expect(q('q21').type).toBe('multi');
    expect(q('q21').choices.map((c) => c.code)).toEqual(expect.arrayContaining(['speed', 'availability']));
    expect(q('q22').choices.map((c) => c.code)).toEqual(expect.arrayContaining(['contradictions', 'no_legal_framework']));
    for (const code of ['q23', 'q24', 'q25']) expect(q(code).type).toBe('scale');
    expect(q('q26').type).toBe('multi');
    expect(q('q27')).toMatchObject({ type: 'text', required: false });
    expect(definition.derived.map((d) => d.code)).toEqual(['sought_opinion', 'gp', 'underserved', 'age_group']);
  });

  it('quotes the statements the paper reports', () => {
    const labels = definition.items.map((item) => item.label.en);
    expect(labels).toContain('The answers reassured me in my patient care approach.');
    expect(labels).toContain('Asking the group makes me feel less isolated in my practice.');
    expect(labels).toContain('I am more easily updated on new recommendations.');
  });
});

describe('definition validation', () => {
  it('lists every problem with the item code and the reason', () => {
    const result = parseDefinition(
      minimal(
        [
          { code: 'a', type: 'single', label: t('A'), choices: [{ code: 'x', label: t('X') }] },
          { code: 'b', type: 'scale', label: t('B'), scale: { min: 10, max: 0, minLabel: t('lo'), maxLabel: t('hi') } },
          { code: 'c', type: 'text', label: t('C'), relevant: "d == 'y'" },
          { code: 'd', type: 'multi', label: t('D'), choices: [{ code: 'y', label: t('Y') }, { code: 'y', label: t('Y2') }], maxSelections: 5 },
          { code: 'a', type: 'text', label: t('A again') },
          { code: 'e', type: 'single', label: t('E'), choices: [{ code: 'p', label: t('P') }, { code: 'q', label: t('Q') }], relevant: "selected(d, 'nope')" },
          { code: 'f', type: 'text', label: t('F'), relevant: "a == " },
        ],
        [
          { code: 'g', type: 'boolean', label: t('G'), expression: "zz == 'x'", trueLabel: t('yes'), falseLabel: t('no') },
          { code: 'h', type: 'recode', label: t('H'), from: 'c', categories: [{ code: 'k', label: t('K') }, { code: 'l', label: t('L') }], map: {} },
        ],
      ),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problems = result.error.map((p) => `${p.where}: ${p.reason}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'item a: a single item needs at least 2 choices',
        'item b: scale min must be below scale max',
        'item c: relevant refers to "d", which is not an earlier item',
        'item d: choice "y" appears twice',
        'item d: maxSelections (5) is above the number of choices (2)',
        'item a: the code is used by another item',
        'item e: relevant compares d with "nope", which is not one of its choices',
        'item f: relevant: the expression ends too early',
        'derived g: expression refers to "zz", which is not an item',
        'derived h: recodes "c", which is not a single-choice item',
      ]),
    );
    expect(problems).toHaveLength(10);
  });

  it('names the item in schema errors', () => {
    const result = parseDefinition(minimal([{ code: 'q1', type: 'single', label: { fr: 'Q', en: '' }, choices: [] } as never]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error[0]?.where).toBe('item q1 (label.en)');
  });

  it('throws a DefinitionError whose message lists the problems', () => {
    expect(() => loadDefinition(minimal([{ code: 'Bad Code', type: 'text', label: t('x') }]))).toThrow(DefinitionError);
    expect(() => loadDefinition({ id: 'x' })).toThrow(/version/);
  });
});
