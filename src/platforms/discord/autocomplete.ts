/**
 * Suggestions for command options marked `autocomplete` (the `item` and `by` options of
 * /results): the items and derived variables of the community's survey, and the groupings a
 * table can be split by (derived variables and single-choice items). Read-only, and answered
 * at once: Discord does not allow deferring an autocomplete.
 */
import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from 'discord.js';
import type { App } from '../../app.ts';
import type { Language } from '../../shared/language.ts';
import type { Definition } from '../../survey/definition.ts';
import { communityOf, languageOf } from './context.ts';
import { truncate } from './survey-view.ts';

const MAX_SUGGESTIONS = 25;

export interface Suggestion {
  readonly value: string;
  readonly name: string;
}

export async function suggestionsFor(app: App, interaction: AutocompleteInteraction): Promise<ApplicationCommandOptionChoiceData<string>[]> {
  const focused = interaction.options.getFocused(true);
  const [language, community] = await Promise.all([languageOf(app, interaction), communityOf(app, interaction)]);
  const { catalog, definitions, forms } = app.services;
  if (focused.name === 'form') {
    // /survey open form: the community's loaded forms, newest first, then the built-in survey.
    const loaded = community ? await forms.list(community.id) : [];
    const builtIn = definitions.defaultDefinition();
    const all = [...loaded.map((f) => entry(f.definitionId, `v${f.version}, ${f.name}`)), entry(builtIn.id, builtIn.title[language])];
    const query = fold(String(focused.value).trim());
    return all.filter((s) => query === '' || fold(s.name).includes(query)).slice(0, MAX_SUGGESTIONS);
  }
  const survey = community && (await catalog.currentSurvey(community.id));
  const definition = survey ? await definitions.ensureFor(survey) : definitions.defaultDefinition();
  return suggest(definition, focused.name, String(focused.value), language);
}

/** Suggestions for one option, filtered by what the member typed (code or words of the label). */
export function suggest(definition: Definition, option: string, typed: string, language: Language): Suggestion[] {
  const all = option === 'item' ? itemSuggestions(definition, language) : option === 'by' ? groupingSuggestions(definition, language) : [];
  const query = fold(typed.trim());
  return all.filter((s) => query === '' || fold(s.name).includes(query)).slice(0, MAX_SUGGESTIONS);
}

/** Items first, then derived variables (/results reports those too). */
function itemSuggestions(definition: Definition, language: Language): Suggestion[] {
  const items = definition.items.map((item) => entry(item.code, (item.shortLabel ?? item.label)[language]));
  return [...items, ...definition.derived.map((variable) => entry(variable.code, variable.label[language]))];
}

function groupingSuggestions(definition: Definition, language: Language): Suggestion[] {
  const derived = definition.derived.map((variable) => entry(variable.code, variable.label[language]));
  const single = definition.items.filter((item) => item.type === 'single').map((item) => entry(item.code, (item.shortLabel ?? item.label)[language]));
  return [...derived, ...single];
}

function entry(code: string, label: string): Suggestion {
  return { value: code, name: truncate(`${code} — ${label}`, 100) };
}

/** Lower case without accents, so "specialite" finds "Spécialité". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
