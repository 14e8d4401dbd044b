/**
 * Loads every command file of the top-level `commands/` folder and checks each default export
 * against the Command shape (names as Discord and Telegram accept them, both languages,
 * descriptions within Discord's 100 characters). A bad file stops the start with its name
 * and every problem.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from '../shared/zod.ts';
import type { Command } from './command.ts';

export const COMMANDS_DIR = fileURLToPath(new URL('../../commands', import.meta.url));

// Telegram accepts 1–32 of a–z 0–9 _; Discord also accepts "-", which we avoid for both.
const NAME = /^[a-z][a-z0-9_]{0,31}$/;
const description = z.object({ fr: z.string().min(1).max(100), en: z.string().min(1).max(100) });
const option = z.object({
  name: z.string().regex(NAME),
  description,
  type: z.enum(['string', 'integer', 'boolean', 'channel', 'attachment']),
  required: z.boolean().optional(),
  choices: z.array(z.object({ value: z.string().min(1).max(100), label: description })).max(25).optional(),
  autocomplete: z.boolean().optional(),
});
const commandSchema = z.object({
  name: z.string().regex(NAME),
  description,
  audience: z.enum(['member', 'admin']),
  scope: z.enum(['community', 'private', 'any']),
  subcommands: z
    .array(z.object({ name: z.string().regex(NAME), description, audience: z.enum(['member', 'admin']), options: z.array(option).max(25).optional() }))
    .max(25)
    .optional(),
  options: z.array(option).max(25).optional(),
  defaultAction: z.boolean().optional(),
  defaultOptions: z.array(option).max(25).optional(),
  handle: z.custom<Command['handle']>((value) => typeof value === 'function', 'handle must be a function'),
});

export class CommandLoadError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid commands:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CommandLoadError';
  }
}

/** Validates candidate commands; returns them or throws a CommandLoadError listing all problems. */
export function validateCommands(entries: readonly { file: string; exported: unknown }[]): Command[] {
  const problems: string[] = [];
  const commands: Command[] = [];
  const names = new Set<string>();
  for (const { file, exported } of entries) {
    const parsed = commandSchema.safeParse(exported);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${file}: ${issue.path.join('.') || 'export'}: ${issue.message}`);
      continue;
    }
    const command = exported as Command;
    if (names.has(command.name)) problems.push(`${file}: the name /${command.name} is used twice`);
    if (command.subcommands && command.options?.length) problems.push(`${file}: a command has either subcommands or options`);
    names.add(command.name);
    commands.push(command);
  }
  if (problems.length > 0) throw new CommandLoadError(problems);
  return commands.sort((a, b) => a.name.localeCompare(b.name));
}

export async function loadCommands(dir = COMMANDS_DIR): Promise<Command[]> {
  const files = readdirSync(dir).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !f.startsWith('_'));
  const entries = await Promise.all(
    files.map(async (file) => ({ file, exported: ((await import(pathToFileURL(path.join(dir, file)).href)) as { default?: unknown }).default })),
  );
  return validateCommands(entries);
}
