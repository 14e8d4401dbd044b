import { describeResultsError } from '../src/analytics/report/index.ts';
import { texts } from '../src/analytics/report/texts.ts';
import { toExcelCsv } from '../src/analytics/transfer/excel.ts';
import type { Command } from '../src/commands/command.ts';

/** /export (admins): responses.csv and codebook.csv, sent privately. */
export default {
  name: 'export',
  description: { fr: 'Exporter les réponses en CSV (administrateurs)', en: 'Export the responses as CSV (admins)' },
  audience: 'admin',
  scope: 'community',
  options: [
    {
      name: 'format',
      type: 'string',
      description: { fr: 'csv (R, tableur) ou redcap (import dans REDCap)', en: 'csv (R, spreadsheet) or redcap (REDCap import)' },
      choices: [
        { value: 'csv', label: { fr: 'CSV pour R ou un tableur', en: 'CSV for R or a spreadsheet' } },
        { value: 'redcap', label: { fr: 'REDCap (outil d’import de données)', en: 'REDCap (Data Import Tool)' } },
      ],
    },
  ],
  async handle({ services, community, isAdmin, language, invocation }) {
    const survey = await services.results.surveyOf(community);
    if (invocation.options.format === 'redcap') {
      // No byte-order mark: REDCap would read it as part of the first column's name.
      const redcap = await services.results.exportRedcap(survey, { isAdmin, liveResults: community?.liveResults ?? false }, language);
      if (!redcap.ok) return { text: describeResultsError(language, redcap.error), private: true };
      return {
        text: texts(language).exported({ count: redcap.value.count }),
        files: [
          { name: 'redcap-records.csv', data: Buffer.from(redcap.value.records, 'utf8') },
          { name: 'redcap-dictionary.csv', data: Buffer.from(redcap.value.dictionary, 'utf8') },
        ],
        private: true,
      };
    }
    const result = await services.results.export(survey, { isAdmin, liveResults: community?.liveResults ?? false });
    if (!result.ok) {
      // The researcher's command line has no minimum: say so, and why the chat waits.
      if (result.error.code === 'results.too_few') return { text: texts(language).exportTooFew({ minComplete: result.error.minComplete }), private: true };
      return { text: describeResultsError(language, result.error), private: true };
    }
    // The Excel flavour: a byte-order mark so that Excel opens the files as UTF-8 (R's read.csv
    // skips it with fileEncoding = "UTF-8-BOM"), and answers that would run as formulas
    // neutralised. `npm run export` writes the exact text.
    const file = (name: string, text: string) => ({ name, data: Buffer.from(toExcelCsv(text), 'utf8') });
    return {
      text: texts(language).exported({ count: result.value.count }),
      files: [file('responses.csv', result.value.responses), file('codebook.csv', result.value.codebook)],
      private: true,
    };
  },
} satisfies Command;
