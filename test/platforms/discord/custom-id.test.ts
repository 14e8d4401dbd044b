import { describe, expect, it } from 'vitest';
import { CUSTOM_ID_MAX_LENGTH, CustomIdTooLongError, decodeCustomId, decodeSelectValue, encodeCustomId, type SurveyAction } from '../../../src/platforms/discord/custom-id.ts';

const SURVEY = '0857bcb9-3904-4b6f-bc7b-7f1499dd721b';

describe('custom_id codec', () => {
  const actions: SurveyAction[] = [
    { kind: 'take', surveyId: SURVEY },
    { kind: 'choice', surveyId: SURVEY, item: 'q3', index: 24 },
    { kind: 'scale', surveyId: SURVEY, item: 'q11', value: 0 },
    { kind: 'scale', surveyId: SURVEY, item: 'q11', value: -5 },
    { kind: 'select', surveyId: SURVEY, item: 'q21' },
    { kind: 'write', surveyId: SURVEY, item: 'q20' },
    { kind: 'text', surveyId: SURVEY, item: 'q20' },
    { kind: 'skip', surveyId: SURVEY, item: 'q27' },
    { kind: 'back', surveyId: SURVEY, item: 'q2' },
  ];

  it.each(actions)('round-trips $kind within 100 characters', (action) => {
    const id = encodeCustomId(action);
    expect(id.length).toBeLessThanOrEqual(CUSTOM_ID_MAX_LENGTH);
    expect(decodeCustomId(id)).toEqual(action);
  });

  it('refuses anything the bot could not have written', () => {
    for (const forged of [
      '',
      'hello',
      `cf:z:${SURVEY}:q1`,
      `xx:c:${SURVEY}:q1:0`,
      `cf:t:${SURVEY}:q1`,
      `cf:c:${SURVEY}:q1`,
      `cf:c:${SURVEY}:q1:-1`,
      `cf:c:${SURVEY}:q1:01`,
      `cf:c:${SURVEY}:q1:1.5`,
      `cf:c:${SURVEY}:Q1:0`,
      `cf:c:${SURVEY}:q1:0:0`,
      `cf:s:${SURVEY}:q1:0`,
      `cf:c:${SURVEY}:q1:9999999`,
      `cf:c:bad id:q1:0`,
      `cf:c:${SURVEY}:${'q'.repeat(95)}:0`,
    ]) {
      expect(decodeCustomId(forged), forged).toBeNull();
    }
  });

  it('throws a named error rather than send an id Discord would refuse', () => {
    expect(() => encodeCustomId({ kind: 'skip', surveyId: 'a'.repeat(64), item: `q${'x'.repeat(40)}` })).toThrow(CustomIdTooLongError);
  });

  it('reads select values strictly', () => {
    expect(decodeSelectValue('7')).toBe(7);
    expect(decodeSelectValue('-2')).toBe(-2);
    for (const value of ['', '07', 'a', '1e2', ' 1']) expect(decodeSelectValue(value)).toBeNull();
  });
});
