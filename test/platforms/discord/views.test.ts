import { describe, expect, it } from 'vitest';
import { decodeCustomId } from '../../../src/platforms/discord/custom-id.ts';
import { replyViews } from '../../../src/platforms/discord/reply-view.ts';
import { splitText } from '../../../src/shared/split-text.ts';
import { answerModal, layoutOf, promptView, stepView, type MessageView } from '../../../src/platforms/discord/survey-view.ts';
import { loadDefinition, type DefinitionInput } from '../../../src/survey/definition.ts';
import { promptFor, type Prompt } from '../../../src/survey/engine.ts';
import { BUILT_IN_DEFINITIONS, DefinitionRegistry } from '../../../src/survey/registry.ts';

const SURVEY = '0857bcb9-3904-4b6f-bc7b-7f1499dd721b';
const definition = new DefinitionRegistry(BUILT_IN_DEFINITIONS).defaultDefinition();

function prompt(cursor: string, answers: Record<string, string | number | string[]> = {}, language: 'fr' | 'en' = 'en'): Prompt {
  const result = promptFor(definition, { answers, cursor }, language);
  if (!result) throw new Error(`no prompt for ${cursor}`);
  return result;
}

/** Discord's limits on every message the bot sends. */
function checkLimits(view: MessageView): void {
  expect(view.content.length).toBeLessThanOrEqual(2000);
  expect(view.components.length).toBeLessThanOrEqual(5);
  const ids: string[] = [];
  for (const row of view.components) {
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const component of row.components) {
      if ('custom_id' in component) ids.push(component.custom_id);
      if (component.type === 2 && 'label' in component) expect((component.label ?? '').length).toBeLessThanOrEqual(80);
      if (component.type === 3) {
        expect(row.components).toHaveLength(1);
        expect(component.options.length).toBeLessThanOrEqual(25);
      }
    }
  }
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(decodeCustomId(id), id).not.toBeNull();
}

describe('questionnaire views', () => {
  it('shows a short single choice as buttons, the first item without Back', () => {
    const view = promptView(SURVEY, prompt('q1'), 'en');
    checkLimits(view);
    expect(layoutOf(prompt('q1'))).toBe('buttons');
    expect(view.components).toHaveLength(1);
    expect(view.components[0]?.components.map((c) => ('label' in c ? c.label : ''))).toEqual(['A woman', 'A man', 'Other / prefer not to say']);
    expect(view.content).toBe('[1/27] You are:');
  });

  it('marks the current answer when the member comes back to an item', () => {
    const view = promptView(SURVEY, prompt('q1', { q1: 'male' }), 'en');
    const styles = view.components[0]?.components.map((c) => ('style' in c ? c.style : 0));
    expect(styles).toEqual([2, 1, 2]);
    expect(view.content).toContain('Current answer: A man');
  });

  it('puts 25 choices in a select menu, with Back', () => {
    const view = promptView(SURVEY, prompt('q3', { q1: 'female', q2: '30_40' }), 'fr');
    checkLimits(view);
    const select = view.components[0]?.components[0];
    expect(select).toMatchObject({ type: 3, min_values: 1, max_values: 1, placeholder: 'Choisissez une option' });
    expect(view.components[1]?.components.map((c) => decodeCustomId('custom_id' in c ? c.custom_id : '')?.kind)).toEqual(['back']);
  });

  it('lays a 0–10 scale out as eleven buttons over three rows, with its legend', () => {
    const view = promptView(SURVEY, prompt('q23', {}, 'fr'), 'fr');
    checkLimits(view);
    const values = view.components.slice(0, 3).flatMap((row) => row.components.map((c) => ('label' in c ? c.label : '')));
    expect(values).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(view.content).toContain('0 = pas du tout d’accord · 10 = tout à fait d’accord');
  });

  it('asks a multiple choice with a select menu bounded by the item', () => {
    const view = promptView(SURVEY, prompt('q21', {}, 'fr'), 'fr');
    checkLimits(view);
    expect(view.components[0]?.components[0]).toMatchObject({ type: 3, min_values: 1, max_values: 7, placeholder: 'Choisissez de 1 à 7 options' });
    const withSelection = promptView(SURVEY, prompt('q21', { q21: ['speed', 'free'] }), 'en');
    const options = (withSelection.components[0]?.components[0] as { options: { value: string; default?: boolean }[] }).options;
    expect(options.filter((o) => o.default).map((o) => o.value)).toEqual(['0', '3']);
  });

  it('answers a text item through a modal, with Skip when optional', () => {
    const p = prompt('q27', { q27: 'Déjà dit' });
    const view = promptView(SURVEY, p, 'en');
    checkLimits(view);
    expect(view.components[0]?.components.map((c) => decodeCustomId('custom_id' in c ? c.custom_id : '')?.kind)).toEqual(['back', 'write', 'skip']);
    const modal = answerModal(SURVEY, p, 'en');
    expect(modal.title).toBe('Your answer');
    expect(decodeCustomId(modal.custom_id)).toEqual({ kind: 'text', surveyId: SURVEY, item: 'q27' });
    expect(modal.components[0]).toMatchObject({ type: 18, label: 'Do you have any comments?', component: { type: 4, style: 2, value: 'Déjà dit', max_length: 4000 } });
  });

  it('falls back to typed option numbers when the choices do not fit', () => {
    const many: DefinitionInput = {
      id: 'many',
      version: 1,
      defaultLanguage: 'en',
      languages: ['en', 'fr'],
      title: { fr: 'Beaucoup', en: 'Many' },
      items: [
        {
          code: 'big',
          type: 'multi',
          label: { fr: 'Lesquels ?', en: 'Which ones, among the many possible options listed below?' },
          choices: Array.from({ length: 30 }, (_, i) => ({ code: `c${i}`, label: { fr: `Choix ${i}`, en: `Choice ${i}` } })),
        },
      ],
    };
    const loaded = loadDefinition(many);
    const p = promptFor(loaded, { answers: {}, cursor: 'big' }, 'en') as Prompt;
    expect(layoutOf(p)).toBe('typed');
    const view = promptView('s1', p, 'en');
    checkLimits(view);
    expect(view.content).toContain('30. Choice 29');
    const modal = answerModal('s1', p, 'en');
    expect(modal.components[0]).toMatchObject({ label: 'Which ones, among the many possible options …', component: { style: 1 } });
    expect((modal.components[0] as { label: string }).label.length).toBe(45);
    expect((modal.components[0] as { description?: string }).description?.length).toBeLessThanOrEqual(100);
  });

  it('keeps a long introduction within 2000 characters', () => {
    const view = stepView({ kind: 'prompt', surveyId: SURVEY, prompt: prompt('q1'), resumed: false, duplicate: false }, 'en', { intro: 'x'.repeat(2500) });
    checkLimits(view);
  });
});

describe('reply views', () => {
  it('splits long texts at line breaks, cutting only lines longer than the limit', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `${i}`.padEnd(99, '.'));
    const pieces = splitText(lines.join('\n'), 2000);
    expect(pieces.every((p) => p.length <= 2000)).toBe(true);
    expect(pieces.join('\n')).toBe(lines.join('\n'));
    expect(splitText('y'.repeat(4500), 2000).map((p) => p.length)).toEqual([2000, 2000, 500]);
    expect(splitText('', 2000)).toEqual([]);
  });

  it('puts files after the text and the invitation button on the last message', () => {
    const files = Array.from({ length: 12 }, (_, i) => ({ name: `c${i}.png`, data: Buffer.from([i]) }));
    const views = replyViews({ text: 'z'.repeat(2500), files, invitation: { surveyId: SURVEY, title: 'T' } }, 'fr');
    expect(views.map((v) => [v.content.length, v.files.length, v.components.length])).toEqual([
      [2000, 10, 0],
      [500, 2, 1],
    ]);
    const button = views[1]?.components[0]?.components[0];
    expect(button).toMatchObject({ type: 2, label: 'Répondre au questionnaire', custom_id: `cf:t:${SURVEY}` });
  });

  it('never sends an empty message', () => {
    expect(replyViews({}, 'en')).toEqual([{ content: '✓', components: [], files: [] }]);
  });
});
