/**
 * The export read by R (or a spreadsheet): `responses.csv` with one row per participant and
 * one column per item code, and `codebook.csv` describing every column.
 *
 * responses.csv: `complete` (1 or 0), then per item in questionnaire order: a single choice as
 * its choice code, a multiple choice as one 0/1 column per choice (`q21__speed`), a scale as
 * an integer, a text as itself; empty where the item was not answered (skipped, not asked, or
 * not reached). Rows come in the source's order, which carries no time information; there is
 * no id or day column, so the file holds nothing that dates or points at a respondent.
 * In R: read.csv("responses.csv", na.strings = "", encoding = "UTF-8").
 */
import type { AnswerValue } from '../../survey/answers.ts';
import type { Definition, Item } from '../../survey/definition.ts';
import { toCsv } from '../csv.ts';
import { isParticipant } from '../summaries.ts';

export const COMPLETE_COLUMN = 'complete';
export const CHOICE_SEPARATOR = '__';

/** The data columns of an item. */
export function itemColumns(item: Item): string[] {
  return item.type === 'multi' ? item.choices.map((c) => `${item.code}${CHOICE_SEPARATOR}${c.code}`) : [item.code];
}

export function responseColumns(definition: Definition): string[] {
  return [COMPLETE_COLUMN, ...definition.items.flatMap(itemColumns)];
}

function cells(item: Item, value: AnswerValue | undefined): string[] {
  if (item.type === 'multi') {
    const chosen = Array.isArray(value) ? value : null;
    return item.choices.map((c) => (chosen === null ? '' : chosen.includes(c.code) ? '1' : '0'));
  }
  if (value === undefined) return [''];
  return [Array.isArray(value) ? value.join(',') : String(value)];
}

export function exportResponses(
  definition: Definition,
  rows: readonly { readonly status: string; readonly answers: Readonly<Record<string, AnswerValue>> }[],
  options: { bom?: boolean } = {},
): string {
  const lines = rows
    .filter(isParticipant)
    .map((row) => [row.status === 'complete' ? '1' : '0', ...definition.items.flatMap((item) => cells(item, row.answers[item.code]))]);
  return toCsv([responseColumns(definition), ...lines], options);
}

export const CODEBOOK_COLUMNS = ['code', 'item', 'type', 'value', 'label_fr', 'label_en', 'scale_min', 'scale_max', 'relevant'];

/**
 * One row per column of responses.csv with the question's wording (value empty), then one row
 * per value that has a label: the choices of a single choice, "1" for each column of a
 * multiple choice, the two ends of a scale.
 */
export function exportCodebook(definition: Definition, options: { bom?: boolean } = {}): string {
  const rows: string[][] = [
    [COMPLETE_COLUMN, '', 'flag', '', 'Réponse complète (1) ou interrompue (0)', 'Complete (1) or interrupted (0) response', '', '', ''],
  ];
  for (const item of definition.items) {
    const relevant = item.relevant?.source ?? '';
    const scale = item.scale ? [String(item.scale.min), String(item.scale.max)] : ['', ''];
    const row = (code: string, value: string, fr: string, en: string) => [code, item.code, item.type, value, fr, en, ...scale, relevant];
    if (item.type === 'multi') {
      rows.push(row(item.code, '', item.label.fr, item.label.en));
      for (const choice of item.choices) {
        rows.push(row(`${item.code}${CHOICE_SEPARATOR}${choice.code}`, '1', choice.label.fr, choice.label.en));
      }
      continue;
    }
    rows.push(row(item.code, '', item.label.fr, item.label.en));
    for (const choice of item.choices) rows.push(row(item.code, choice.code, choice.label.fr, choice.label.en));
    if (item.scale) {
      rows.push(row(item.code, String(item.scale.min), item.scale.minLabel.fr, item.scale.minLabel.en));
      rows.push(row(item.code, String(item.scale.max), item.scale.maxLabel.fr, item.scale.maxLabel.en));
    }
  }
  return toCsv([CODEBOOK_COLUMNS, ...rows], options);
}
