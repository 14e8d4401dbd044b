/**
 * Turns the mapped cells of one CSV row into a response, checking each value exactly as the
 * chat does (validateAnswer, the identifier check on free text included) and the skip rules:
 * an answer to an item the respondent would not have been asked is refused, and a response
 * said to be complete must answer every required item it was asked.
 */
import { validateAnswer, type AnswerValue, type RawAnswer } from '../../survey/answers.ts';
import type { Definition, Item } from '../../survey/definition.ts';
import { relevantItems } from '../../survey/engine.ts';
import type { ImportedResponse, ResponseStatus } from '../ports.ts';
import { clip, type ImportProblem } from './problems.ts';

export interface MappedCell {
  readonly raw: RawAnswer;
  /** The text as it was in the file, for messages. */
  readonly text: string;
  readonly column: number;
  readonly header: string;
}

export function buildResponse(
  definition: Definition,
  line: number,
  cells: ReadonlyMap<string, MappedCell>,
  declared: ResponseStatus | null,
  day: string,
  problems: ImportProblem[],
): ImportedResponse | null {
  const answers: Record<string, AnswerValue> = {};
  let valid = true;
  for (const item of definition.items) {
    const cell = cells.get(item.code);
    if (!cell) continue;
    const value = validateAnswer(item, cell.raw);
    if (value.ok) answers[item.code] = value.value;
    else {
      valid = false;
      problems.push({ code: 'value.invalid', line, column: cell.column, header: cell.header, value: clip(cell.text), reason: value.error });
    }
  }
  if (!valid) return null;
  if (Object.keys(answers).length === 0) return null;
  const relevant = relevantItems(definition, answers);
  const asked = new Set(relevant.map((i) => i.code));
  for (const code of Object.keys(answers)) {
    if (asked.has(code)) continue;
    const cell = cells.get(code);
    valid = false;
    problems.push({ code: 'value.not_relevant', line, column: cell?.column ?? 0, header: cell?.header ?? code, item: code });
  }
  if (!valid) return null;
  const missing = relevant.filter((item) => item.required && answers[item.code] === undefined);
  if (declared === 'complete' && missing[0]) {
    problems.push({ code: 'response.incomplete', line, item: missing[0].code });
    return null;
  }
  const status: ResponseStatus = declared ?? (missing.length === 0 ? 'complete' : 'in_progress');
  return {
    status,
    cursor: status === 'complete' ? null : resumeCursor(relevant, answers),
    answers,
    startedDay: day,
    completedDay: status === 'complete' ? day : null,
  };
}

/**
 * Where an interrupted respondent would resume: the relevant item after the last one they
 * answered (the drop-off point), or the last relevant item if they answered everything.
 */
export function resumeCursor(relevant: readonly Item[], answers: Readonly<Record<string, AnswerValue>>): string | null {
  let last = -1;
  relevant.forEach((item, index) => {
    if (answers[item.code] !== undefined) last = index;
  });
  return (relevant[last + 1] ?? relevant[relevant.length - 1])?.code ?? null;
}
