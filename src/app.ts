/**
 * Builds the application's services from the configuration: database (migrated), keyring,
 * definitions, survey service, commands. The composition root (main.ts) and the end-to-end
 * tests both start from here, so tests run the same wiring as production.
 */
import { ResultsService } from './analytics/service.ts';
import { CommandDispatcher } from './commands/dispatch.ts';
import { loadCommands } from './commands/loader.ts';
import type { Services } from './commands/services.ts';
import type { Config } from './config.ts';
import { Keyring } from './privacy/keyring.ts';
import { loadOrCreateSecret } from './privacy/secret.ts';
import type { Logger } from './shared/logger.ts';
import { PrismaSurveyCatalog } from './store/catalog.ts';
import { createDatabase, type Database } from './store/client.ts';
import { migrateSqlite } from './store/migrate.ts';
import { PrismaPreferenceStore } from './store/preferences.ts';
import { PrismaResponseStore } from './store/response-store.ts';
import { PrismaResponseSource } from './store/results-source.ts';
import { LanguagePreferences } from './survey/preferences.ts';
import { BUILT_IN_DEFINITIONS, DefinitionRegistry } from './survey/registry.ts';
import { SurveyService } from './survey/service.ts';
import { FormService } from './survey/forms/service.ts';
import { InMemoryFormRepository } from './survey/forms/ports.ts';
import { PrismaFormRepository, type FormDelegate } from './store/form-store.ts';
import { createSchedule, type ScheduleComposition } from './schedule/composition.ts';
import { AnalyticsResultsReporter } from './schedule/results-reporter.ts';
import { PrismaReminderOptOuts } from './store/reminder-opt-outs.ts';

export interface App {
  readonly config: Config;
  readonly db: Database;
  readonly keyring: Keyring;
  readonly services: Services;
  readonly dispatcher: CommandDispatcher;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Scheduled posts and reminders: adapters register publishers, main.ts starts the scheduler. */
  readonly schedule: ScheduleComposition;
  close(): Promise<void>;
}

export interface AppOptions {
  readonly logger: Logger;
  readonly now?: () => Date;
}

export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  const applied = migrateSqlite(config.databaseUrl);
  if (applied.length > 0) logger.info('database migrated', { migrations: applied });
  const db = createDatabase(config.databaseUrl);
  const keyring = new Keyring(loadOrCreateSecret(config.DATA_DIR, config.CONFRERES_SECRET));
  // Loaded forms live in the Form table (Store v2); a database without it keeps them in memory.
  const formDelegate = (db as unknown as { form?: FormDelegate }).form;
  const formRepository = formDelegate ? new PrismaFormRepository({ form: formDelegate }) : new InMemoryFormRepository(now);
  const definitions = new DefinitionRegistry(BUILT_IN_DEFINITIONS, undefined, formRepository);
  const forms = new FormService({ forms: formRepository, definitions });
  const catalog = new PrismaSurveyCatalog(db);
  const commands = await loadCommands();
  const reminderOptOuts = new PrismaReminderOptOuts(db);
  const surveys = new SurveyService({ responses: new PrismaResponseStore(db), catalog, keyring, definitions, now, reminderOptOuts });
  const results = new ResultsService({
    catalog,
    definitions,
    source: new PrismaResponseSource(db),
    policy: { minCell: config.RESULTS_MIN_CELL, minComplete: config.RESULTS_MIN_COMPLETE },
  });
  const schedule = createSchedule({
    db,
    catalog,
    definitions,
    keyring,
    surveys,
    reminderOptOuts,
    logger,
    now,
    reminderAfterHours: config.REMINDER_AFTER_HOURS,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    results: new AnalyticsResultsReporter(results),
  });
  const services: Services = {
    surveys,
    catalog,
    definitions,
    preferences: new LanguagePreferences(new PrismaPreferenceStore(db), keyring),
    results,
    cme: schedule.cme,
    digests: schedule.digests,
    reminders: schedule.reminders,
    forms,
    commands: () => commands,
  };
  return {
    config,
    db,
    keyring,
    services,
    dispatcher: new CommandDispatcher(commands, logger),
    logger,
    now,
    schedule,
    close: async () => {
      await schedule.scheduler.stop();
      await db.$disconnect();
    },
  };
}
