/**
 * What command handlers can reach. Built once by the composition root (src/main.ts) and
 * passed in; handlers never construct services themselves.
 */
import type { ResultsService } from '../analytics/service.ts';
import type { DefinitionRegistry } from '../survey/registry.ts';
import type { LanguagePreferences } from '../survey/preferences.ts';
import type { SurveyCatalog } from '../survey/ports.ts';
import type { SurveyService } from '../survey/service.ts';
import type { FormService } from '../survey/forms/service.ts';
import type { CmeService } from '../cme/service.ts';
import type { DigestService } from '../schedule/digest-service.ts';
import type { ReminderSettings } from '../schedule/reminder-settings.ts';
import type { CommandDeclaration } from './declaration.ts';

export interface Services {
  readonly surveys: SurveyService;
  readonly catalog: SurveyCatalog;
  readonly definitions: DefinitionRegistry;
  readonly preferences: LanguagePreferences;
  /** Results, Table 1 and export, with the who-sees-what and small-cell rules. */
  readonly results: ResultsService;
  /** CME capture and endorsements (/cme; adapters' reaction handlers). */
  readonly cme: CmeService;
  /** Digest preview and schedule settings (/digest). */
  readonly digests: DigestService;
  /** The reminder opt-out (/reminders). */
  readonly reminders: ReminderSettings;
  /** Questionnaires admins bring (REDCap dictionaries, XLSForms): /survey load, /survey open form:. */
  readonly forms: FormService;
  /** The commands themselves, for /help. */
  readonly commands: () => readonly CommandDeclaration[];
}
