import { describe, expect, it } from 'vitest';
import { loadDefinition } from '../../src/survey/definition.ts';
import {
  answerItem,
  deriveVariables,
  goBack,
  goTo,
  promptFor,
  relevantItems,
  skipItem,
  startState,
  type ResponseState,
} from '../../src/survey/engine.ts';
import { socialNetworkCme2022 } from '../../src/survey/instruments/social-network-cme-2022.ts';
import type { RawAnswer } from '../../src/survey/answers.ts';

const definition = loadDefinition(socialNetworkCme2022);

function answerAll(state: ResponseState, answers: [string, RawAnswer][]): ResponseState {
  let current = state;
  for (const [code, raw] of answers) {
    const next = answerItem(definition, current, code, raw);
    if (!next.ok) throw new Error(`${code}: ${next.error.code}`);
    current = next.value;
  }
  return current;
}

const PROFILE: [string, RawAnswer][] = [
  ['q1', 'female'], ['q2', '30_40'], ['q3', 'gp'], ['q4', 'independent'], ['q5', 'rural'],
  ['q6', 'yes'], ['q7', 'daily'], ['q8', '2_4y'],
];
const OPINIONS: [string, RawAnswer][] = [
  ['q11', 9], ['q12', 8], ['q13', 10], ['q14', 6], ['q15', 7], ['q16', 3], ['q17', 9], ['q18', 8],
];
const TAIL: [string, RawAnswer][] = [
  ['q21', ['speed', 'availability']], ['q22', ['contradictions']], ['q23', 9], ['q24', 8], ['q25', 7], ['q26', ['read', 'save']],
];

describe('skip rules', () => {
  it('asks q11–q18 only when q9 is not never, and q20 only when q19 is not no', () => {
    const never = answerAll(startState(definition), [...PROFILE, ['q9', 'never'], ['q10', 'rarely']]);
    expect(never.cursor).toBe('q19');
    const codes = relevantItems(definition, never.answers).map((i) => i.code);
    expect(codes).not.toContain('q11');
    expect(codes).not.toContain('q18');
    expect(codes).toHaveLength(27 - 8);
    const afterNo = answerAll(never, [['q19', 'no']]);
    expect(afterNo.cursor).toBe('q21');

    const sought = answerAll(startState(definition), [...PROFILE, ['q9', 'rarely'], ['q10', 'never']]);
    expect(sought.cursor).toBe('q11');
    const paid = answerAll(sought, [...OPINIONS, ['q19', 'yes_paid']]);
    expect(paid.cursor).toBe('q20');
  });

  it('counts progress over the items relevant to this respondent', () => {
    const state = answerAll(startState(definition), [...PROFILE, ['q9', 'never'], ['q10', 'never'], ['q19', 'no']]);
    const prompt = promptFor(definition, state, 'fr');
    // 27 items, minus q11–q18 (8) and q20 (1): q21 is the 12th of 18.
    expect(prompt?.progress).toEqual({ index: 12, total: 18 });
  });
});

describe('moving through the questionnaire', () => {
  it('completes after the last relevant item, skipping the optional comment', () => {
    let state = answerAll(startState(definition), [...PROFILE, ['q9', 'occasionally'], ['q10', 'rarely'], ...OPINIONS, ['q19', 'yes_free'], ['q20', 'une plateforme de télé-expertise'], ...TAIL]);
    expect(state.cursor).toBe('q27');
    const skipped = skipItem(definition, state, 'q27');
    expect(skipped.ok).toBe(true);
    if (skipped.ok) state = skipped.value;
    expect(state.cursor).toBeNull();
    expect(promptFor(definition, state, 'en')).toBeNull();
    expect(Object.keys(state.answers)).toHaveLength(26);
  });

  it('refuses to skip a required item and leaves the state as it was', () => {
    const state = startState(definition);
    expect(skipItem(definition, state, 'q1')).toEqual({ ok: false, error: { code: 'answer.required' } });
  });

  it('goes back one item with the answer selected, and not before the first', () => {
    const state = answerAll(startState(definition), [['q1', 'male'], ['q2', 'over_60']]);
    const back = goBack(definition, state);
    expect(back.ok && back.value.cursor).toBe('q2');
    if (!back.ok) return;
    expect(promptFor(definition, back.value, 'fr')?.selected).toBe('over_60');
    expect(goBack(definition, startState(definition))).toEqual({ ok: false, error: { code: 'back.at_start' } });
  });

  it('changing an earlier answer re-evaluates skip rules and drops answers that became irrelevant', () => {
    const state = answerAll(startState(definition), [...PROFILE, ['q9', 'frequently'], ['q10', 'rarely'], ...OPINIONS, ['q19', 'yes_free'], ['q20', 'Omnidoc']]);
    expect(state.answers['q13']).toBe(10);
    const atQ9 = goTo(definition, state, 'q9');
    expect(atQ9.ok).toBe(true);
    if (!atQ9.ok) return;
    const changed = answerAll(atQ9.value, [['q9', 'never']]);
    expect(changed.cursor).toBe('q10');
    for (let i = 11; i <= 18; i++) expect(changed.answers[`q${i}`]).toBeUndefined();
    expect(changed.answers['q20']).toBe('Omnidoc');
    // Walking forward again passes over q10 and reaches q19 with its answer kept.
    const forward = answerAll(changed, [['q10', 'rarely']]);
    expect(forward.cursor).toBe('q19');
    expect(promptFor(definition, forward, 'en')?.selected).toBe('yes_free');
  });

  it('an answer to an item that is not current is stale and changes nothing', () => {
    const state = answerAll(startState(definition), [['q1', 'female']]);
    expect(answerItem(definition, state, 'q1', 'male')).toEqual({ ok: false, error: { code: 'answer.stale', current: 'q2' } });
    expect(answerItem(definition, state, 'q5', 'rural')).toEqual({ ok: false, error: { code: 'answer.stale', current: 'q2' } });
    expect(goTo(definition, state, 'q5').ok).toBe(false);
  });
});

describe('bad input', () => {
  const atScale = answerAll(startState(definition), [...PROFILE, ['q9', 'rarely'], ['q10', 'rarely']]);
  it.each([
    ['11', 'scale.out_of_range'],
    ['-1', 'scale.out_of_range'],
    ['7.5', 'scale.not_integer'],
    ['7,5', 'scale.not_integer'],
    ['sept', 'scale.not_a_number'],
    ['', 'scale.not_a_number'],
    ['1e1', 'scale.not_a_number'],
  ])('a scale answer of %j is refused with %s', (raw, code) => {
    const result = answerItem(definition, atScale, 'q11', raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code, min: 0, max: 10 });
  });

  it('accepts " 7 " on a scale as 7', () => {
    const result = answerItem(definition, atScale, 'q11', ' 7 ');
    expect(result.ok && result.value.answers['q11']).toBe(7);
  });

  it('refuses unknown choices, and multiple choices out of bounds', () => {
    const start = startState(definition);
    expect(answerItem(definition, start, 'q1', 'robot')).toEqual({ ok: false, error: { code: 'choice.unknown', value: 'robot' } });
    const atQ21 = answerAll(startState(definition), [...PROFILE, ['q9', 'never'], ['q10', 'never'], ['q19', 'no']]);
    expect(answerItem(definition, atQ21, 'q21', [])).toEqual({ ok: false, error: { code: 'multi.too_few', min: 1 } });
    expect(answerItem(definition, atQ21, 'q21', ['speed', 'speed'])).toEqual({ ok: false, error: { code: 'multi.duplicate', value: 'speed' } });
    expect(answerItem(definition, atQ21, 'q21', ['speed', 'teleport'])).toEqual({ ok: false, error: { code: 'choice.unknown', value: 'teleport' } });
    // Stored in the definition's order whatever the order of the clicks.
    const ok = answerItem(definition, atQ21, 'q21', ['free', 'speed']);
    expect(ok.ok && ok.value.answers['q21']).toEqual(['speed', 'free']);
  });

  it('refuses free text holding identifiers or too long', () => {
    const atQ20 = answerAll(startState(definition), [...PROFILE, ['q9', 'never'], ['q10', 'never'], ['q19', 'yes_free']]);
    const cases: [string, string][] = [
      ['écrivez-moi à dr.martin@example.org', 'email'],
      ['appelez le 06 12 34 56 78', 'phone'],
      ['mon NIR 1 84 12 75 123 456 78', 'social_security_number'],
      ['née le 12/03/1984', 'birth_date'],
    ];
    for (const [text, kind] of cases) {
      expect(answerItem(definition, atQ20, 'q20', text)).toEqual({ ok: false, error: { code: 'text.identifier', kind } });
    }
    expect(answerItem(definition, atQ20, 'q20', 'x'.repeat(201))).toEqual({ ok: false, error: { code: 'text.too_long', max: 200, length: 201 } });
    expect(answerItem(definition, atQ20, 'q20', '   ')).toEqual({ ok: false, error: { code: 'text.empty' } });
    expect(answerItem(definition, atQ20, 'q20', 'Recommandations HAS du 12/03/2021').ok).toBe(true);
  });
});

describe('derived variables', () => {
  it('computes the study groupings, missing when their inputs are', () => {
    expect(deriveVariables(definition, { q2: '50_60', q3: 'gp', q6: 'no', q9: 'never' })).toEqual({
      sought_opinion: false,
      gp: true,
      underserved: false,
      age_group: 'over_40',
    });
    expect(deriveVariables(definition, { q2: 'under_30', q3: 'cardiology' })).toEqual({
      sought_opinion: null,
      gp: false,
      underserved: null,
      age_group: 'under_30',
    });
  });
});
