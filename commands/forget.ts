import type { Command } from '../src/commands/command.ts';
import { t } from '../src/i18n/index.ts';

/** /forget: deletes the member's in-progress response entirely (anonymity rule 8). */
export default {
  name: 'forget',
  description: { fr: 'Supprimer ma réponse en cours', en: 'Delete my in-progress response' },
  audience: 'member',
  scope: 'community',
  async handle({ services, community, member, language }) {
    const survey = community && (await services.catalog.currentSurvey(community.id));
    if (!survey) return { text: t(language, 'forget.nothing'), private: true };
    const result = await services.surveys.forget(member, survey.id);
    const deleted = result.ok && result.value.deleted;
    return { text: t(language, deleted ? 'forget.deleted' : 'forget.nothing'), private: true };
  },
} satisfies Command;
