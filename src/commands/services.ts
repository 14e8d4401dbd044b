/**
 * What command handlers can reach. Built once by the composition root (src/main.ts) and
 * passed in; handlers never construct services themselves.
 */
import type { DefinitionRegistry } from '../survey/registry.ts';
import type { LanguagePreferences } from '../survey/preferences.ts';
import type { SurveyCatalog } from '../survey/ports.ts';
import type { SurveyService } from '../survey/service.ts';

export interface Services {
  readonly surveys: SurveyService;
  readonly catalog: SurveyCatalog;
  readonly definitions: DefinitionRegistry;
  readonly preferences: LanguagePreferences;
  /** The commands themselves, for /help. */
  readonly commands: () => readonly import('./command.ts').Command[];
}
