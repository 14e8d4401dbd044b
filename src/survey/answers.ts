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
  const max = item.maxLength ?? DEFAULT_TEXT_MAX_LENGTH;
  if (text.length > max) return err({ code: 'text.too_long', max, length: text.length });
  const identifier = findIdentifier(text);
  if (identifier) return err({ code: 'text.identifier', kind: identifier });
  return ok(text);
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
