import { describeResultsError, renderTable1 } from '../src/analytics/report/index.ts';
import { isPublic } from '../src/analytics/service.ts';
import type { Command } from '../src/commands/command.ts';

/**
 * /table1: the study's Table 1, every item against specialty, underserved area and age, with
 * the table as CSV and one chart per grouping.
 */
export default {
  name: 'table1',
  description: { fr: 'Tableau 1 : analyse en sous-groupes', en: 'Table 1: subgroup analysis' },
  audience: 'member',
  scope: 'community',
  async handle({ services, community, isAdmin, language }) {
    const survey = await services.results.surveyOf(community);
    const result = await services.results.table1(survey, { isAdmin, liveResults: community?.liveResults ?? false });
    if (!result.ok) return { text: describeResultsError(language, result.error), private: true };
    const rendered = await renderTable1(result.value, language);
    return { text: rendered.text, files: rendered.files, private: !(survey && isPublic(survey, community)) };
  },
} satisfies Command;
