/**
 * Commands typed as text (the terminal, Telegram): "/results item:q9 by:gp", "/lang en",
 * "/survey open", "/cme https://… Guide HAS 2024", "/cme https://… credit:Dr Martin".
 * Quoted words keep their spaces ("/cme share title:\"Guide HAS\""); a Telegram-style
 * "@botname" suffix is dropped.
 */
import type { Command } from './command.ts';

export interface CommandLine {
  readonly name: string;
  readonly words: string[];
  readonly named: Record<string, string>;
}

/**
 * Splits a typed line. `name:value` is a named option when `name` is one the command knows
 * (all names when none are given): "doi:10.…", "pmid:…" and "https:" stay words. A named
 * option's value runs until the next named option, so "credit:Dr Martin" and
 * "title:HAS guideline" keep every word; quotes stay optional.
 */
export function parseCommandLine(line: string, knownNames?: ReadonlySet<string>): CommandLine {
  const tokens = [...line.trim().replace(/^\//, '').matchAll(/(\w+:)?"([^"]*)"|(\S+)/g)].map((m) =>
    m[2] !== undefined ? `${m[1] ?? ''}${m[2]}` : (m[3] ?? ''),
  );
  const name = (tokens.shift() ?? '').split('@')[0]?.toLowerCase() ?? '';
  const words: string[] = [];
  const named: Record<string, string> = {};
  let current: string | null = null;
  for (const token of tokens) {
    const match = /^([a-z][a-z0-9_]*):(.*)$/s.exec(token);
    const option = match?.[1];
    if (option !== undefined && match?.[2] !== undefined && !/^https?$/.test(option) && (knownNames ? knownNames.has(option) : true)) {
      named[option] = match[2];
      current = option;
    } else if (current !== null) {
      named[current] = named[current] === '' ? token : `${named[current]} ${token}`;
    } else {
      words.push(token);
    }
  }
  return { name, words, named };
}

export interface ParsedCommand {
  readonly name: string;
  readonly subcommand: string | null;
  readonly options: Record<string, string>;
}

/** Every option name a command declares, for itself and its subcommands. */
function optionNames(command: Command | undefined): Set<string> {
  const names = new Set<string>();
  for (const option of [...(command?.options ?? []), ...(command?.defaultOptions ?? [])]) names.add(option.name);
  for (const sub of command?.subcommands ?? []) for (const option of sub.options ?? []) names.add(option.name);
  return names;
}

/** Splits the command line and matches its words to the command's declared options (the subcommand first). */
export function parseInvocation(text: string, command: Command | undefined): ParsedCommand {
  const parsed = parseCommandLine(text, command ? optionNames(command) : undefined);
  // The first word is a subcommand when it names one, or when the default action takes no
  // words (then the dispatcher refuses an unknown one with the list: "/survey bogus" is not
  // "/survey"); otherwise it is the default action's.
  const first = parsed.words[0];
  const named = first !== undefined && command?.subcommands?.some((s) => s.name === first);
  const required = first !== undefined && command?.subcommands?.length && !command.defaultOptions?.length && !command.options?.length;
  const subcommand = named || required ? (parsed.words.shift() ?? null) : null;
  const declared = (subcommand ? command?.subcommands?.find((s) => s.name === subcommand)?.options : (command?.options ?? command?.defaultOptions)) ?? [];
  const options: Record<string, string> = { ...parsed.named };
  const open = declared.filter((option) => !(option.name in options));
  open.forEach((option, index) => {
    const word = parsed.words[index];
    if (word !== undefined) options[option.name] = word;
  });
  // People type "/cme <url> Guide HAS 2024" without quotes: the last free-text option takes the rest.
  const last = open.at(-1);
  if (last && last.type === 'string' && !last.choices && parsed.words.length > open.length) {
    options[last.name] = parsed.words.slice(open.length - 1).join(' ');
  }
  return { name: parsed.name, subcommand, options };
}
