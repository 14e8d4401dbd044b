/**
 * The study's instrument ships as a REDCap dictionary and as an XLSForm (examples/): both load
 * to the questionnaire the bot has built in, and the same answers typed through each are stored
 * the same.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RawAnswer } from '../../src/survey/answers.ts';
import { loadDefinition, type Definition } from '../../src/survey/definition.ts';
import { answerItem, skipItem, startState, type ResponseState } from '../../src/survey/engine.ts';
import { readForm, type ReadForm } from '../../src/survey/forms/index.ts';
import { socialNetworkCme2022 } from '../../src/survey/instruments/social-network-cme-2022.ts';

const builtIn = loadDefinition(socialNetworkCme2022);

async function load(file: string): Promise<ReadForm> {
  const read = await readForm(readFileSync(new URL(`../../examples/${file}`, import.meta.url)), { fileName: file, language: 'fr' });
  if (!read.ok) throw new Error(JSON.stringify(read.error));
  return read.value;
}

/** Answers by item code; an item asked but absent here is skipped (it must be optional). */
function take(definition: Definition, answers: Record<string, RawAnswer>): ResponseState {
  let state = startState(definition);
  for (let guard = 0; state.cursor !== null && guard < 100; guard += 1) {
    const code = state.cursor;
    const raw = answers[code];
    const next = raw === undefined ? skipItem(definition, state, code) : answerItem(definition, state, code, raw);
    if (!next.ok) throw new Error(`${code}: ${next.error.code}`);
    state = next.value;
  }
  return state;
}

const PROFILE = { q1: 'female', q2: '30_40', q3: 'gp', q4: 'independent', q5: 'rural', q6: 'yes', q7: 'daily', q8: '2_4y' };
const SCRIPTS: Record<string, RawAnswer>[] = [
  { ...PROFILE, q9: 'frequently', q10: 'rarely', q11: 9, q12: 8, q13: 10, q14: 3, q15: 0, q16: 5, q17: 7, q18: 6, q19: 'yes_paid', q20: 'Omnidoc', q21: ['speed', 'free'], q22: ['none'], q23: 8, q24: 9, q25: 10, q26: ['read', 'save'], q27: 'Merci pour ce travail' },
  { ...PROFILE, q3: 'cardiology', q9: 'never', q10: 'occasionally', q19: 'no', q21: ['kindness'], q22: ['tone', 'volume'], q23: 2, q24: 4, q25: 5, q26: ['not_used'] },
];

describe.each([
  ['REDCap dictionary', 'social-network-cme-2022.redcap.csv'],
  ['XLSForm', 'social-network-cme-2022.xlsx'],
])('the study instrument as a %s', (_name, file) => {
  it('loads to the same questions, choices, exclusive choices, scales and skip rules', async () => {
    const { definition } = await load(file);
    const shape = (d: Definition) =>
      d.items.map((item) => ({
        code: item.code,
        type: item.type,
        required: item.required,
        choices: item.choices.map((c) => `${c.code}${c.exclusive ? '!' : ''}`),
        scale: item.scale ? [item.scale.min, item.scale.max] : null,
        relevant: item.relevant?.source.replace(/[()]/g, '') ?? null,
      }));
    expect(shape(definition)).toEqual(shape(builtIn));
    expect(definition.derived.filter((d) => d.type === 'boolean').map((d) => d.code)).toEqual(['sought_opinion', 'gp', 'underserved']);
    // age_group is a recode, which neither format can express: its source q2 is declared instead.
    expect(definition.groupings).toEqual(['q2', 'gp', 'underserved']);
  });

  it('keeps the labels of the language it was written in (both for an XLSForm)', async () => {
    const { definition } = await load(file);
    const q22 = definition.items.find((i) => i.code === 'q22');
    expect(q22?.label.fr).toBe(builtIn.items.find((i) => i.code === 'q22')?.label.fr);
    if (file.endsWith('.xlsx')) {
      expect(definition.items.map((i) => i.label.en)).toEqual(builtIn.items.map((i) => i.label.en));
      expect(definition.items.map((i) => i.shortLabel)).toEqual(builtIn.items.map((i) => i.shortLabel));
      expect(definition.items.map((i) => i.scale)).toEqual(builtIn.items.map((i) => i.scale));
    }
  });

  it.each(SCRIPTS.map((script, i) => [i + 1, script] as const))('stores the answers of respondent %i as the built-in does', async (_i, script) => {
    const { definition } = await load(file);
    const expected = take(builtIn, script);
    const actual = take(definition, script);
    expect(expected.cursor).toBeNull();
    expect(actual).toEqual(expected);
  });
});
