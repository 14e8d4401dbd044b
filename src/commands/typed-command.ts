/**
 * Commands typed as text (the terminal, Telegram): "/results item:q9 by:gp", "/lang en",
 * "/survey open", "/cme https://… Guide HAS 2024". Quoted words keep their spaces
 * ("/cme share title:\"Guide HAS\""); a Telegram-style "@botname" suffix is dropped.
 */
import type { Command } from './command.ts';

export interface CommandLine {
  readonly name: string;
  readonly words: string[];
  readonly named: Record<string, string>;
}

export function parseCommandLine(line: string): CommandLine {
  const tokens = [...line.trim().replace(/^\//, '').matchAll(/(\w+:)?"([^"]*)"|(\S+)/g)].map((m) =>
    m[2] !== undefined ? `${m[1] ?? ''}${m[2]}` : (m[3] ?? ''),
  );
  const name = (tokens.shift() ?? '').split('@')[0]?.toLowerCase() ?? '';
  const words: string[] = [];
  const named: Record<string, string> = {};
  for (const token of tokens) {
    const match = /^([a-z][a-z0-9_]*):(.*)$/s.exec(token);
    if (match?.[1] !== undefined && match[2] !== undefined && !/^https?$/.test(match[1])) named[match[1]] = match[2];
    else words.push(token);
  }
  return { name, words, named };
}

export interface ParsedCommand {
  readonly name: string;
  readonly subcommand: string | null;
  readonly options: Record<string, string>;
}

/** Splits the command line and matches its words to the command's declared options (the subcommand first). */
export function parseInvocation(text: string, command: Command | undefined): ParsedCommand {
  const parsed = parseCommandLine(text);
  // The first word is a subcommand when it names one, or when the command has no default
  // action (then the dispatcher refuses an unknown one); otherwise it is the default action's.
  const first = parsed.words[0];
  const named = first !== undefined && command?.subcommands?.some((s) => s.name === first);
  const required = first !== undefined && command?.subcommands?.length && !command.defaultAction && !command.defaultOptions?.length;
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
