import { describe, expect, it } from 'vitest';
import { evaluate, parseExpression, referencedCodes, type ExpressionValue } from '../../src/survey/expression.ts';

function run(source: string, answers: Record<string, ExpressionValue>) {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(parsed.error);
  return evaluate(parsed.value, (code) => answers[code]);
}

describe('expression language', () => {
  it('compares a single choice with a code', () => {
    expect(run("q9 != 'never'", { q9: 'rarely' })).toBe(true);
    expect(run("q9 != 'never'", { q9: 'never' })).toBe(false);
    expect(run('q3 == "gp"', { q3: 'gp' })).toBe(true);
  });

  it('treats an unanswered item as differing from every choice', () => {
    expect(run("q9 != 'never'", {})).toBe(true);
    expect(run("q9 == 'never'", {})).toBe(false);
    expect(run('q11 >= 8', {})).toBe(false);
  });

  it('reads multiple choices with selected() and count()', () => {
    expect(run("selected(q21, 'speed')", { q21: ['speed', 'free'] })).toBe(true);
    expect(run("selected(q21, 'kindness')", { q21: ['speed'] })).toBe(false);
    expect(run('count(q21) >= 2', { q21: ['speed', 'free'] })).toBe(true);
    expect(run('answered(q27)', {})).toBe(false);
    expect(run('answered(q27)', { q27: 'merci' })).toBe(true);
  });

  it('follows precedence: not over and over or, with parentheses', () => {
    const answers = { q1: 'female', q2: 'under_30', q6: 'no' };
    expect(run("q1 == 'male' or q2 == 'under_30' and q6 == 'no'", answers)).toBe(true);
    expect(run("(q1 == 'male' or q2 == 'under_30') and not q6 == 'no'", answers)).toBe(false);
    expect(run('q11 >= 8 and q11 <= 10', { q11: 8 })).toBe(true);
    expect(run('q11 > -1', { q11: 0 })).toBe(true);
  });

  it('lists the codes it reads', () => {
    const parsed = parseExpression("selected(q21, 'speed') or q9 != 'never'");
    expect(parsed.ok && referencedCodes(parsed.value)).toEqual(['q21', 'q9']);
  });

  it.each([
    ["q9 != 'never", 'unterminated string'],
    ['q9 !=', 'ends too early'],
    ['q9 = 1', 'unexpected character "="'],
    ['eval(q9)', 'unknown function "eval"'],
    ["selected(q21)", 'takes 2 argument(s)'],
    ["selected('q21', 'x')", 'must be an item code'],
    ["q9 == 'a' q10", 'unexpected "q10"'],
    ['(q9', 'expected ")"'],
    ['and', 'needs an operand'],
    ['process.exit()', 'unexpected character "."'],
  ])('refuses %s with a reason', (source, reason) => {
    const parsed = parseExpression(source);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(reason);
  });
});
