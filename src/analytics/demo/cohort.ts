/**
 * A synthetic cohort shaped like the study's: 1,451 participants, 989 complete, whose answers
 * follow the published figures (./targets.ts). Deterministic: the same seed gives the same
 * cohort, answer for answer. Built item by item in questionnaire order, each item's answers
 * given by quotas over exactly the participants who reach it and are asked it, so the skip
 * rules and the drop-off hold as they would in a real run.
 */
import type { AnswerValue } from '../../survey/answers.ts';
import type { Definition } from '../../survey/definition.ts';
import { relevantItems } from '../../survey/engine.ts';
import { evaluate, truthy, type ExpressionValue } from '../../survey/expression.ts';
import type { ImportedResponse } from '../ports.ts';
import { assign, pickByStrata, seededRandom, shuffled, type Random } from './random.ts';
import {
  COHORT,
  COMMENT_SHARE,
  COMMENTS,
  GP_SHARE,
  MULTI,
  OTHER_SPECIALTIES,
  PLATFORMS,
  SCALES,
  SINGLE,
  SOUGHT_BY,
  SOUGHT_FREQUENCY,
  STOP_WEIGHTS,
  UNDERSERVED_BY_AREA,
  type ScaleTarget,
} from './targets.ts';

export const DEMO_DEFINITION_ID = 'social-network-cme-2022';
export const DEFAULT_SEED = 20220601;

export class CohortDefinitionError extends Error {
  constructor(readonly definitionId: string) {
    super(`The demo cohort follows the ${DEMO_DEFINITION_ID} instrument, not ${definitionId}`);
    this.name = 'CohortDefinitionError';
  }
}

type Answers = Record<string, AnswerValue>;

export function generateCohort(definition: Definition, seed = DEFAULT_SEED): ImportedResponse[] {
  if (definition.id !== DEMO_DEFINITION_ID) throw new CohortDefinitionError(definition.id);
  const random = seededRandom(seed);
  const ids = Array.from({ length: COHORT.participants }, (_, i) => i);
  const complete = new Set(shuffled(random, ids).slice(0, COHORT.complete));
  const position = new Map(definition.items.map((item, i) => [item.code, i]));
  const stops = assign(random, ids.filter((id) => !complete.has(id)), Object.entries(STOP_WEIGHTS));
  const stopAt = (id: number) => (complete.has(id) ? Infinity : (position.get(stops.get(id) ?? '') ?? 0));
  const answers: Answers[] = ids.map(() => ({}));
  const value = (id: number, code: string) => answers[id]?.[code];

  for (const item of definition.items) {
    const at = position.get(item.code) ?? 0;
    // Answers exist only for items a member was asked, so the item's own skip rule over them
    // says whether it is asked (what relevantItems would say, without re-walking the list).
    const relevant = item.relevant;
    const asked = (id: number) => !relevant || truthy(evaluate(relevant.expression, (code) => answers[id]?.[code] as ExpressionValue | undefined));
    const members = ids.filter((id) => at < stopAt(id) && asked(id));
    const set = (id: number, v: AnswerValue) => {
      const target = answers[id];
      if (target) target[item.code] = v;
    };
    const groups = {
      gp: (id: number) => value(id, 'q3') === 'gp',
      underserved: (id: number) => value(id, 'q6') === 'yes',
      age: (id: number) => {
        const age = value(id, 'q2');
        return age === 'under_30' || age === '30_40' ? age : 'over_40';
      },
    };
    const single = SINGLE[item.code];
    if (single) {
      for (const [id, code] of assign(random, members, single)) set(id, code);
    } else if (item.code === 'q3') {
      const others = OTHER_SPECIALTIES.reduce((s, [, w]) => s + w, 0);
      const shares = [['gp', GP_SHARE] as const, ...OTHER_SPECIALTIES.map(([c, w]) => [c, ((100 - GP_SHARE) * w) / others] as const)];
      for (const [id, code] of assign(random, members, shares)) set(id, code);
    } else if (item.code === 'q6') {
      const yes = pickByStrata(random, members, (id) => String(value(id, 'q5')), (id) => (UNDERSERVED_BY_AREA[String(value(id, 'q5'))] ?? 28.9) / 100);
      for (const id of members) set(id, yes.has(id) ? 'yes' : 'no');
    } else if (item.code === 'q9') {
      const p = soughtModel(members, groups);
      const sought = pickByStrata(random, members, (id) => `${groups.gp(id)}|${groups.underserved(id)}`, p);
      const frequency = assign(random, members.filter((id) => sought.has(id)), SOUGHT_FREQUENCY);
      for (const id of members) set(id, frequency.get(id) ?? 'never');
    } else if (SCALES[item.code]) {
      for (const [id, v] of scaleAnswers(random, members, SCALES[item.code] as ScaleTarget, groups)) set(id, v);
    } else if (MULTI[item.code]) {
      for (const [id, v] of multiAnswers(random, members, MULTI[item.code] as NonNullable<(typeof MULTI)[string]>, item.choices.map((c) => c.code))) set(id, v);
    } else if (item.code === 'q20') {
      for (const id of members) set(id, PLATFORMS[Math.floor(random() * PLATFORMS.length)] ?? 'Autre');
    } else if (item.code === 'q27') {
      const commenting = pickByStrata(random, members, () => 'all', () => COMMENT_SHARE / 100);
      for (const id of members) if (commenting.has(id)) set(id, COMMENTS[Math.floor(random() * COMMENTS.length)] ?? 'Merci.');
    }
  }

  return shuffled(random, ids).map((id) => {
    const given = answers[id] ?? {};
    const day = studyDay(random);
    if (complete.has(id)) return { status: 'complete', cursor: null, answers: given, startedDay: day, completedDay: day };
    const stop = stopAt(id);
    const cursor = relevantItems(definition, given).find((i) => (position.get(i.code) ?? 0) >= stop)?.code ?? null;
    return { status: 'in_progress', cursor, answers: given, startedDay: day, completedDay: null };
  });
}

interface Groups {
  gp(id: number): boolean;
  underserved(id: number): boolean;
  age(id: number): string;
}

function scaleAnswers(random: Random, members: readonly number[], target: ScaleTarget, groups: Groups): Map<number, number> {
  const effects = target.effects ?? {};
  const effect = (id: number) =>
    (groups.gp(id) ? (effects.gp ?? 0) : 0) +
    (groups.underserved(id) ? (effects.underserved ?? 0) : 0) +
    (groups.age(id) === 'under_30' ? (effects.under30 ?? 0) : 0) +
    (groups.age(id) === 'over_40' ? (effects.over40 ?? 0) : 0);
  // The base is solved so that the average over these very respondents is the target share.
  const meanEffect = members.reduce((s, id) => s + effect(id), 0) / Math.max(1, members.length);
  const base = target.high / 100 - meanEffect;
  const high = pickByStrata(random, members, (id) => `${groups.gp(id)}|${groups.underserved(id)}|${groups.age(id)}`, (id) => base + effect(id));
  const rest = members.filter((id) => !high.has(id));
  const low = new Set(shuffled(random, rest).slice(0, Math.round(target.lowAmongRest * rest.length)));
  const values = new Map<number, number>();
  for (const id of members) {
    const [from, weights] = high.has(id) ? [8, [3.5, 3, 3.5]] : low.has(id) ? [0, [1, 1, 2, 3, 3]] : [5, [3, 3.5, 3.5]];
    values.set(id, from + weighted(random, weights));
  }
  return values;
}

function multiAnswers(
  random: Random,
  members: readonly number[],
  spec: { readonly shares: readonly (readonly [string, number])[]; readonly exclusive?: string },
  order: readonly string[],
): Map<number, string[]> {
  const chosen = new Map<number, Set<string>>(members.map((id) => [id, new Set<string>()]));
  for (const [code, share] of spec.shares) {
    for (const id of pickByStrata(random, members, () => 'all', () => share / 100)) chosen.get(id)?.add(code);
  }
  const empty = members.filter((id) => chosen.get(id)?.size === 0);
  if (spec.exclusive) {
    for (const id of empty) chosen.get(id)?.add(spec.exclusive);
  } else {
    // Every answer needs one choice: move the first share's choice from someone who has others,
    // which keeps each choice's count exact.
    const [first] = spec.shares[0] ?? [''];
    const donors = members.filter((id) => (chosen.get(id)?.size ?? 0) >= 2 && chosen.get(id)?.has(first));
    for (const [i, id] of empty.entries()) {
      const donor = donors[i];
      if (donor === undefined) continue;
      chosen.get(donor)?.delete(first);
      chosen.get(id)?.add(first);
    }
  }
  return new Map(members.map((id) => [id, order.filter((code) => chosen.get(id)?.has(code))]));
}

/**
 * P(sought | gp, underserved) = b + β·gp + γ·underserved, with b, β, γ fitted by least squares
 * to the four published subgroup shares over these very respondents (their actual mix of the
 * two groupings), so the demo's Table 1 lands on the published figures.
 */
function soughtModel(members: readonly number[], groups: Groups): (id: number) => number {
  const share = (of: (id: number) => boolean, within: (id: number) => boolean) => {
    const base = members.filter(within);
    return base.length === 0 ? 0 : base.filter(of).length / base.length;
  };
  const gp = groups.gp;
  const und = groups.underserved;
  const not = (f: (id: number) => boolean) => (id: number) => !f(id);
  // Rows: [1, β coefficient, γ coefficient] → target, one per published share.
  const rows: [number, number, number, number][] = [
    [1, 1, share(und, gp), SOUGHT_BY.gp / 100],
    [1, 0, share(und, not(gp)), SOUGHT_BY.otherSpecialty / 100],
    [1, share(gp, und), 1, SOUGHT_BY.underserved / 100],
    [1, share(gp, not(und)), 0, SOUGHT_BY.elsewhere / 100],
  ];
  const [b, beta, gamma] = leastSquares3(rows);
  return (id) => b + (gp(id) ? beta : 0) + (und(id) ? gamma : 0);
}

/** Solves the 3×3 normal equations of an over-determined linear system (Gaussian elimination). */
function leastSquares3(rows: readonly (readonly [number, number, number, number])[]): [number, number, number] {
  const m = [0, 1, 2].map((i) => [0, 1, 2, 3].map((j) => rows.reduce((s, r) => s + (r[i] ?? 0) * (r[j] ?? 0), 0)));
  for (let col = 0; col < 3; col++) {
    const pivot = m[col] as number[];
    for (let row = 0; row < 3; row++) {
      if (row === col) continue;
      const target = m[row] as number[];
      const factor = (target[col] ?? 0) / (pivot[col] ?? 1);
      for (let k = col; k < 4; k++) target[k] = (target[k] ?? 0) - factor * (pivot[k] ?? 0);
    }
  }
  const solve = (i: number) => (m[i]?.[3] ?? 0) / (m[i]?.[i] ?? 1);
  return [solve(0), solve(1), solve(2)];
}

function weighted(random: Random, weights: readonly number[]): number {
  const total = weights.reduce((s, w) => s + w, 0);
  let r = random() * total;
  for (const [i, w] of weights.entries()) {
    r -= w;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** A day of the study period, more often early on (the first days bring most answers). */
function studyDay(random: Random): string {
  const first = Date.parse(`${COHORT.firstDay}T00:00:00Z`);
  const span = Math.round((Date.parse(`${COHORT.lastDay}T00:00:00Z`) - first) / 86_400_000) + 1;
  const offset = Math.floor(span * random() ** 2);
  return new Date(first + offset * 86_400_000).toISOString().slice(0, 10);
}
