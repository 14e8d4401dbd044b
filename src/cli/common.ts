/**
 * What the researchers' command-line tools share: options parsing, the application on the
 * configured database (DATABASE_URL or DATA_DIR), and which survey they work on — `--survey
 * ID`, `--demo` for the demo cohort, else the terminal community's current survey (the one
 * `npm start` runs in terminal mode).
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createApp, type App } from '../app.ts';
import { loadConfig } from '../config.ts';
import { CONSOLE_COMMUNITY_ID } from '../platforms/console/console.ts';
import { dayOf } from '../shared/day.ts';
import { createLogger } from '../shared/logger.ts';
import { isLanguage, type Language } from '../shared/language.ts';
import type { SurveyRecord } from '../survey/ports.ts';

export const DEMO_PLATFORM = 'demo';
export const DEMO_COMMUNITY = 'bmc-med-educ-2022';

/** A mistake in how the tool was called: printed with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export async function openApp(env: Readonly<Record<string, string | undefined>> = process.env): Promise<App> {
  const config = loadConfig(env);
  return createApp(config, { logger: createLogger(config.LOG_LEVEL ?? 'warn') });
}

export function languageOption(value: string | undefined, app: App): Language {
  if (value === undefined) return app.config.consoleLanguage;
  if (!isLanguage(value)) throw new UsageError(`--lang must be fr or en, not "${value}"`);
  return value;
}

/** The survey a tool works on; `create` opens the default one in the terminal community if none. */
export async function selectSurvey(
  app: App,
  choice: { survey?: string | undefined; demo?: boolean | undefined },
  create = false,
): Promise<SurveyRecord | null> {
  const { catalog, definitions } = app.services;
  if (choice.survey) return catalog.findSurvey(choice.survey);
  if (choice.demo) {
    const demo = await catalog.findCommunity(DEMO_PLATFORM, DEMO_COMMUNITY);
    return demo ? catalog.currentSurvey(demo.id) : null;
  }
  const existing = await catalog.findCommunity('console', CONSOLE_COMMUNITY_ID);
  const survey = existing ? await catalog.currentSurvey(existing.id) : null;
  if (survey || !create) return survey;
  const day = dayOf(app.now());
  const community = existing ?? (await catalog.ensureCommunity('console', CONSOLE_COMMUNITY_ID, 'Confrères (terminal)', day));
  const definition = definitions.defaultDefinition();
  return catalog.openSurvey(community.id, definition.id, definition.version, day);
}

/** Runs a tool: usage errors exit 2, expected failures 1 (the tool prints why), crashes 1 with the stack. */
export function run(main: () => Promise<number>, usage: string): void {
  main()
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`${error.message}\n\n${usage}\n`);
        process.exitCode = 2;
        return;
      }
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    });
}

/** Whether this module is the program being run (not imported by a test). */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === moduleUrl;
  } catch {
    return false;
  }
}
