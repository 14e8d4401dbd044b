/**
 * Why an import is refused: every header or value that cannot be mapped, with the line of the
 * file and the column (1-based, as a spreadsheet numbers them) where it sits. Stable codes;
 * the report module words them in French or English.
 */
import type { AnswerError } from '../../survey/errors.ts';
import type { CsvSyntaxError } from '../csv.ts';

interface At {
  readonly line: number;
  readonly column: number;
  /** The column's header, to name it in the message. */
  readonly header: string;
}

export type ImportProblem =
  | CsvSyntaxError
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
