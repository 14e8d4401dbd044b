/**
 * French and English texts of the results (kept here rather than in src/i18n so that results
 * wording lives beside the code that lays it out). `en` must have every key of `fr`.
 */
import type { Language } from '../../shared/language.ts';

const fr = {
  title: (p: { title: string }) => `Résultats — « ${p.title} »`,
  statusOpen: 'questionnaire ouvert, résultats provisoires',
  statusClosed: 'questionnaire clos',
  participation: (p: { participants: number; complete: number; rate: string }) =>
    `${p.participants} participants (au moins une réponse) · ${p.complete} réponses complètes (taux de complétion ${p.rate})`,
  dropOff: 'Arrêts en cours de route, par groupe de questions où le questionnaire a été interrompu :',
  dropOffFew: (p: { k: number }) => `Moins de ${p.k} questionnaires interrompus : pas de détail par question.`,
  noDropOff: 'Aucun questionnaire interrompu.',
  sectionItems: (p: { complete: number }) =>
    `Réponses par question, sur les ${p.complete} réponses complètes (pourcentages des répondants à chaque question) :`,
  n: (p: { n: string }) => `n = ${p.n}`,
  scaleStats: (p: { mean: string; median: string; sd: string }) => `moyenne ${p.mean} · médiane ${p.median} · écart-type ${p.sd}`,
  multiNote: 'plusieurs réponses possibles : part des répondants ayant coché chaque option',
  moreChoices: (p: { count: number }) => `+ ${p.count} autre(s)`,
  comments: (p: { n: string }) => `${p.n} réponse(s) en texte libre`,
  commentsHidden: (p: { k: number }) => `Réponses non affichées tant qu’il y en a moins de ${p.k}.`,
  commentsList: 'Réponses (sans attribution, par ordre alphabétique) :',
  ci: 'IC 95 %',
  legend: (p: { k: number }) =>
    `« — » : nombre masqué, parce qu’il concerne moins de ${p.k} personnes ou qu’il permettrait de retrouver un tel nombre en additionnant ou soustrayant les résultats publiés.`,
  'hidden.few_respondents': 'non publié : trop peu de répondants, ou trop peu de personnes à qui la question n’a pas été posée ou qui n’y ont pas répondu.',
  'hidden.skip_rule': 'non publié : son nombre de répondants révélerait un nombre masqué de la question qui décide à qui elle est posée.',
  'hidden.unlinked_grouping': 'non publié : ce regroupement n’est pas protégé avec les autres résultats.',
  'hidden.linked': 'non publié : un nombre masqué ne pourrait pas être protégé autrement.',
  testWithheld: 'pas de test : avec un nombre masqué dans le tableau, la valeur de p permettrait de le retrouver',
  hint: '/results item:<code> pour le détail d’une question, by:<groupe> pour comparer (gp, underserved, age_group ou une question à choix unique), /table1 pour le tableau 1.',
  cliHint: '--item CODE pour le détail d’une question, --by GROUPE pour comparer (gp, underserved, age_group ou une question à choix unique), --table1 pour le tableau 1.',
  comparisonTitle: (p: { item: string; grouping: string }) => `${p.item} selon ${p.grouping}`,
  testChi: (p: { p: string; statistic: string; df: number }) => `χ² de Pearson = ${p.statistic} (ddl ${p.df}), ${p.p}`,
  testFisher: (p: { p: string }) => `test exact de Fisher (effectif attendu < 5), ${p.p}`,
  testFisherSimulated: (p: { p: string; replicates: number }) =>
    `test de Fisher (effectif attendu < 5), p simulé, B = ${p.replicates} (tableau trop grand pour le calcul exact), ${p.p}`,
  cramer: (p: { v: string }) => `V de Cramér = ${p.v}`,
  holm: (p: { p: string }) => `ajusté (Holm) : ${p.p}`,
  notTestable: 'non testable (un seul groupe ou une seule modalité représentés)',
  table1Title: 'Tableau 1 — Analyse en sous-groupes',
  table1Intro:
    'Part de chaque sous-groupe (note ≥ 8 pour les échelles 0–10) ; χ² de Pearson (correction de Yates en 2×2), test exact de Fisher quand un effectif attendu est < 5 (p simulé, B = 2000, pour les grands tableaux) ; p ajustés par la méthode de Holm sur l’ensemble du tableau.',
  table1Grouping: (p: { grouping: string }) => `▸ Selon : ${p.grouping}`,
  versus: 'vs',
  live: (p: { on: boolean }): string =>
    p.on
      ? 'Résultats en direct activés : les membres voient les résultats pendant que le questionnaire est ouvert.'
      : 'Résultats en direct désactivés : les membres verront les résultats à la clôture du questionnaire.',
  exported: (p: { count: number }) =>
    `Export de ${p.count} réponse(s) : responses.csv (une ligne par réponse, une colonne par question) et codebook.csv (libellés des questions et des choix). Données anonymes mais individuelles : à conserver en lieu sûr.`,
  'error.results.no_survey': 'Aucun questionnaire dans cette communauté.',
  'error.results.not_public':
    'Les résultats seront visibles à la clôture du questionnaire (ou plus tôt si un administrateur active les résultats en direct).',
  exportTooFew: (p: { minComplete: number }) =>
    `Pas encore d’export ici : la commande du chat attend ${p.minComplete} réponses complètes, parce qu’un fichier envoyé dans une conversation circule, et qu’avec moins de réponses chacune se reconnaît plus facilement. Sur la machine qui fait tourner le bot, « npm run export -- --out DOSSIER » exporte dès maintenant : la base de données y est déjà.`,
  'error.results.too_few': (p: { minComplete: number }) =>
    `Pas encore de résultats : ils apparaissent à partir de ${p.minComplete} réponses complètes, pour protéger l’anonymat.`,
  'error.results.admin_only': 'Réservé aux administrateurs de la communauté.',
  'error.results.by_without_item': 'Précisez la question à comparer : /results item:q13 by:gp.',
  'error.results.unknown_item': (p: { item: string }) => `Question inconnue : ${p.item}.`,
  'error.results.unknown_grouping': (p: { grouping: string }) =>
    `Regroupement inconnu : ${p.grouping}. Possibles : gp, underserved, age_group ou une question à choix unique.`,
  'error.results.not_comparable': (p: { item: string }) => `${p.item} est une question ouverte : elle ne se compare pas entre sous-groupes.`,
  'error.results.same_variable': (p: { item: string }) => `${p.item} sert à définir ce regroupement : la comparaison n’a pas de sens.`,
  // Charts
  figCharacteristics: 'Caractéristiques des participants',
  figCharacteristicsNote: 'Effectifs de participants',
  figStacked: 'Notes de 0 (pas du tout d’accord) à 10 (tout à fait d’accord)',
  figMulti: 'Plusieurs réponses possibles ; effectifs de participants',
  figGrouped: (p: { grouping: string }) => `Selon : ${p.grouping}`,
  figGroupedTable1: 'Tableau 1 — part de chaque sous-groupe (note ≥ 8 pour les échelles 0–10)',
  figStackedTitle: (p: { items: string }) => `Énoncés notés de 0 à 10 (${p.items})`,
  figHidden: (p: { k: number }) => `Barres de moins de ${p.k} personnes non affichées.`,
  nParticipants: (p: { n: string }) => `n = ${p.n} participants`,
  nRespondents: (p: { n: string }) => `n = ${p.n} répondants`,
  // Import
  importDone: (p: { count: number; format: string }) => `${p.count} réponse(s) importée(s) (${p.format}).`,
  importRefused: (p: { count: number }) => `Import refusé, rien n’a été importé : ${p.count} problème(s).`,
  importMore: (p: { count: number }) => `… et ${p.count} autre(s).`,
  importNoFile: (p: { file: string }) => `Fichier introuvable : ${p.file}`,
  at: (p: { line: number; column: number; header: string }) => `ligne ${p.line}, colonne ${p.column} (${p.header})`,
  'import.csv.unterminated_quote': 'guillemet ouvert jamais fermé',
  'import.csv.stray_quote': 'guillemet au milieu d’un champ',
  'import.csv.text_after_quote': 'texte après le guillemet fermant',
  'import.file.empty': 'le fichier est vide',
  'import.file.no_rows': 'aucune réponse dans le fichier',
  'import.header.format':
    'format non reconnu : attendu un export Confrères (colonne « complete ») ou un export Google Forms (première colonne « Horodateur » ou « Timestamp »)',
  'import.header.unknown': 'en-tête qui ne correspond à aucune question',
  'import.header.duplicate': (p: { item: string }) => `deuxième colonne pour la question ${p.item}`,
  'import.row.width': (p: { expected: number; actual: number }) => `${p.actual} champs au lieu de ${p.expected}`,
  'import.value.invalid': (p: { value: string; reason: string }) => `valeur « ${p.value} » refusée : ${p.reason}`,
  'import.value.flag': (p: { value: string }) => `« ${p.value} » : attendu 1 ou 0`,
  'import.value.partial_choices': 'choix multiple rempli en partie : toutes ses colonnes doivent valoir 1 ou 0, ou être vides',
  'import.value.unknown_label': (p: { value: string }) => `« ${p.value} » ne correspond à aucun choix de la question`,
  'import.value.not_relevant': (p: { item: string }) => `réponse à ${p.item}, question qui n’est pas posée à ce répondant (règle de saut)`,
  'import.value.timestamp': (p: { value: string }) => `horodatage illisible « ${p.value} »`,
  'import.response.incomplete': (p: { item: string }) => `réponse marquée complète mais sans réponse à ${p.item}`,
  'import.encoding.utf32': 'encodage UTF-32 non pris en charge : enregistrez le fichier en UTF-8',
  'import.encoding.invalid_utf8': (p: { offset: number }) =>
    `encodage : le fichier annonce UTF-8 (marque d’ordre des octets) mais contient des octets invalides (octet ${p.offset}) ; enregistrez-le en « CSV UTF-8 »`,
  'import.encoding.invalid_utf16': (p: { offset: number }) => `encodage : UTF-16 invalide (octet ${p.offset}) ; enregistrez le fichier en « CSV UTF-8 »`,
  'import.encoding.binary': (p: { offset: number; byte: string }) =>
    `encodage non reconnu : octet de contrôle ${p.byte} à l’octet ${p.offset} (fichier binaire, ou UTF-16 sans marque d’ordre des octets) ; enregistrez le fichier en « CSV UTF-8 »`,
  'import.encoding.unknown': (p: { offset: number; byte: string }) =>
    `encodage non reconnu : ni UTF-8 ni Windows-1252 (octet ${p.byte} à l’octet ${p.offset}) ; enregistrez le fichier en « CSV UTF-8 »`,
  'import.csv.record_too_large': (p: { limit: number }) => `ligne trop longue (plus de ${p.limit} caractères) : lecture arrêtée`,
  'import.file.too_many_problems': 'lecture arrêtée après les 100 premiers problèmes',
  'import.notice.converted': (p: { encoding: string }) => `Fichier lu en ${p.encoding} (pas en UTF-8) et converti.`,
  'import.notice.delimiter': (p: { delimiter: string }) => `Séparateur de champs : ${p.delimiter === 'tab' ? 'tabulation' : '« ; »'}.`,
  'import.notice.duplicate_rows': (p: { count: number; examples: string }) =>
    `${p.count} ligne(s) identique(s) à une ligne précédente du fichier, importée(s) quand même : ${p.examples}.`,
  'import.notice.duplicate_example': (p: { line: number; repeats: number }) => `ligne ${p.line} (= ligne ${p.repeats})`,
  'import.refusal.file_already_imported': 'Import refusé : ce fichier a déjà été importé dans cette enquête. Pour l’importer une deuxième fois : --allow-duplicates.',
  'import.refusal.rows_already_present': (p: { count: number }) =>
    `Import refusé : ${p.count} ligne(s) de ce fichier sont déjà dans cette enquête (importées auparavant). Pour les importer quand même : --allow-duplicates.`,
  line: (p: { line: number }) => `ligne ${p.line}`,
};

export type ReportTexts = typeof fr;

const en: ReportTexts = {
  title: (p) => `Results — “${p.title}”`,
  statusOpen: 'survey open, provisional results',
  statusClosed: 'survey closed',
  participation: (p) =>
    `${p.participants} participants (at least one answer) · ${p.complete} complete responses (completion rate ${p.rate})`,
  dropOff: 'Drop-off, by the group of items where the survey was left:',
  dropOffFew: (p) => `Fewer than ${p.k} interrupted responses: no breakdown by item.`,
  noDropOff: 'No interrupted response.',
  sectionItems: (p) => `Answers by item, over the ${p.complete} complete responses (percentages of the respondents to each item):`,
  n: (p) => `n = ${p.n}`,
  scaleStats: (p) => `mean ${p.mean} · median ${p.median} · SD ${p.sd}`,
  multiNote: 'several answers possible: share of respondents who ticked each option',
  moreChoices: (p) => `+ ${p.count} more`,
  comments: (p) => `${p.n} free-text answer(s)`,
  commentsHidden: (p) => `Answers are not shown while there are fewer than ${p.k}.`,
  commentsList: 'Answers (unattributed, in alphabetical order):',
  ci: '95% CI',
  legend: (p) =>
    `“—”: a hidden number, because it concerns fewer than ${p.k} people or would let such a number be worked out by adding or subtracting published results.`,
  'hidden.few_respondents': 'withheld: too few respondents, or too few people who were not asked or did not answer.',
  'hidden.skip_rule': 'withheld: its number of respondents would reveal a hidden number of the question that decides who is asked it.',
  'hidden.unlinked_grouping': 'withheld: this grouping is not protected together with the other results.',
  'hidden.linked': 'withheld: a hidden number could not be protected otherwise.',
  testWithheld: 'no test: with a hidden number in the table, the p-value would let it be worked out',
  hint: '/results item:<code> for one item, by:<grouping> to compare (gp, underserved, age_group or a single-choice item), /table1 for Table 1.',
  cliHint: '--item CODE for one item, --by GROUPING to compare (gp, underserved, age_group or a single-choice item), --table1 for Table 1.',
  comparisonTitle: (p) => `${p.item} by ${p.grouping}`,
  testChi: (p) => `Pearson’s χ² = ${p.statistic} (df ${p.df}), ${p.p}`,
  testFisher: (p) => `Fisher’s exact test (expected count < 5), ${p.p}`,
  testFisherSimulated: (p) => `Fisher’s test (expected count < 5), simulated, B = ${p.replicates} (table too large for the exact test), ${p.p}`,
  cramer: (p) => `Cramér’s V = ${p.v}`,
  holm: (p) => `Holm-adjusted: ${p.p}`,
  notTestable: 'not testable (only one group or one category represented)',
  table1Title: 'Table 1 — Subgroup analysis',
  table1Intro:
    'Share of each subgroup (score ≥ 8 for 0–10 items); Pearson’s χ² (Yates’ correction on 2×2), Fisher’s exact test where an expected count is < 5 (simulated p, B = 2000, for large tables); p-values Holm-adjusted across the whole table.',
  table1Grouping: (p) => `▸ By: ${p.grouping}`,
  versus: 'vs',
  live: (p) =>
    p.on
      ? 'Live results on: members see results while the survey is open.'
      : 'Live results off: members will see results when the survey closes.',
  exported: (p) =>
    `Export of ${p.count} response(s): responses.csv (one row per response, one column per item) and codebook.csv (item and choice labels). Anonymous but row-level data: keep it safe.`,
  'error.results.no_survey': 'No survey in this community.',
  'error.results.not_public': 'Results will be visible when the survey closes (or earlier if an admin turns live results on).',
  exportTooFew: (p) =>
    `No export here yet: the chat command waits for ${p.minComplete} complete responses, because a file sent in a conversation travels, and with fewer responses each is easier to recognise. On the machine that runs the bot, “npm run export -- --out DIR” exports them now: the database is already there.`,
  'error.results.too_few': (p) => `No results yet: they appear from ${p.minComplete} complete responses, to protect anonymity.`,
  'error.results.admin_only': 'Community admins only.',
  'error.results.by_without_item': 'Say which item to compare: /results item:q13 by:gp.',
  'error.results.unknown_item': (p) => `Unknown item: ${p.item}.`,
  'error.results.unknown_grouping': (p) => `Unknown grouping: ${p.grouping}. Possible: gp, underserved, age_group or a single-choice item.`,
  'error.results.not_comparable': (p) => `${p.item} is an open question: it cannot be compared across subgroups.`,
  'error.results.same_variable': (p) => `${p.item} defines this grouping: the comparison makes no sense.`,
  figCharacteristics: 'Characteristics of the participants',
  figCharacteristicsNote: 'Numbers of participants',
  figStacked: 'Scores from 0 (strongly disagree) to 10 (strongly agree)',
  figMulti: 'Several answers possible; numbers of participants',
  figGrouped: (p) => `By: ${p.grouping}`,
  figGroupedTable1: 'Table 1 — share of each subgroup (score ≥ 8 for 0–10 items)',
  figStackedTitle: (p) => `Statements scored 0 to 10 (${p.items})`,
  figHidden: (p) => `Bars of fewer than ${p.k} people not shown.`,
  nParticipants: (p) => `n = ${p.n} participants`,
  nRespondents: (p) => `n = ${p.n} respondents`,
  importDone: (p) => `${p.count} response(s) imported (${p.format}).`,
  importRefused: (p) => `Import refused, nothing was imported: ${p.count} problem(s).`,
  importMore: (p) => `… and ${p.count} more.`,
  importNoFile: (p) => `No such file: ${p.file}`,
  at: (p) => `line ${p.line}, column ${p.column} (${p.header})`,
  'import.csv.unterminated_quote': 'a quote is opened and never closed',
  'import.csv.stray_quote': 'a quote in the middle of a field',
  'import.csv.text_after_quote': 'text after a closing quote',
  'import.file.empty': 'the file is empty',
  'import.file.no_rows': 'no response in the file',
  'import.header.format':
    'unknown format: expected a Confrères export (a “complete” column) or a Google Forms export (first column “Timestamp” or “Horodateur”)',
  'import.header.unknown': 'a header that matches no item',
  'import.header.duplicate': (p) => `a second column for item ${p.item}`,
  'import.row.width': (p) => `${p.actual} fields instead of ${p.expected}`,
  'import.value.invalid': (p) => `value “${p.value}” refused: ${p.reason}`,
  'import.value.flag': (p) => `“${p.value}”: expected 1 or 0`,
  'import.value.partial_choices': 'a multiple choice filled in part: all its columns must be 1 or 0, or all empty',
  'import.value.unknown_label': (p) => `“${p.value}” matches no choice of the item`,
  'import.value.not_relevant': (p) => `an answer to ${p.item}, which this respondent is not asked (skip rule)`,
  'import.value.timestamp': (p) => `unreadable timestamp “${p.value}”`,
  'import.response.incomplete': (p) => `marked complete but ${p.item} is not answered`,
  'import.encoding.utf32': 'UTF-32 encoding is not supported: save the file as UTF-8',
  'import.encoding.invalid_utf8': (p) => `encoding: the file announces UTF-8 (byte-order mark) but holds invalid bytes (byte ${p.offset}); save it as “CSV UTF-8”`,
  'import.encoding.invalid_utf16': (p) => `encoding: invalid UTF-16 (byte ${p.offset}); save the file as “CSV UTF-8”`,
  'import.encoding.binary': (p) =>
    `unrecognised encoding: control byte ${p.byte} at byte ${p.offset} (a binary file, or UTF-16 without a byte-order mark); save the file as “CSV UTF-8”`,
  'import.encoding.unknown': (p) => `unrecognised encoding: neither UTF-8 nor Windows-1252 (byte ${p.byte} at byte ${p.offset}); save the file as “CSV UTF-8”`,
  'import.csv.record_too_large': (p) => `a line is too long (over ${p.limit} characters): reading stopped`,
  'import.file.too_many_problems': 'reading stopped after the first 100 problems',
  'import.notice.converted': (p) => `File read as ${p.encoding} (not UTF-8) and converted.`,
  'import.notice.delimiter': (p) => `Field separator: ${p.delimiter === 'tab' ? 'tab' : '“;”'}.`,
  'import.notice.duplicate_rows': (p) => `${p.count} row(s) identical to an earlier row of the file, imported all the same: ${p.examples}.`,
  'import.notice.duplicate_example': (p) => `line ${p.line} (= line ${p.repeats})`,
  'import.refusal.file_already_imported': 'Import refused: this file was already imported into this survey. To import it a second time: --allow-duplicates.',
  'import.refusal.rows_already_present': (p) =>
    `Import refused: ${p.count} row(s) of this file are already in this survey (imported before). To import them all the same: --allow-duplicates.`,
  line: (p) => `line ${p.line}`,
};

const TEXTS: Readonly<Record<Language, ReportTexts>> = { fr, en };

export function texts(language: Language): ReportTexts {
  return TEXTS[language];
}
