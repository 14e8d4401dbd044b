import type { Command } from '../src/commands/command.ts';
import { t } from '../src/i18n/index.ts';
import { isLanguage } from '../src/shared/language.ts';

/** /lang: the member's language, remembered under their member key. */
export default {
  name: 'lang',
  description: { fr: 'Choisir la langue (fr ou en)', en: 'Choose the language (fr or en)' },
  audience: 'member',
  scope: 'any',
  options: [
    {
      name: 'language',
      type: 'string',
      description: { fr: 'fr ou en', en: 'fr or en' },
      choices: [
        { value: 'fr', label: { fr: 'Français', en: 'French' } },
        { value: 'en', label: { fr: 'Anglais', en: 'English' } },
      ],
    },
  ],
  async handle({ services, member, language, invocation }) {
    const wanted = invocation.options['language'];
    if (wanted === undefined) return { text: t(language, 'lang.current', { language }), private: true };
    if (!isLanguage(wanted)) return { text: t(language, 'lang.unknown', { value: wanted }), private: true };
    await services.preferences.set(member, wanted);
    return { text: t(wanted, 'lang.set'), private: true };
  },
} satisfies Command;
