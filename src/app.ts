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
import type { Database } from './store/client.ts';
import { openStore, type Store } from './store/open-store.ts';
import { PrismaPreferenceStore } from './store/preferences.ts';
import { dayOf } from './shared/day.ts';
import { LanguagePreferences } from './survey/preferences.ts';
import { BUILT_IN_DEFINITIONS, DefinitionRegistry } from './survey/registry.ts';
import { SurveyService } from './survey/service.ts';
import { FormService } from './survey/forms/service.ts';
import { PrismaFormRepository } from './store/form-store.ts';
import { createSchedule, type ScheduleComposition } from './schedule/composition.ts';
import { AnalyticsResultsReporter } from './schedule/results-reporter.ts';
import { PrismaReminderOptOuts } from './store/reminder-opt-outs.ts';

export interface App {
  readonly config: Config;
  readonly db: Database;
  /** The database: answers, results and imports run through it. */
  readonly store: Store;
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
  const keyring = new Keyring(loadOrCreateSecret(config.DATA_DIR, config.CONFRERES_SECRET));
  const store = await openStore(config.databaseUrl, { batchSize: config.RESULTS_MIN_CELL, today: () => dayOf(now()), logger });
  const { db } = store;
  // Loaded forms live in the Form table, so every instance sees them.
  const formRepository = new PrismaFormRepository(db);
  const definitions = new DefinitionRegistry(BUILT_IN_DEFINITIONS, undefined, formRepository);
  const forms = new FormService({ forms: formRepository, definitions });
  const preloaded = await definitions.preload();
  for (const failure of preloaded.failed) logger.error('stored form no longer loads', failure);
  const catalog = new PrismaSurveyCatalog(db, store.releases);
  const commands = await loadCommands();
  const reminderOptOuts = new PrismaReminderOptOuts(db);
  const surveys = new SurveyService({ responses: store.responses, catalog, keyring, definitions, now, reminderOptOuts, logger });
  const results = new ResultsService({
    catalog,
    definitions,
    source: store.source,
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
    store,
    keyring,
    services,
    dispatcher: new CommandDispatcher(commands, logger),
    logger,
    now,
    schedule,
    close: async () => {
      await schedule.scheduler.stop();
      await store.close();
    },
  };
}
