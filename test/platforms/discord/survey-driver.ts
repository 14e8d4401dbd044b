/**
 * Plays a member through the questionnaire by clicking what the bot rendered: the item comes
 * from the components' custom_ids, the answer from a plan (with defaults per item type).
 */
import { expect } from 'vitest';
import { decodeCustomId } from '../../../src/platforms/discord/custom-id.ts';
import { findItem } from '../../../src/survey/definition.ts';
import { componentsOf, type FakeInteraction, type FakeMessage, type FakeUser } from './fake-discord.ts';
import type { Harness } from './harness.ts';

export type PlannedAnswer =
  | { readonly choice: number }
  | { readonly scale: number }
  | { readonly pick: readonly number[] }
  | { readonly text: string }
  | 'skip';

export const EPHEMERAL = 64;

/** The item a questionnaire message asks, from its custom_ids; null when it asks nothing. */
export function currentItem(message: FakeMessage): { surveyId: string; item: string } | null {
  for (const component of componentsOf(message)) {
    const action = decodeCustomId(component.custom_id);
    if (action && action.kind !== 'take') return { surveyId: action.surveyId, item: action.item };
  }
  return null;
}

export function customIds(message: FakeMessage): string[] {
  return componentsOf(message).map((c) => c.custom_id as string);
}

/** The custom_id of a rendered component of this kind (e.g. 'c' choice 2 → "cf:c:…:q1:2"). */
export function findCustomId(message: FakeMessage, tag: string, suffix?: string | number): string {
  const id = customIds(message).find((c) => c.split(':')[1] === tag && (suffix === undefined || c.endsWith(`:${suffix}`)));
  if (!id) throw new Error(`No ${tag}${suffix === undefined ? '' : ` ${suffix}`} component on the message: ${customIds(message).join(', ')}`);
  return id;
}

function defaultAnswer(harness: Harness, item: string): PlannedAnswer {
  const definition = harness.app.services.definitions.defaultDefinition();
  const type = findItem(definition, item)?.type;
  switch (type) {
    case 'single':
      return { choice: 0 };
    case 'scale':
      return { scale: 7 };
    case 'multi':
      return { pick: [0, 1] };
    case 'text':
      return { text: 'Une plateforme de télé-expertise régionale' };
    default:
      throw new Error(`Unknown item ${item}`);
  }
}

/** Answers the item the message shows; returns the interaction(s) it took. */
export async function answerCurrent(harness: Harness, user: FakeUser, message: FakeMessage, planned?: PlannedAnswer): Promise<FakeInteraction> {
  const current = currentItem(message);
  if (!current) throw new Error(`The message asks nothing: ${message.content}`);
  const answer = planned ?? defaultAnswer(harness, current.item);
  const ids = customIds(message);
  const selectId = ids.find((c) => c.startsWith('cf:s:'));
  if (answer === 'skip') return harness.click(user, message, findCustomId(message, 'k'));
  if ('text' in answer) {
    const opener = await harness.click(user, message, findCustomId(message, 'w'));
    expect(opener.callbacks[0]?.type).toBe(9);
    return harness.fake.answered(harness.fake.submitModal(user, opener, answer.text));
  }
  if ('pick' in answer) return harness.select(user, message, selectId as string, answer.pick.map(String));
  if ('choice' in answer) {
    return selectId
      ? harness.select(user, message, selectId, [String(answer.choice)])
      : harness.click(user, message, findCustomId(message, 'c', answer.choice));
  }
  return selectId ? harness.select(user, message, selectId, [String(answer.scale)]) : harness.click(user, message, findCustomId(message, 'n', answer.scale));
}

/**
 * Answers item after item until `stopBefore` is asked or the survey completes; checks that
 * each answer edited the same message in place. Returns the message.
 */
export async function answerUntil(
  harness: Harness,
  user: FakeUser,
  message: FakeMessage,
  options: { plan?: Readonly<Record<string, PlannedAnswer>>; stopBefore?: string } = {},
): Promise<FakeMessage> {
  for (let step = 0; step < 60; step += 1) {
    const current = currentItem(message);
    if (!current || current.item === options.stopBefore) return message;
    const interaction = await answerCurrent(harness, user, message, options.plan?.[current.item]);
    expect(interaction.callbacks[0]?.type, `answer to ${current.item}: ${JSON.stringify(harness.fake.repliesTo(interaction).map((m) => m.content))}`).toBe(7);
    expect(interaction.originalMessageId).toBe(message.id);
  }
  throw new Error('The questionnaire did not end');
}
