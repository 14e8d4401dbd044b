/**
 * The callback_data of the questionnaire's inline buttons. Telegram limits it to 64 bytes and
 * any client can send any value, so it carries only positions (item index in the definition,
 * choice index), never answers' meaning or user data, and decoding accepts exactly what
 * encoding produces. Whether the action still makes sense is for the survey service to say.
 *
 *   c:<tag>:<item>:<choice>   single choice          s:<tag>:<item>:<value-min>  scale value
 *   a:<tag>:<item>:<choice>   tick a multiple choice r:<tag>:<item>:<choice>     untick it
 *   d:<tag>:<item>            confirm the selection  k:<tag>:<item>  skip   b:<tag>:<item>  back
 *
 * The tag names the survey run, so a button of another run is never taken for this one.
 */
import { createHash } from 'node:crypto';

export type CallbackAction =
  | { readonly op: 'choose' | 'scale' | 'add' | 'remove'; readonly item: number; readonly index: number }
  | { readonly op: 'done' | 'skip' | 'back'; readonly item: number };

export interface CallbackData {
  readonly tag: string;
  readonly action: CallbackAction;
}

export const CALLBACK_DATA_MAX_BYTES = 64;

const LETTER = { choose: 'c', scale: 's', add: 'a', remove: 'r', done: 'd', skip: 'k', back: 'b' } as const;
const OP_OF: Readonly<Record<string, CallbackAction['op']>> = Object.fromEntries(
  Object.entries(LETTER).map(([op, letter]) => [letter, op as CallbackAction['op']]),
);
const WITH_INDEX = /^([csar]):([A-Za-z0-9_-]{8}):(0|[1-9]\d{0,3}):(0|[1-9]\d{0,3})$/;
const WITHOUT_INDEX = /^([dkb]):([A-Za-z0-9_-]{8}):(0|[1-9]\d{0,3})$/;

/** Eight characters derived from the survey id; not a secret, just distinct per run. */
export function surveyTag(surveyId: string): string {
  return createHash('sha256').update(`telegram-survey:${surveyId}`).digest('base64url').slice(0, 8);
}

export class CallbackDataTooLongError extends Error {
  constructor(readonly data: string) {
    super(`callback_data of ${Buffer.byteLength(data)} bytes exceeds Telegram's ${CALLBACK_DATA_MAX_BYTES}`);
    this.name = 'CallbackDataTooLongError';
  }
}

export function encodeCallback({ tag, action }: CallbackData): string {
  const head = `${LETTER[action.op]}:${tag}:${action.item}`;
  const data = 'index' in action ? `${head}:${action.index}` : head;
  if (Buffer.byteLength(data) > CALLBACK_DATA_MAX_BYTES) throw new CallbackDataTooLongError(data);
  return data;
}

/** The decoded data, or null for anything encodeCallback could not have produced. */
export function decodeCallback(data: string): CallbackData | null {
  if (data.length > CALLBACK_DATA_MAX_BYTES) return null;
  const full = WITH_INDEX.exec(data);
  if (full) {
    const [, letter = '', tag = '', item = '', index = ''] = full;
    const op = OP_OF[letter];
    if (op !== 'choose' && op !== 'scale' && op !== 'add' && op !== 'remove') return null;
    return { tag, action: { op, item: Number(item), index: Number(index) } };
  }
  const short = WITHOUT_INDEX.exec(data);
  if (short) {
    const [, letter = '', tag = '', item = ''] = short;
    const op = OP_OF[letter];
    if (op !== 'done' && op !== 'skip' && op !== 'back') return null;
    return { tag, action: { op, item: Number(item) } };
  }
  return null;
}
