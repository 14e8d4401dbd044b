/** Import problems in words, each with its line and column, for the CLI and its tests. */
import type { Language } from '../../shared/language.ts';
import { describeError } from '../../i18n/index.ts';
import type { ImportProblem } from '../transfer/problems.ts';
import { colon } from './format.ts';
import { texts } from './texts.ts';

export function importProblemText(language: Language, problem: ImportProblem): string {
  const T = texts(language);
  const where = 'header' in problem ? T.at({ line: problem.line, column: problem.column, header: problem.header }) : 'line' in problem ? T.line({ line: problem.line }) : '';
  const what = ((): string => {
    switch (problem.code) {
      case 'csv.unterminated_quote':
      case 'csv.stray_quote':
      case 'csv.text_after_quote':
        return `${T[`import.${problem.code}`]} (${T.at({ line: problem.line, column: problem.column, header: '…' })})`;
      case 'file.empty':
      case 'file.no_rows':
      case 'header.format':
      case 'header.unknown':
      case 'value.partial_choices':
        return T[`import.${problem.code}`];
      case 'header.duplicate':
        return T['import.header.duplicate']({ item: problem.item });
      case 'row.width':
        return T['import.row.width']({ expected: problem.expected, actual: problem.actual });
      case 'value.invalid':
        return T['import.value.invalid']({ value: problem.value, reason: describeError(language, problem.reason) });
      case 'value.flag':
      case 'value.unknown_label':
      case 'value.timestamp':
        return T[`import.${problem.code}`]({ value: problem.value });
      case 'value.not_relevant':
      case 'response.incomplete':
        return T[`import.${problem.code}`]({ item: problem.item });
    }
  })();
  if (problem.code.startsWith('csv.')) return what;
  return where ? `${where}${colon(language)}${what}` : what;
}
