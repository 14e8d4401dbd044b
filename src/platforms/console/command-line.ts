/**
 * Splits a typed command line: "/results item:q9 by:gp" or "/lang en" or "/survey open".
 * Quoted words keep their spaces ("/cme share title:\"Guide HAS\""). A Telegram-style
 * "@botname" suffix on the command is dropped.
 */
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
