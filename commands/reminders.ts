import type { Command } from '../src/commands/command.ts';
import { t } from '../src/i18n/index.ts';

/**
 * /reminders on|off: the one private reminder sent to a member who paused their response for
 * a few days. Off is remembered by member key and applied to the responses in progress.
 */
export default {
  name: 'reminders',
  description: { fr: 'Rappel privé du questionnaire : on ou off', en: 'Private survey reminder: on or off' },
  audience: 'member',
  scope: 'any',
  options: [
    {
      name: 'state',
      type: 'string',
      required: true,
      description: { fr: 'on ou off', en: 'on or off' },
      choices: [
        { value: 'off', label: { fr: 'Pas de rappel', en: 'No reminder' } },
        { value: 'on', label: { fr: 'Un rappel', en: 'One reminder' } },
      ],
    },
  ],
  async handle({ services, member, community, language, invocation }) {
    const enabled = invocation.options['state'] === 'on';
    await services.reminders.set(member, community, enabled);
    return { text: t(language, enabled ? 'reminders.on' : 'reminders.off'), private: true };
  },
} satisfies Command;
