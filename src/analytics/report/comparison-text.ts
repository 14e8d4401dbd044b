/** Subgroup comparisons as text lines: shares per subgroup, the test, Cramér's V, Holm's p. */
import type { Language } from '../../shared/language.ts';
import type { PublishedComparison, PublishedGroup } from '../published.ts';
import { formatPValue } from '../stats/format.ts';
import { colon, countAndShare, decimal, HIDDEN, share, total } from './format.ts';
import { texts } from './texts.ts';

/** "q13 · Rassuré(e) ≥ 8", "q21 · La rapidité des réponses", "A déjà sollicité un avis". */
export function outcomeTitle(comparison: PublishedComparison, language: Language): string {
  const { outcome } = comparison;
  const label = outcome.label[language];
  if (outcome.reported === 'true') return label;
  const [itemCode] = outcome.code.split('__');
  if (outcome.reported === 'high') {
    const high = comparison.categories.find((c) => c.code === 'high')?.label[language] ?? '';
    return `${itemCode} · ${label} ${high}`;
  }
  return `${itemCode} · ${label}`;
}

function reportedIndex(comparison: PublishedComparison): number {
  return comparison.outcome.reported === null ? -1 : comparison.categories.findIndex((c) => c.code === comparison.outcome.reported);
}

/** The test in one line: which test, its p, Cramér's V, Holm-adjusted p. */
export function testLine(comparison: PublishedComparison, language: Language): string {
  const T = texts(language);
  const test = comparison.test;
  if (comparison.testWithheld) return T.testWithheld;
  if (!test) return T.notTestable;
  const parts =
    test.fisherP === null
      ? [T.testChi({ p: formatPValue(test.chiSquared.p, language), statistic: decimal(test.chiSquared.statistic, language, 2), df: test.chiSquared.df })]
      : test.replicates === null
        ? [T.testFisher({ p: formatPValue(test.fisherP, language) })]
        : [T.testFisherSimulated({ p: formatPValue(test.fisherP, language), replicates: test.replicates })];
  parts.push(T.cramer({ v: decimal(test.cramersV, language, 2) }), T.holm({ p: formatPValue(test.pHolm, language) }));
  return parts.join(' · ');
}

function groupLine(comparison: PublishedComparison, group: PublishedGroup, language: Language, minCell: number): string {
  if (group.n.kind !== 'shown') return `${group.label[language]}${colon(language)}${HIDDEN}`;
  const head = `${group.label[language]} (n = ${total(group.n, minCell)})${colon(language)}`;
  const reported = reportedIndex(comparison);
  if (reported >= 0) {
    const cell = group.cells[reported];
    return head + (cell ? countAndShare(cell, language, minCell) : HIDDEN);
  }
  const parts = comparison.categories.map((c, i) => {
    const cell = group.cells[i];
    return `${c.label[language]} ${cell ? share(cell, language) : HIDDEN}`;
  });
  return head + parts.join(' · ');
}

/** A comparison in full, for /results item:… by:…. */
export function comparisonBlock(comparison: PublishedComparison, language: Language, minCell: number): string[] {
  const T = texts(language);
  const title = T.comparisonTitle({ item: outcomeTitle(comparison, language), grouping: comparison.grouping.label[language] });
  if (comparison.hidden) return [title, `  ${T[`hidden.${comparison.hidden}`]}`];
  return [title, ...comparison.groups.map((g) => `  ${groupLine(comparison, g, language, minCell)}`), `  ${testLine(comparison, language)}`];
}

/**
 * One Table 1 row: a binary outcome reads "70,0 % vs 52,3 % — p < 0,001 …"; an outcome with
 * more categories gives the test, then one line per subgroup.
 */
export function table1Row(comparison: PublishedComparison, language: Language, minCell: number): string[] {
  const T = texts(language);
  const title = outcomeTitle(comparison, language);
  const reported = reportedIndex(comparison);
  const sep = colon(language);
  if (comparison.hidden) return [`${title}${sep}${T[`hidden.${comparison.hidden}`]}`];
  if (reported >= 0) {
    const shares = comparison.groups.map((g) => {
      const cell = g.cells[reported];
      return cell ? share(cell, language) : HIDDEN;
    });
    return [`${title}${sep}${shares.join(` ${T.versus} `)} — ${testLine(comparison, language)}`];
  }
  return [`${title}${sep}${testLine(comparison, language)}`, ...comparison.groups.map((g) => `   ${groupLine(comparison, g, language, minCell)}`)];
}
