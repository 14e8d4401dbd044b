import { describeResultsError } from '../src/analytics/report/index.ts';
import { texts } from '../src/analytics/report/texts.ts';
import { BOM } from '../src/analytics/csv.ts';
import type { Command } from '../src/commands/command.ts';

/** /export (admins): responses.csv and codebook.csv, sent privately. */
export default {
  name: 'export',
  description: { fr: 'Exporter les réponses en CSV (administrateurs)', en: 'Export the responses as CSV (admins)' },
  audience: 'admin',
  scope: 'community',
  async handle({ services, community, isAdmin, language }) {
    const survey = await services.results.surveyOf(community);
    const result = await services.results.export(survey, { isAdmin, liveResults: community?.liveResults ?? false });
    if (!result.ok) return { text: describeResultsError(language, result.error), private: true };
    // A byte-order mark so that Excel opens the files as UTF-8; R's read.csv skips it with fileEncoding = "UTF-8-BOM".
    const file = (name: string, text: string) => ({ name, data: Buffer.from(BOM + text, 'utf8') });
    return {
      text: texts(language).exported({ count: result.value.count }),
      files: [file('responses.csv', result.value.responses), file('codebook.csv', result.value.codebook)],
      private: true,
    };
  },
} satisfies Command;
