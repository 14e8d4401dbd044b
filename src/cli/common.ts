/**
 * What the researchers' command-line tools share: options parsing, the application on the
 * configured database (DATABASE_URL or DATA_DIR), and which survey they work on — `--survey
 * ID`, `--demo` for the demo cohort, else the only survey of the database (else they list
 * them), and which language they speak (one per run).
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { App } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import { dayOf } from '../shared/day.ts';
import { isLanguage, type Language } from '../shared/language.ts';
import type { CommunityRecord, SurveyRecord } from '../survey/ports.ts';
import { listSurveys, surveyListText, type SurveySummary } from './surveys.ts';

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

export async function openApp(env: Readonly<Record<string, string | undefined>> = process.env, config = loadConfig(env)): Promise<App> {
  // Loaded here, not with this module: a read-only tool that never needs the application
  // (results on a migrated database) does not load Prisma and every command.
  const [{ createApp }, { createLogger }] = await Promise.all([import('../app.ts'), import('../shared/logger.ts')]);
  return createApp(config, { logger: createLogger(config.LOG_LEVEL ?? 'warn') });
}

/** One language per run: `--lang`, else DEFAULT_LANGUAGE (not the terminal's locale: a script's output must not change with it). */
export function languageOption(value: string | undefined, app: { readonly config: Pick<Config, 'DEFAULT_LANGUAGE'> }): Language {
  if (value === undefined) return app.config.DEFAULT_LANGUAGE;
  if (!isLanguage(value)) throw new UsageError(`--lang must be fr or en, not "${value}"`);
  return value;
}

export type SurveyChoice = { readonly ok: true; readonly survey: SurveyRecord } | { readonly ok: false; readonly message: string };

const CHOICE_WORDS = {
  fr: {
    unknown: (id: string) => `Aucune enquête avec l’identifiant ${id}.`,
    noDemo: 'La démonstration n’est pas dans cette base de données : lancez d’abord npm run demo.',
  },
  en: {
    unknown: (id: string) => `No survey with id ${id}.`,
    noDemo: 'The demo is not in this database: run npm run demo first.',
  },
} as const;

/** Where a tool looks surveys up: the application's catalog, or a read-only reader. */
export interface SurveyDirectory {
  findSurvey(surveyId: string): Promise<SurveyRecord | null>;
  findCommunity(platform: string, externalId: string): Promise<CommunityRecord | null>;
  currentSurvey(communityId: string): Promise<SurveyRecord | null>;
  list(): Promise<SurveySummary[]>;
  /** Opens the default questionnaire in the terminal community (the importer, on an empty database). */
  create?(): Promise<SurveyRecord | null>;
}

/** The application's catalog as a directory of surveys. */
export function appDirectory(app: App): SurveyDirectory {
  const { catalog, definitions } = app.services;
  return {
    findSurvey: (id) => catalog.findSurvey(id),
    findCommunity: (platform, externalId) => catalog.findCommunity(platform, externalId),
    currentSurvey: (communityId) => catalog.currentSurvey(communityId),
    list: () => listSurveys(app),
    create: async () => {
      const { CONSOLE_COMMUNITY_ID } = await import('../platforms/console/console.ts');
      const day = dayOf(app.now());
      const community = await catalog.ensureCommunity('console', CONSOLE_COMMUNITY_ID, 'Confrères (terminal)', day);
      const definition = definitions.defaultDefinition();
      return catalog.openSurvey(community.id, definition.id, definition.version, day);
    },
  };
}

/**
 * The survey a tool works on: `--survey ID`, `--demo`, else the only survey in the database;
 * with several, the list of them and the option to pass. `create` (import) opens the default
 * questionnaire in the terminal community when the database holds no survey at all.
 */
export async function chooseSurvey(
  app: App | SurveyDirectory,
  choice: { survey?: string | undefined; demo?: boolean | undefined },
  language: Language,
  create = false,
): Promise<SurveyChoice> {
  const directory = 'services' in app ? appDirectory(app) : app;
  const W = CHOICE_WORDS[language];
  if (choice.survey) {
    const survey = await directory.findSurvey(choice.survey);
    if (survey) return { ok: true, survey };
    return { ok: false, message: `${W.unknown(choice.survey)}\n${surveyListText(await directory.list(), language)}` };
  }
  if (choice.demo) {
    const demo = await directory.findCommunity(DEMO_PLATFORM, DEMO_COMMUNITY);
    const survey = demo ? await directory.currentSurvey(demo.id) : null;
    return survey ? { ok: true, survey } : { ok: false, message: W.noDemo };
  }
  const surveys = await directory.list();
  const [only] = surveys;
  if (only && surveys.length === 1) return { ok: true, survey: only.survey };
  if (surveys.length === 0 && create && directory.create) {
    const survey = await directory.create();
    if (survey) return { ok: true, survey };
  }
  return { ok: false, message: surveyListText(surveys, language) };
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
