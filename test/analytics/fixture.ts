/**
 * A six-item questionnaire small enough to compute every expected figure by hand, with the
 * shapes the analytics handle: single choices, a 0–10 item behind a skip rule, a multiple
 * choice, an optional text, and two derived groupings.
 */
import type { ResponseRecord, ResponseSource } from '../../src/analytics/ports.ts';
import { loadDefinition, type DefinitionInput } from '../../src/survey/definition.ts';

const t = (fr: string, en: string) => ({ fr, en });

export const TINY_INPUT: DefinitionInput = {
  id: 'tiny',
  version: 1,
  defaultLanguage: 'fr',
  languages: ['fr', 'en'],
  title: t('Petit questionnaire', 'Small survey'),
  items: [
    { code: 'spec', type: 'single', label: t('Spécialité ?', 'Specialty?'), choices: [{ code: 'gp', label: t('Généraliste', 'GP') }, { code: 'other', label: t('Autre', 'Other') }] },
    { code: 'area', type: 'single', label: t('Zone sous-dotée ?', 'Underserved?'), choices: [{ code: 'yes', label: t('Oui', 'Yes') }, { code: 'no', label: t('Non', 'No') }] },
    { code: 'sought', type: 'single', label: t('Avis demandé ?', 'Sought an opinion?'), choices: [{ code: 'yes', label: t('Oui', 'Yes') }, { code: 'no', label: t('Non', 'No') }] },
    {
      code: 'useful',
      type: 'scale',
      label: t('Utile ?', 'Useful?'),
      scale: { min: 0, max: 10, minLabel: t('non', 'no'), maxLabel: t('oui', 'yes') },
      relevant: "sought == 'yes'",
    },
    {
      code: 'strengths',
      type: 'multi',
      label: t('Points forts ?', 'Strengths?'),
      choices: [{ code: 'speed', label: t('Rapidité', 'Speed') }, { code: 'free', label: t('Gratuité', 'Free') }, { code: 'kind', label: t('Bienveillance', 'Kindness') }],
    },
    { code: 'comment', type: 'text', label: t('Commentaire ?', 'Comment?'), required: false },
  ],
  derived: [
    { code: 'gp', type: 'boolean', label: t('Spécialité', 'Specialty'), expression: "spec == 'gp'", trueLabel: t('MG', 'GPs'), falseLabel: t('Autres', 'Others') },
    { code: 'underserved', type: 'boolean', label: t('Zone', 'Area'), expression: "area == 'yes'", trueLabel: t('Sous-dotée', 'Underserved'), falseLabel: t('Autres zones', 'Other areas') },
  ],
};

export const tiny = loadDefinition(TINY_INPUT);

const complete = (answers: ResponseRecord['answers']): ResponseRecord => ({ status: 'complete', cursor: null, answers });
const stopped = (cursor: string, answers: ResponseRecord['answers']): ResponseRecord => ({ status: 'in_progress', cursor, answers });

/** Nine responses: five complete, three interrupted, one opened without any answer. */
export const NINE: ResponseRecord[] = [
  complete({ spec: 'gp', area: 'yes', sought: 'yes', useful: 9, strengths: ['speed', 'free'], comment: 'Très utile' }),
  complete({ spec: 'gp', area: 'no', sought: 'yes', useful: 8, strengths: ['speed'] }),
  complete({ spec: 'gp', area: 'no', sought: 'no', strengths: ['speed', 'kind'], comment: 'Bien' }),
  complete({ spec: 'other', area: 'yes', sought: 'yes', useful: 4, strengths: ['free'] }),
  complete({ spec: 'other', area: 'no', sought: 'yes', useful: 6, strengths: ['speed'] }),
  stopped('sought', { spec: 'gp', area: 'no' }),
  stopped('useful', { spec: 'other', area: 'no', sought: 'yes' }),
  stopped('area', { spec: 'gp' }),
  stopped('spec', {}),
];

/** `count` copies of one complete response. */
export function times(count: number, answers: ResponseRecord['answers']): ResponseRecord[] {
  return Array.from({ length: count }, () => complete(answers));
}

/** A results source over plain records, as the store would serve them. */
export function arraySource(responses: readonly ResponseRecord[]): ResponseSource {
  return {
    responses: async () => [...responses],
    eachResponse: async (_surveyId, visit) => {
      for (const r of responses) visit({ status: r.status, cursor: r.cursor, answersJson: JSON.stringify(r.answers) });
      return responses.length;
    },
  };
}
