/**
 * The custom_id of every component the bot sends. It is untrusted input: a client can send
 * any string, and old buttons stay clickable. So it carries only what the stored state can
 * check (survey id, item code, a choice index or scale value), never a decision, and
 * decoding is strict: anything that does not parse exactly is treated as forged.
 *
 * Format: `cf:<tag>:<surveyId>[:<itemCode>[:<integer>]]`, at most 100 characters (Discord).
 */
export type SurveyAction =
  /** The announcement's "Take the survey" button. */
  | { readonly kind: 'take'; readonly surveyId: string }
  /** A single-choice button: the index of the choice in the item's definition. */
  | { readonly kind: 'choice'; readonly surveyId: string; readonly item: string; readonly index: number }
  /** A scale button: the value itself. */
  | { readonly kind: 'scale'; readonly surveyId: string; readonly item: string; readonly value: number }
  /** A select menu (single, multiple or scale); its values carry the choice indexes or scale values. */
  | { readonly kind: 'select'; readonly surveyId: string; readonly item: string }
  /** The button that opens the text modal. */
  | { readonly kind: 'write'; readonly surveyId: string; readonly item: string }
  /** The text modal's submission. */
  | { readonly kind: 'text'; readonly surveyId: string; readonly item: string }
  | { readonly kind: 'skip'; readonly surveyId: string; readonly item: string }
  /** Back from `item`: refused unless `item` is still the current one. */
  | { readonly kind: 'back'; readonly surveyId: string; readonly item: string };

export const CUSTOM_ID_MAX_LENGTH = 100;

const TAGS = { take: 't', choice: 'c', scale: 'n', select: 's', write: 'w', text: 'x', skip: 'k', back: 'b' } as const;
type Kind = keyof typeof TAGS;
const KINDS = new Map<string, Kind>(Object.entries(TAGS).map(([kind, tag]) => [tag, kind as Kind]));

const SURVEY_ID = /^[A-Za-z0-9-]{1,64}$/;
const ITEM_CODE = /^[a-z][a-z0-9_]{0,47}$/;
const INTEGER = /^(0|-?[1-9]\d{0,5})$/;

export class CustomIdTooLongError extends Error {
  constructor(readonly customId: string) {
    super(`A custom_id would be ${customId.length} characters, above Discord's ${CUSTOM_ID_MAX_LENGTH}`);
    this.name = 'CustomIdTooLongError';
  }
}

export function encodeCustomId(action: SurveyAction): string {
  const parts: (string | number)[] = ['cf', TAGS[action.kind], action.surveyId];
  if (action.kind !== 'take') parts.push(action.item);
  if (action.kind === 'choice') parts.push(action.index);
  if (action.kind === 'scale') parts.push(action.value);
  const id = parts.join(':');
  if (id.length > CUSTOM_ID_MAX_LENGTH) throw new CustomIdTooLongError(id);
  return id;
}

/** The action a custom_id names, or null when it is not one the bot could have sent. */
export function decodeCustomId(customId: string): SurveyAction | null {
  if (customId.length > CUSTOM_ID_MAX_LENGTH) return null;
  const [prefix, tag, surveyId, item, number, ...rest] = customId.split(':');
  if (prefix !== 'cf' || rest.length > 0 || tag === undefined || surveyId === undefined || !SURVEY_ID.test(surveyId)) return null;
  const kind = KINDS.get(tag);
  if (kind === undefined) return null;
  if (kind === 'take') return item === undefined ? { kind, surveyId } : null;
  if (item === undefined || !ITEM_CODE.test(item)) return null;
  if (kind === 'choice' || kind === 'scale') {
    if (number === undefined || !INTEGER.test(number)) return null;
    const value = Number(number);
    if (kind === 'choice') return value >= 0 ? { kind, surveyId, item, index: value } : null;
    return { kind, surveyId, item, value };
  }
  return number === undefined ? { kind, surveyId, item } : null;
}

/** A select menu value: a choice index or a scale value, as the bot wrote it. */
export function decodeSelectValue(value: string): number | null {
  return INTEGER.test(value) ? Number(value) : null;
}
