/**
 * Why an import is refused: every header or value that cannot be mapped, with the line of the
 * file and the column (1-based, as a spreadsheet numbers them) where it sits. Stable codes;
 * the report module words them in French or English.
 */
import type { AnswerError } from '../../survey/errors.ts';
import type { CsvSyntaxError } from '../csv.ts';
import type { EncodingProblem } from './encoding.ts';

/** At most this many characters of a field appear in a message (a 48 MB field is not echoed). */
export const ECHO_LIMIT = 80;

/** A field as a message quotes it: control characters shown as spaces, cut at ECHO_LIMIT. */
export function clip(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  const chars = Array.from(flat.length > ECHO_LIMIT * 4 ? flat.slice(0, ECHO_LIMIT * 4) : flat);
  return chars.length > ECHO_LIMIT ? `${chars.slice(0, ECHO_LIMIT).join('')}… (${flat.length})` : flat;
}

/** Stop reading a refused file after this many problems: the first ones are what to fix. */
export const MAX_PROBLEMS = 100;

interface At {
  readonly line: number;
  readonly column: number;
  /** The column's header, to name it in the message. */
  readonly header: string;
}

export type ImportProblem =
  | CsvSyntaxError
  | EncodingProblem
  | { readonly code: 'csv.record_too_large'; readonly line: number; readonly limit: number }
  | { readonly code: 'file.too_many_problems'; readonly line: number }
  | { readonly code: 'file.empty' }
  | { readonly code: 'file.no_rows' }
  | { readonly code: 'header.format'; readonly line: number }
  | (At & { readonly code: 'header.unknown' })
  | (At & { readonly code: 'header.duplicate'; readonly item: string })
  | { readonly code: 'row.width'; readonly line: number; readonly expected: number; readonly actual: number }
  | (At & { readonly code: 'value.invalid'; readonly value: string; readonly reason: AnswerError })
  | (At & { readonly code: 'value.flag'; readonly value: string })
  | (At & { readonly code: 'value.partial_choices' })
  | (At & { readonly code: 'value.unknown_label'; readonly value: string })
  | (At & { readonly code: 'value.not_relevant'; readonly item: string })
  | (At & { readonly code: 'value.timestamp'; readonly value: string })
  | { readonly code: 'response.incomplete'; readonly line: number; readonly item: string };

export type ImportProblemCode = ImportProblem['code'];

/** What an import that went through still tells the researcher. */
export type ImportNotice =
  | { readonly code: 'notice.converted'; readonly encoding: string }
  | { readonly code: 'notice.delimiter'; readonly delimiter: ';' | '\t' }
  | { readonly code: 'notice.duplicate_rows'; readonly count: number; readonly examples: readonly { line: number; repeats: number }[] };
