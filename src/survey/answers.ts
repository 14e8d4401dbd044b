/**
 * Checks one raw answer against its item. Raw answers come from buttons (choice codes, a
 * number) or from typed text; either way they are untrusted until they pass here.
 */
import { err, ok, type Result } from '../shared/result.ts';
import type { Item } from './definition.ts';
import type { AnswerError } from './errors.ts';
import { findIdentifier } from './identifiers.ts';

/** A stored answer: a choice code, the codes of a multiple choice, a scale value or a text. */
export type AnswerValue = string | readonly string[] | number;
export type Answers = Readonly<Record<string, AnswerValue>>;
export type RawAnswer = string | number | readonly string[];

export const DEFAULT_TEXT_MAX_LENGTH = 2000;

export function validateAnswer(item: Item, raw: RawAnswer): Result<AnswerValue, AnswerError> {
  switch (item.type) {
    case 'single':
      return validateSingle(item, raw);
    case 'multi':
      return validateMulti(item, raw);
    case 'scale':
      return validateScale(item, raw);
    case 'text':
      return validateText(item, raw);
  }
}

function validateSingle(item: Item, raw: RawAnswer): Result<AnswerValue, AnswerError> {
  const code = Array.isArray(raw) ? (raw.length === 1 ? String(raw[0]) : raw.join(',')) : String(raw);
  return item.choices.some((c) => c.code === code) ? ok(code) : err({ code: 'choice.unknown', value: code });
}

export function selectionBounds(item: Item): { min: number; max: number } {
  return {
    min: item.minSelections ?? (item.required ? 1 : 0),
    max: item.maxSelections ?? item.choices.length,
  };
}

function validateMulti(item: Item, raw: RawAnswer): Result<AnswerValue, AnswerError> {
  const codes = Array.isArray(raw) ? raw.map(String) : String(raw).split(',').map((c) => c.trim()).filter(Boolean);
  const seen = new Set<string>();
  for (const code of codes) {
    if (!item.choices.some((c) => c.code === code)) return err({ code: 'choice.unknown', value: code });
    if (seen.has(code)) return err({ code: 'multi.duplicate', value: code });
    seen.add(code);
  }
  const exclusive = codes.length > 1 ? item.choices.find((c) => c.exclusive && seen.has(c.code)) : undefined;
  if (exclusive) return err({ code: 'multi.exclusive', value: exclusive.code, label: exclusive.label });
  const { min, max } = selectionBounds(item);
  if (codes.length < min) return err({ code: 'multi.too_few', min });
  if (codes.length > max) return err({ code: 'multi.too_many', max });
  // Stored in the definition's order, so the same selection always reads the same.
  return ok(item.choices.map((c) => c.code).filter((code) => seen.has(code)));
}

function validateScale(item: Item, raw: RawAnswer): Result<AnswerValue, AnswerError> {
  const { min, max } = item.scale ?? { min: 0, max: 10 };
  const text = (Array.isArray(raw) ? raw.join(',') : String(raw)).trim();
  const bounds = { value: text, min, max };
  if (!/^[+-]?\d+([.,]\d+)?$/.test(text)) return err({ code: 'scale.not_a_number', ...bounds });
  if (!/^[+-]?\d+$/.test(text)) return err({ code: 'scale.not_integer', ...bounds });
  const value = Number(text);
  if (value < min || value > max) return err({ code: 'scale.out_of_range', ...bounds });
  return ok(value);
}

function validateText(item: Item, raw: RawAnswer): Result<AnswerValue, AnswerError> {
  const text = (Array.isArray(raw) ? raw.join(', ') : String(raw)).trim();
  if (text.length === 0) return err({ code: 'text.empty' });
  if (item.format === 'integer' || item.format === 'decimal') return validateNumber(item, text);
  if (item.format === 'date') return validateDate(text);
  const max = item.maxLength ?? DEFAULT_TEXT_MAX_LENGTH;
  if (text.length > max) return err({ code: 'text.too_long', max, length: text.length });
  const identifier = findIdentifier(text);
  if (identifier) return err({ code: 'text.identifier', kind: identifier });
  return ok(text);
}

/** Echoed back in an error: enough to recognise the input, never a pasted page. */
const ECHO_LENGTH = 40;
const echo = (text: string) => (text.length > ECHO_LENGTH ? `${text.slice(0, ECHO_LENGTH)}…` : text);

function validateNumber(item: Item, text: string): Result<AnswerValue, AnswerError> {
  const integer = item.format === 'integer';
  // A decimal comma is what French speakers type; thousands separators are not accepted.
  const pattern = integer ? /^[+-]?\d+$/ : /^[+-]?\d+([.,]\d+)?$/;
  if (!pattern.test(text)) return err({ code: 'number.invalid', value: echo(text), integer });
  const value = Number(text.replace(',', '.'));
  const min = item.min ?? null;
  const max = item.max ?? null;
  if ((min !== null && value < min) || (max !== null && value > max)) return err({ code: 'number.out_of_range', value: echo(text), min, max });
  return ok(value);
}

/** A date typed as YYYY-MM-DD or DD/MM/YYYY (also with - or .), stored as YYYY-MM-DD. */
function validateDate(text: string): Result<AnswerValue, AnswerError> {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : dmy ? [dmy[3], dmy[2], dmy[1]] : [];
  if (year === undefined || month === undefined || day === undefined) return err({ code: 'date.invalid', value: echo(text) });
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const stored = date.toISOString().slice(0, 10);
  const expected = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  // Date.UTC rolls 31/02 over to March: a date that does not read back the same does not exist.
  return stored === expected ? ok(stored) : err({ code: 'date.invalid', value: echo(text) });
}

/**
 * Reads a typed line the way the terminal and chat text replies present choices: the option
 * number (1-based) for a single choice, comma-separated numbers for a multiple choice, the
 * number itself for a scale, the line itself for a text. Choice codes are accepted too.
 */
export function interpretTypedAnswer(item: Item, line: string): Result<RawAnswer, AnswerError> {
  const text = line.trim();
  if (item.type === 'single') return choiceFromTyped(item, text);
  if (item.type === 'multi') {
    const codes: string[] = [];
    for (const part of text.split(/[,;\s]+/).filter(Boolean)) {
      const code = choiceFromTyped(item, part);
      if (!code.ok) return code;
      codes.push(code.value);
    }
    return ok(codes);
  }
  return ok(text);
}

function choiceFromTyped(item: Item, text: string): Result<string, AnswerError> {
  if (/^\d+$/.test(text)) {
    const choice = item.choices[Number(text) - 1];
    if (!choice) return err({ code: 'choice.out_of_range', value: text, max: item.choices.length });
    return ok(choice.code);
  }
  const choice = item.choices.find((c) => c.code === text);
  return choice ? ok(choice.code) : err({ code: 'choice.unknown', value: text });
}
