import type { Command } from '../src/commands/command.ts';
import { t } from '../src/i18n/index.ts';

/** /help: the commands this member can use, in their language. */
export default {
  name: 'help',
  description: { fr: 'Liste des commandes', en: 'List of commands' },
  audience: 'member',
  scope: 'any',
  async handle({ services, language, isAdmin }) {
    const lines = [t(language, 'help.title')];
    for (const command of services.commands()) {
      if (command.audience === 'admin' && !isAdmin) continue;
      lines.push(`/${command.name} — ${command.description[language]}`);
      for (const sub of command.subcommands ?? []) {
        if (sub.audience === 'admin' && !isAdmin) continue;
        const mark = sub.audience === 'admin' ? ` ${t(language, 'help.admin')}` : '';
        lines.push(`   /${command.name} ${sub.name} — ${sub.description[language]}${mark}`);
      }
    }
    return { text: lines.join('\n'), private: true };
  },
} satisfies Command;
