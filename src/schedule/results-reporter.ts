/**
 * Item results and charts for scheduled result posts, from the analytics module. It shows what
 * any member of the community may see (the results service decides: a closed survey, or live
 * results turned on, and never before enough complete responses), so a post in the group never
 * reveals more than /results would.
 */
import { renderOverview } from '../analytics/report/index.ts';
import type { ResultsService, Viewer } from '../analytics/service.ts';
import type { OutgoingMessage } from './ports.ts';
import type { Language } from '../shared/language.ts';
import type { CommunityRecord, SurveyRecord } from '../survey/ports.ts';
import type { ResultsReporter } from './context.ts';

export class AnalyticsResultsReporter implements ResultsReporter {
  constructor(private readonly results: ResultsService) {}

  async report(survey: SurveyRecord, community: CommunityRecord, language: Language, kind: 'progress' | 'final'): Promise<OutgoingMessage | null> {
    const member: Viewer = { isAdmin: false, liveResults: community.liveResults };
    const overview = await this.results.overview(survey, member);
    if (!overview.ok) return null;
    // Charts with the final summary; a weekly progress post stays text.
    const rendered = await renderOverview(overview.value, language, kind === 'final');
    return { text: rendered.text, files: rendered.files };
  }
}
