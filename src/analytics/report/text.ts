/**
 * The results as chat text, in French or English: the overview (/results), one item
 * (/results item:… by:…) and Table 1 (/table1). Plain lines; adapters split them to their
 * message limits with splitText (src/shared/split-text.ts).
 */
import type { Language } from '../../shared/language.ts';
import type { LabelledCell, PublishedComparison, PublishedItem } from '../published.ts';
import type { ItemResult, OverviewResult, Table1Result } from '../service.ts';
import { comparisonBlock, table1Row } from './comparison-text.ts';
import { colon, countAndShare, decimal, interval, percent, share, total } from './format.ts';
import { texts } from './texts.ts';

/** How many choices the overview lists before "+ n more". */
const OVERVIEW_CHOICES = 6;

function header(result: OverviewResult | ItemResult | Table1Result, language: Language): string[] {
  const T = texts(language);
  const status = result.survey.status === 'open' ? T.statusOpen : T.statusClosed;
  return [`${T.title({ title: result.definition.title[language] })} (${status})`];
}

export function overviewText(result: OverviewResult, language: Language): string {
  const T = texts(language);
  const K = result.minCell;
  const { participation } = result;
  const rate = participation.completionRate === null ? '—' : percent(participation.completionRate, language);
  const lines = [
    ...header(result, language),
    T.participation({ participants: participation.participants, complete: participation.complete, rate }),
    '',
    participation.dropOff.length === 0 ? T.noDropOff : T.dropOff,
  ];
  if (participation.dropOff.length > 0) {
    const span = (d: (typeof participation.dropOff)[number]) => (d.itemCode === d.lastCode ? d.itemCode : `${d.itemCode}–${d.lastCode}`);
    lines.push(participation.dropOff.map((d) => `${span(d)}${colon(language)}${total(d.count, K)}`).join(' · '));
  } else if (participation.participants > participation.complete) {
    lines.push(T.dropOffFew({ k: K }));
  }
  lines.push('', T.sectionItems({ complete: participation.complete }));
  for (const item of result.items) lines.push(overviewLine(item, language, K));
  lines.push('', ...legend(hiddenIn(result.items, []), language, K), T.hint);
  return lines.join('\n');
}

function ranked(cells: readonly LabelledCell[]): LabelledCell[] {
  const count = (c: LabelledCell) => (c.cell.kind === 'shown' ? c.cell.count : -1);
  return [...cells].sort((a, b) => count(b) - count(a));
}

function choiceList(cells: readonly LabelledCell[], language: Language, limit: number): string {
  const T = texts(language);
  const shown = cells.slice(0, limit).map((c) => `${c.label[language]} ${share(c.cell, language)}`);
  if (cells.length > limit) shown.push(T.moreChoices({ count: cells.length - limit }));
  return shown.join(' · ');
}

function overviewLine(item: PublishedItem, language: Language, K: number): string {
  const T = texts(language);
  const head = `${item.code} · ${item.shortLabel[language]} (n = ${total(item.n, K)})`;
  if (item.hidden) return `${item.code} · ${item.shortLabel[language]}${colon(language)}${T[`hidden.${item.hidden}`]}`;
  if (item.n.kind !== 'shown') return head;
  const sep = colon(language);
  switch (item.type) {
    case 'single':
      return head + sep + choiceList(item.categories.length > OVERVIEW_CHOICES ? ranked(item.categories) : item.categories, language, OVERVIEW_CHOICES - 1);
    case 'multi':
      return head + sep + choiceList(ranked(item.choices), language, OVERVIEW_CHOICES);
    case 'scale': {
      const buckets = item.buckets.map((b) => `${b.label[language]} ${share(b.cell, language)}`).join(' · ');
      const mean = item.stats ? ` · ${T.scaleStats({ mean: decimal(item.stats.mean, language), median: medianText(item.stats.median, language), sd: item.stats.sd === null ? '—' : decimal(item.stats.sd, language) })}` : '';
      return head + sep + buckets + mean;
    }
    case 'text':
      return `${item.code} · ${item.shortLabel[language]}${sep}${T.comments({ n: total(item.n, K) })}`;
  }
}

function cellLine(cell: LabelledCell, language: Language, K: number): string {
  const T = texts(language);
  const ci = interval(cell.cell, language);
  return `  ${cell.label[language]}${colon(language)}${countAndShare(cell.cell, language, K)}${ci ? ` — ${T.ci} ${ci}` : ''}`;
}

export function itemText(result: ItemResult, language: Language): string {
  const T = texts(language);
  const K = result.minCell;
  const { item } = result;
  const lines = [...header(result, language), '', `${item.code} — ${item.label[language]}`, T.n({ n: total(item.n, K) })];
  if (item.hidden) lines.push(T[`hidden.${item.hidden}`]);
  else switch (item.type) {
    case 'single':
      for (const c of item.categories) lines.push(cellLine(c, language, K));
      break;
    case 'multi':
      lines.push(T.multiNote);
      for (const c of item.choices) lines.push(cellLine(c, language, K));
      break;
    case 'scale':
      for (const c of item.buckets) lines.push(cellLine(c, language, K));
      if (item.stats) {
        const sd = item.stats.sd === null ? '—' : decimal(item.stats.sd, language);
        lines.push(`  ${T.scaleStats({ mean: decimal(item.stats.mean, language), median: medianText(item.stats.median, language), sd })}`);
      }
      break;
    case 'text':
      if (item.comments === null) lines.push(T.commentsHidden({ k: K }));
      else {
        lines.push(T.commentsList);
        for (const comment of item.comments) lines.push(`• ${comment.replace(/\s*\n\s*/g, ' ')}`);
      }
      break;
  }
  for (const comparison of result.comparisons ?? []) lines.push('', ...comparisonBlock(comparison, language, K));
  lines.push('', ...legend(hiddenIn([item], result.comparisons ?? []), language, K));
  return lines.join('\n');
}

export function table1Text(result: Table1Result, language: Language): string {
  const T = texts(language);
  const K = result.minCell;
  const lines = [...header(result, language), '', T.table1Title, T.table1Intro];
  result.table.groupings.forEach((grouping, g) => {
    const first = result.table.rows.map((row) => row.comparisons[g]).find((c) => c !== undefined && c.groups.length > 0);
    const groups = first ? ` (${first.groups.map((x) => x.label[language]).join(` ${T.versus} `)})` : '';
    lines.push('', T.table1Grouping({ grouping: grouping.label[language] }) + groups);
    for (const row of result.table.rows) {
      const comparison = row.comparisons[g];
      if (comparison) lines.push(...table1Row(comparison, language, K));
    }
  });
  lines.push('', ...legend(hiddenIn([], result.table.rows.flatMap((r) => r.comparisons)), language, K));
  return lines.join('\n');
}

/** A median of integers is an integer or a half: "8", "8,5". */
function medianText(value: number, language: Language): string {
  return Number.isInteger(value) ? String(value) : decimal(value, language);
}

/** Whether anything in these results prints as "—". */
function hiddenIn(items: readonly PublishedItem[], comparisons: readonly PublishedComparison[]): boolean {
  const cells = (item: PublishedItem) =>
    item.type === 'single' ? item.categories : item.type === 'multi' ? item.choices : item.type === 'scale' ? item.buckets : [];
  return (
    items.some((i) => !i.hidden && (i.n.kind !== 'shown' || cells(i).some((c) => c.cell.kind !== 'shown'))) ||
    comparisons.some((c) => c.groups.some((g) => g.n.kind !== 'shown' || g.cells.some((cell) => cell.kind !== 'shown')))
  );
}

/** The mark "—" explained once per reply, in plain words, only when the reply has one. */
function legend(hidden: boolean, language: Language, K: number): string[] {
  return hidden ? [texts(language).legend({ k: K })] : [];
}
