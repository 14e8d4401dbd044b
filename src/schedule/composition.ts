/**
 * Builds CME capture, digests, reminders and the scheduler on the application's database.
 * createApp calls it (commands reach `cme`, `digests`, `reminders`); main.ts registers each
 * running platform's publisher in `publishers` and starts `scheduler`.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { CmeService } from '../cme/service.ts';
import type { CommunityPublisher } from './ports.ts';
import type { Keyring } from '../privacy/keyring.ts';
import type { Language } from '../shared/language.ts';
import type { Logger } from '../shared/logger.ts';
import type { Telemetry } from '../ops/telemetry.ts';
import type { Database } from '../store/client.ts';
import { PrismaCmeStore } from '../store/cme-store.ts';
import { PrismaDigestSettingsStore } from '../store/digest-config.ts';
import { PrismaRunClaims } from '../store/run-claims.ts';
import { PrismaReminderStore, PrismaScheduleDirectory } from '../store/schedule-store.ts';
import type { ReminderOptOuts, SurveyCatalog } from '../survey/ports.ts';
import type { DefinitionRegistry } from '../survey/registry.ts';
import type { SurveyService } from '../survey/service.ts';
import type { ResultsReporter, ScheduleContext } from './context.ts';
import { DigestService } from './digest-service.ts';
import { ReminderSettings } from './reminder-settings.ts';
import { nodeCronDriver, Scheduler, type CronDriver } from './scheduler.ts';

export interface ScheduleOptions {
  readonly db: Database;
  readonly catalog: SurveyCatalog;
  readonly definitions: DefinitionRegistry;
  readonly keyring: Keyring;
  readonly surveys: SurveyService;
  readonly reminderOptOuts: ReminderOptOuts;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly reminderAfterHours: number;
  readonly defaultLanguage: Language;
  readonly results?: ResultsReporter;
  readonly driver?: CronDriver;
  /** Names this process in claim rows; tests give two schedulers distinct names. */
  readonly instance?: string;
}

export interface ScheduleComposition {
  /** Platform → publisher, filled by main.ts as adapters start; read at every run. */
  readonly publishers: Map<string, CommunityPublisher>;
  readonly context: ScheduleContext;
  readonly scheduler: Scheduler;
  readonly cme: CmeService;
  readonly digests: DigestService;
  readonly reminders: ReminderSettings;
  /** Reports scheduled posts and database failures to the instance's metrics from now on. */
  observe(telemetry: Telemetry): void;
}

export function createSchedule(options: ScheduleOptions): ScheduleComposition {
  const { db, keyring } = options;
  const publishers = new Map<string, CommunityPublisher>();
  const cme = new CmeService(new PrismaCmeStore(db), undefined, (member, communityId, pointKey) => keyring.endorserKey(member, communityId, pointKey));
  const reminderStore = new PrismaReminderStore(db);
  const context: ScheduleContext = {
    directory: new PrismaScheduleDirectory(db),
    settings: new PrismaDigestSettingsStore(db),
    claims: new PrismaRunClaims(db),
    cme,
    catalog: options.catalog,
    definitions: options.definitions,
    reminders: reminderStore,
    openAddress: (sealed) => keyring.decryptAddress(sealed),
    publishers,
    results: options.results,
    logger: options.logger,
    now: options.now,
    instance: options.instance ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    reminderAfterHours: options.reminderAfterHours,
    defaultLanguage: options.defaultLanguage,
  };
  const scheduler = new Scheduler(context, options.driver ?? nodeCronDriver);
  const digests = new DigestService(context);
  // A /digest config on this instance moves the community's task at once.
  digests.onSettingsChanged(() => {
    scheduler.sync().catch((error: unknown) => options.logger.error('reschedule failed', { error }));
  });
  const reminders = new ReminderSettings(options.surveys, options.catalog, reminderStore, options.reminderOptOuts, keyring);
  const observe = (telemetry: Telemetry) => {
    context.telemetry = telemetry;
  };
  return { publishers, context, scheduler, cme, digests, reminders, observe };
}
