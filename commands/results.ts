import { isPublic, type Viewer } from '../src/analytics/service.ts';
import { describeResultsError, renderItem, renderOverview } from '../src/analytics/report/index.ts';
import { texts } from '../src/analytics/report/texts.ts';
import type { Command, CommandContext, Reply } from '../src/commands/command.ts';

/**
 * /results: the overview with the study's figures; `item:` one item with its chart, `by:` the
 * item compared across a grouping; `live:on|off` (admins) shows results to members while the
 * survey is open. Before results are public, an admin's view is sent privately.
 */
export default {
  name: 'results',
  description: { fr: 'Résultats du questionnaire (tableaux et graphiques)', en: 'Survey results (tables and charts)' },
  audience: 'member',
  scope: 'community',
  options: [
    {
      name: 'item',
      type: 'string',
      autocomplete: true,
      description: { fr: 'Une question (q9) ou une variable (sought_opinion)', en: 'One item (q9) or derived variable (sought_opinion)' },
    },
    {
      name: 'by',
      type: 'string',
      autocomplete: true,
      description: { fr: 'Comparer selon gp, underserved, age_group ou une question', en: 'Compare by gp, underserved, age_group or an item' },
    },
    {
      name: 'live',
      type: 'string',
      description: { fr: 'Administrateurs : résultats en direct (on/off)', en: 'Admins: live results (on/off)' },
      choices: [
        { value: 'on', label: { fr: 'Activer', en: 'On' } },
        { value: 'off', label: { fr: 'Désactiver', en: 'Off' } },
      ],
    },
  ],
  async handle(context) {
    const { invocation } = context;
    const live = invocation.options['live'];
    if (live !== undefined) return setLive(context, live === 'on');
    return show(context, invocation.options['item'], invocation.options['by']);
  },
} satisfies Command;

async function setLive({ services, community, isAdmin, language }: CommandContext, on: boolean): Promise<Reply> {
  const result = await services.results.setLive(community, { isAdmin, liveResults: community?.liveResults ?? false }, on);
  if (!result.ok) return { text: describeResultsError(language, result.error), private: true };
  return { text: texts(language).live({ on }), private: true };
}

async function show({ services, community, isAdmin, language }: CommandContext, item?: string, by?: string): Promise<Reply> {
  const survey = await services.results.surveyOf(community);
  const viewer: Viewer = { isAdmin, liveResults: community?.liveResults ?? false };
  const code = item?.trim();
  if (!code && by) return { text: describeResultsError(language, { code: 'results.by_without_item' }), private: true };
  const result = code ? await services.results.item(survey, viewer, code, by?.trim() || undefined) : await services.results.overview(survey, viewer);
  if (!result.ok) return { text: describeResultsError(language, result.error), private: true };
  const rendered = 'item' in result.value ? await renderItem(result.value, language) : await renderOverview(result.value, language);
  // An admin looking before results are public must not post them in the group.
  const visible = survey !== null && isPublic(survey, community);
  return { text: rendered.text, files: rendered.files, private: !visible };
}
