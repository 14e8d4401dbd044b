/**
 * /help in words: the overview (one line a command, with its option syntax) and the help of
 * one command (`/help cme`): what it does, how each option is typed (`item:<…>`, `by:<…>`),
 * its choices, and examples a member can copy. The syntax comes from the commands' declared
 * options, so it cannot drift from what the parser accepts; the examples live here.
 */
import type { Language } from '../shared/language.ts';
import type { CommandDeclaration, CommandOption } from './declaration.ts';

type Examples = Readonly<Record<Language, readonly string[]>>;

/** Copyable examples, by command; each line is a command then what it does. */
const EXAMPLES: Readonly<Record<string, Examples>> = {
  survey: {
    fr: ['/survey — commencer ou reprendre', '/back — revenir à la question précédente (terminal, Telegram)', '/survey status — participation (administrateurs)'],
    en: ['/survey — start or resume', '/back — go back to the previous question (terminal, Telegram)', '/survey status — participation (admins)'],
  },
  results: {
    fr: ['/results — vue d’ensemble', '/results item:q13 — le détail d’une question', '/results item:q13 by:gp — comparer les généralistes aux autres', '/results live:on — résultats visibles pendant l’enquête (administrateurs)'],
    en: ['/results — overview', '/results item:q13 — one item in detail', '/results item:q13 by:gp — compare GPs with the others', '/results live:on — results visible while the survey runs (admins)'],
  },
  cme: {
    fr: [
      '/cme https://www.has-sante.fr/… Guide HTA 2024',
      '/cme https://… title:Guide HAS topic:cardio credit:Dr Martin',
      '/cme doi:10.1186/s12909-024-05149-z',
      '/cme pmid:38389062',
      '/cme en réponse à un message contenant un lien ou un document',
    ],
    en: [
      '/cme https://www.nice.org.uk/… Hypertension guideline',
      '/cme https://… title:NICE guideline topic:cardio credit:Dr Martin',
      '/cme doi:10.1186/s12909-024-05149-z',
      '/cme pmid:38389062',
      '/cme in reply to a message holding a link or a document',
    ],
  },
  digest: {
    fr: ['/digest preview — le prochain digest, en privé', '/digest config day:mon time:08:00 timezone:Europe/Paris', '/digest config channel:#veille enabled:true'],
    en: ['/digest preview — the coming digest, privately', '/digest config day:mon time:08:00 timezone:Europe/Paris', '/digest config channel:#cme enabled:true'],
  },
  lang: { fr: ['/lang en', '/lang fr'], en: ['/lang fr', '/lang en'] },
  reminders: { fr: ['/reminders off', '/reminders on'], en: ['/reminders off', '/reminders on'] },
  help: { fr: ['/help cme', '/help results'], en: ['/help cme', '/help results'] },
};

const WORDS = {
  fr: {
    usage: 'Syntaxe :',
    options: 'Options :',
    examples: 'Exemples :',
    subcommands: 'Sous-commandes :',
    values: 'valeurs',
    required: 'obligatoire',
    admin: '(administrateurs)',
    more: 'Détail d’une commande : /help <commande> (ex. /help cme).',
    unknown: (name: string, known: string) => `Pas de commande /${name}. Commandes : ${known}.`,
    placeholder: { string: 'texte', integer: 'nombre', boolean: 'true|false', channel: 'salon', attachment: 'fichier' },
  },
  en: {
    usage: 'Usage:',
    options: 'Options:',
    examples: 'Examples:',
    subcommands: 'Subcommands:',
    values: 'values',
    required: 'required',
    admin: '(admins)',
    more: 'One command in detail: /help <command> (e.g. /help cme).',
    unknown: (name: string, known: string) => `No command /${name}. Commands: ${known}.`,
    placeholder: { string: 'text', integer: 'number', boolean: 'true|false', channel: 'channel', attachment: 'file' },
  },
} as const;

function placeholder(option: CommandOption, language: Language): string {
  if (option.choices && option.choices.length <= 4) return option.choices.map((c) => c.value).join('|');
  if (option.type === 'boolean') return 'true|false';
  return `<${WORDS[language].placeholder[option.type]}>`;
}

/** "[item:<text>] [by:<text>]": how the options are typed after the command. */
export function optionSyntax(options: readonly CommandOption[], language: Language): string {
  return options
    .map((option) => {
      const typed = `${option.name}:${placeholder(option, language)}`;
      return option.required ? typed : `[${typed}]`;
    })
    .join(' ');
}

/** The positional form of a default action: "/cme <url> [title]". */
function positionalSyntax(options: readonly CommandOption[]): string {
  return options.map((option) => (option.required ? `<${option.name}>` : `[${option.name}]`)).join(' ');
}

function visible(command: CommandDeclaration, isAdmin: boolean) {
  return (command.subcommands ?? []).filter((sub) => isAdmin || sub.audience !== 'admin');
}

/** One line a command with its syntax, then how to get more. */
export function helpOverview(commands: readonly CommandDeclaration[], language: Language, isAdmin: boolean, title: string): string {
  const W = WORDS[language];
  const lines = [title];
  for (const command of commands) {
    if (command.audience === 'admin' && !isAdmin) continue;
    const syntax = command.options?.length ? ` ${optionSyntax(command.options, language)}` : command.defaultOptions?.length ? ` ${positionalSyntax(command.defaultOptions)}` : '';
    lines.push(`/${command.name}${syntax} — ${command.description[language]}`);
    for (const sub of visible(command, isAdmin)) {
      const mark = sub.audience === 'admin' ? ` ${W.admin}` : '';
      const options = sub.options?.length ? ` ${optionSyntax(sub.options, language)}` : '';
      lines.push(`   /${command.name} ${sub.name}${options} — ${sub.description[language]}${mark}`);
    }
    if (command.name === 'survey') lines.push(`   /back — ${language === 'fr' ? 'question précédente (terminal, Telegram)' : 'previous question (terminal, Telegram)'}`);
  }
  lines.push('', W.more);
  return lines.join('\n');
}

/** The help of one command: usage lines, each option with its values, examples. */
export function commandHelp(command: CommandDeclaration, language: Language, isAdmin: boolean): string {
  const W = WORDS[language];
  const lines = [`/${command.name} — ${command.description[language]}`, '', W.usage];
  const ownOptions = command.options ?? [];
  if (command.defaultAction !== false || ownOptions.length > 0 || !command.subcommands?.length) {
    const syntax = ownOptions.length ? ` ${optionSyntax(ownOptions, language)}` : command.defaultOptions?.length ? ` ${positionalSyntax(command.defaultOptions)}` : '';
    if (command.defaultAction || !command.subcommands?.length) lines.push(`  /${command.name}${syntax}`);
  }
  for (const sub of visible(command, isAdmin)) {
    const options = sub.options?.length ? ` ${optionSyntax(sub.options, language)}` : '';
    const mark = sub.audience === 'admin' ? ` ${W.admin}` : '';
    lines.push(`  /${command.name} ${sub.name}${options} — ${sub.description[language]}${mark}`);
  }
  const options = [...ownOptions, ...(command.defaultOptions ?? []), ...visible(command, isAdmin).flatMap((sub) => sub.options ?? [])];
  const seen = new Set<string>();
  const described = options.filter((option) => !seen.has(option.name) && seen.add(option.name));
  if (described.length > 0) {
    lines.push('', W.options);
    for (const option of described) {
      const choices = option.choices?.length ? ` (${W.values}: ${option.choices.map((c) => c.value).join(', ')})` : '';
      const required = option.required ? `, ${W.required}` : '';
      lines.push(`  ${option.name}: — ${option.description[language]}${choices}${required}`);
    }
  }
  const examples = EXAMPLES[command.name]?.[language];
  if (examples?.length) lines.push('', W.examples, ...examples.map((example) => `  ${example}`));
  return lines.join('\n');
}

export function unknownCommandHelp(name: string, commands: readonly CommandDeclaration[], language: Language): string {
  return WORDS[language].unknown(name, commands.map((c) => `/${c.name}`).join(', '));
}
