/** Import problems in words, each with its line and column, for the CLI and its tests. */
import type { Language } from '../../shared/language.ts';
import { describeError } from '../../i18n/index.ts';
import type { ImportNotice, ImportProblem } from '../transfer/problems.ts';
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
      case 'encoding.utf32':
        return T['import.encoding.utf32'];
      case 'encoding.invalid_utf8':
      case 'encoding.invalid_utf16':
        return T[`import.${problem.code}`]({ offset: problem.offset });
      case 'encoding.binary':
      case 'encoding.unknown':
        return T[`import.${problem.code}`]({ offset: problem.offset, byte: `0x${problem.byte.toString(16).padStart(2, '0').toUpperCase()}` });
      case 'csv.record_too_large':
        return T['import.csv.record_too_large']({ limit: problem.limit });
      case 'file.too_many_problems':
        return T['import.file.too_many_problems'];
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

/** What an import that went through reports besides its count. */
export function importNoticeText(language: Language, notice: ImportNotice): string {
  const T = texts(language);
  switch (notice.code) {
    case 'notice.converted':
      return T['import.notice.converted']({ encoding: notice.encoding });
    case 'notice.delimiter':
      return T['import.notice.delimiter']({ delimiter: notice.delimiter === ';' ? ';' : 'tab' });
    case 'notice.duplicate_rows':
      return T['import.notice.duplicate_rows']({
        count: notice.count,
        examples: notice.examples.map((e) => T['import.notice.duplicate_example']({ line: e.line, repeats: e.repeats })).join(', '),
      });
  }
}
