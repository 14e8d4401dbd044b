/**
 * Which survey a researcher's tool works on when none is named: the only one in the database,
 * else a list of them with the `--survey ID` to pass (community, definition, status, counts),
 * so that "no results yet" never hides the 1,451 demo responses one option away.
 *
 * The listing reads through the Prisma client like the other tools' store access; the
 * SurveyCatalog port has no "every survey" query because no chat command needs one.
 */
import type { App } from '../app.ts';
import type { Language } from '../shared/language.ts';
import type { SurveyRecord, SurveyStatus } from '../survey/ports.ts';

export interface SurveySummary {
  readonly survey: SurveyRecord;
  readonly community: string;
  readonly participants: number;
  readonly complete: number;
}

export async function listSurveys(app: App): Promise<SurveySummary[]> {
  const rows = await app.db.survey.findMany({ include: { community: true }, orderBy: { openedAt: 'asc' } });
  const summaries: SurveySummary[] = [];
  for (const row of rows) {
    const counts = await app.services.catalog.countResponses(row.id);
    const community = communityLabel(row.community);
    summaries.push({
      survey: {
        id: row.id,
        communityId: row.communityId,
        definitionId: row.definitionId,
        definitionVersion: row.definitionVersion,
        status: row.status as SurveyStatus,
        openedDay: row.openedDay,
        closedDay: row.closedDay,
      },
      community,
      ...counts,
    });
  }
  return summaries;
}

/** How a listing names a community: its name and platform, else its platform id. */
export function communityLabel(community: { readonly platform: string; readonly externalId: string; readonly name: string | null }): string {
  return community.name ? `${community.name} (${community.platform})` : `${community.platform}:${community.externalId}`;
}

const WORDS = {
  fr: {
    none: 'Aucune enquête dans la base de données. Pour essayer avec la cohorte de démonstration : npm run demo',
    several: (n: number) => `${n} enquêtes dans la base de données : choisissez-en une avec --survey ID (ou --demo pour la démonstration).`,
    open: 'ouverte',
    closed: 'close',
    counts: (p: number, c: number) => `${p} participant(s), ${c} complète(s)`,
  },
  en: {
    none: 'No survey in the database. To try the tools on the demo cohort: npm run demo',
    several: (n: number) => `${n} surveys in the database: choose one with --survey ID (or --demo for the demo).`,
    open: 'open',
    closed: 'closed',
    counts: (p: number, c: number) => `${p} participant(s), ${c} complete`,
  },
} as const;

/** The list printed when a tool cannot choose: one line a survey, its id first. */
export function surveyListText(summaries: readonly SurveySummary[], language: Language): string {
  const W = WORDS[language];
  if (summaries.length === 0) return W.none;
  const lines = summaries.map(
    (s) =>
      `  --survey ${s.survey.id}  ${s.community} · ${s.survey.definitionId} v${s.survey.definitionVersion} · ${s.survey.status === 'open' ? W.open : W.closed} ${s.survey.openedDay} · ${W.counts(s.participants, s.complete)}`,
  );
  return [W.several(summaries.length), ...lines].join('\n');
}
