import type { Command, CommandContext, Reply } from '../src/commands/command.ts';
import { describeError, t } from '../src/i18n/index.ts';
import { dayOf } from '../src/shared/day.ts';

/** /survey: take or resume the community's survey; admins open, close and follow it. */
export default {
  name: 'survey',
  description: { fr: 'Répondre au questionnaire, ou le gérer (administrateurs)', en: 'Take the survey, or manage it (admins)' },
  audience: 'member',
  scope: 'community',
  defaultAction: true,
  subcommands: [
    { name: 'resume', audience: 'member', description: { fr: 'Commencer ou reprendre le questionnaire', en: 'Start or resume the survey' } },
    { name: 'open', audience: 'admin', description: { fr: 'Ouvrir le questionnaire dans la communauté', en: 'Open the survey in this community' } },
    { name: 'close', audience: 'admin', description: { fr: 'Clore le questionnaire', en: 'Close the survey' } },
    { name: 'status', audience: 'admin', description: { fr: 'Participation au questionnaire', en: 'Survey participation' } },
  ],
  async handle(context) {
    switch (context.invocation.subcommand) {
      case 'open':
        return open(context);
      case 'close':
        return close(context);
      case 'status':
        return status(context);
      default:
        return take(context);
    }
  },
} satisfies Command;

async function take({ services, community, member, language }: CommandContext): Promise<Reply> {
  const survey = community && (await services.catalog.currentSurvey(community.id));
  if (!survey) return { text: t(language, 'error.survey.none'), private: true };
  const step = await services.surveys.begin(member, survey.id, language);
  if (!step.ok) return { text: describeError(language, step.error), private: true };
  if (step.value.kind === 'complete') return { text: t(language, 'survey.completed'), private: true };
  const definition = services.definitions.forSurvey(survey);
  const intro = step.value.resumed
    ? t(language, 'survey.resumed')
    : t(language, 'survey.intro', { title: definition.title[language], total: definition.items.length });
  return { text: intro, step: step.value, private: true };
}

async function open({ services, community, language, now }: CommandContext): Promise<Reply> {
  if (!community) return { text: t(language, 'error.community.required'), private: true };
  const definition = services.definitions.defaultDefinition();
  const survey = await services.catalog.openSurvey(community.id, definition.id, definition.version, dayOf(now));
  if (!survey) return { text: t(language, 'error.survey.already_open'), private: true };
  const title = definition.title[language];
  return { text: t(language, 'survey.opened', { title }), invitation: { surveyId: survey.id, title } };
}

async function close({ services, community, language, now }: CommandContext): Promise<Reply> {
  const survey = community && (await services.catalog.currentSurvey(community.id));
  if (!survey || survey.status !== 'open') return { text: t(language, 'error.survey.none'), private: true };
  await services.catalog.closeSurvey(survey.id, dayOf(now));
  return { text: t(language, 'survey.closed_now') };
}

async function status({ services, community, language }: CommandContext): Promise<Reply> {
  const survey = community && (await services.catalog.currentSurvey(community.id));
  if (!survey) return { text: t(language, 'error.survey.none'), private: true };
  const { participants, complete } = await services.catalog.countResponses(survey.id);
  const rate = participants === 0 ? '—' : `${((100 * complete) / participants).toFixed(1)} %`;
  const state = t(language, survey.status === 'open' ? 'survey.status_open' : 'survey.status_closed');
  return { text: t(language, 'survey.status', { status: state, participants, complete, rate: language === 'fr' ? rate.replace('.', ',') : rate.replace(' %', '%') }), private: true };
}
