import type { Command } from '../src/commands/command.ts';
import { commandHelp, helpOverview, unknownCommandHelp } from '../src/commands/help-text.ts';
import { t } from '../src/i18n/index.ts';

/**
 * /help: the commands this member can use with their option syntax, in their language;
 * `/help <command>` explains one command with its options and examples.
 */
export default {
  name: 'help',
  description: { fr: 'Liste des commandes ; /help <commande> pour le détail', en: 'List of commands; /help <command> for details' },
  audience: 'member',
  scope: 'any',
  options: [{ name: 'command', type: 'string', description: { fr: 'Commande à expliquer (ex. cme)', en: 'Command to explain (e.g. cme)' } }],
  async handle({ services, language, isAdmin, invocation }) {
    const commands = services.commands().filter((command) => isAdmin || command.audience !== 'admin');
    const wanted = invocation.options['command']?.trim().replace(/^\//, '').toLowerCase();
    if (!wanted) return { text: helpOverview(commands, language, isAdmin, t(language, 'help.title')), private: true };
    const command = commands.find((c) => c.name === wanted);
    return { text: command ? commandHelp(command, language, isAdmin) : unknownCommandHelp(wanted, commands, language), private: true };
  },
} satisfies Command;
