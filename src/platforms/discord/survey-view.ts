/**
 * A questionnaire step as a Discord message: the progress and the question as text, the
 * answers as components. Pure data (API JSON), so it is tested without a client.
 *
 * Layout by item, within Discord's limits (5 rows of 5 buttons, 25 options per select menu):
 * - single choice: buttons up to 20 choices (4 rows, the 5th holds Back/Skip), else a select menu;
 * - scale: one button per value up to 20 values (0–10 is eleven buttons over three rows);
 * - multiple choice: a select menu with min/max values;
 * - text: a button opening a modal;
 * - anything larger: numbered options in the text and a modal where the option numbers are typed.
 */
import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
  type APIModalInteractionResponseCallbackData,
  type APISelectMenuOption,
} from 'discord.js';
import { t } from '../../i18n/index.ts';
import type { Language } from '../../shared/language.ts';
import type { Prompt } from '../../survey/engine.ts';
import type { Step } from '../../survey/service.ts';
import { promptText } from '../shared/prompt-text.ts';
import { encodeCustomId } from './custom-id.ts';
import { DISCORD_MESSAGE_LIMIT } from '../../shared/split-text.ts';

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

export interface MessageView {
  readonly content: string;
  readonly components: ActionRow[];
}

export type Layout = 'buttons' | 'select' | 'text' | 'typed';

export const MESSAGE_MAX_LENGTH = DISCORD_MESSAGE_LIMIT;
const BUTTONS_PER_ROW = 5;
const MAX_ANSWER_BUTTONS = 20;
const MAX_SELECT_OPTIONS = 25;
/** The name of the text input inside the answer modal. */
export const ANSWER_FIELD = 'answer';

export interface ViewExtras {
  /** Shown above the question (the survey's introduction, or "resumed"). */
  readonly intro?: string;
  /** A problem with the last answer, shown above everything else. */
  readonly notice?: string;
}

export function stepView(step: Step, language: Language, extras: ViewExtras = {}): MessageView {
  if (step.kind === 'complete') {
    return { content: joinBlocks([extras.notice && `⚠️ ${extras.notice}`, t(language, 'survey.completed')]), components: [] };
  }
  return promptView(step.surveyId, step.prompt, language, extras);
}

/** How an item is answered on Discord (see the module comment). */
export function layoutOf(prompt: Prompt): Layout {
  if (prompt.type === 'text') return 'text';
  const count = valuesOf(prompt).length;
  if (prompt.type !== 'multi' && count <= MAX_ANSWER_BUTTONS) return 'buttons';
  return count <= MAX_SELECT_OPTIONS ? 'select' : 'typed';
}

export function promptView(surveyId: string, prompt: Prompt, language: Language, extras: ViewExtras = {}): MessageView {
  const layout = layoutOf(prompt);
  const typed = layout === 'typed';
  const body = promptText(prompt, language, { numbered: typed, howTo: typed });
  const content = joinBlocks([extras.notice && `⚠️ ${extras.notice}`, extras.intro, joinLines([body, helpLine(prompt, layout, language)])]);
  const rows: ActionRow[] = [];
  if (layout === 'buttons') rows.push(...answerButtons(surveyId, prompt));
  if (layout === 'select') rows.push(selectMenu(surveyId, prompt, language));
  const navigation = navigationRow(surveyId, prompt, layout, language);
  if (navigation) rows.push(navigation);
  return { content: truncate(content, MESSAGE_MAX_LENGTH), components: rows };
}

/** The modal of a text item, or of an item whose option numbers are typed. */
export function answerModal(surveyId: string, prompt: Prompt, language: Language): APIModalInteractionResponseCallbackData {
  const typed = layoutOf(prompt) === 'typed';
  const description = prompt.text.length > 45 ? prompt.text : prompt.hint;
  const current = prompt.type === 'text' && typeof prompt.selected === 'string' ? prompt.selected : undefined;
  return {
    custom_id: encodeCustomId({ kind: 'text', surveyId, item: prompt.itemCode }),
    title: truncate(t(language, 'discord.modal_title'), 45),
    components: [
      {
        type: ComponentType.Label,
        label: truncate(prompt.text, 45),
        ...(description ? { description: truncate(description, 100) } : {}),
        component: {
          type: ComponentType.TextInput,
          custom_id: ANSWER_FIELD,
          style: typed ? TextInputStyle.Short : TextInputStyle.Paragraph,
          required: true,
          max_length: 4000,
          ...(current ? { value: truncate(current, 4000) } : {}),
        },
      },
    ],
  };
}

/** The values a choice or scale item offers, as the custom_id or select value carries them. */
function valuesOf(prompt: Prompt): { value: number; label: string; selected: boolean }[] {
  const { selected } = prompt;
  if (prompt.type === 'scale') {
    const { min, max } = prompt.scale ?? { min: 0, max: 10 };
    return Array.from({ length: max - min + 1 }, (_, i) => ({ value: min + i, label: String(min + i), selected: selected === min + i }));
  }
  const chosen = new Set(Array.isArray(selected) ? selected : typeof selected === 'string' ? [selected] : []);
  return prompt.options.map((option, index) => ({ value: index, label: option.label, selected: chosen.has(option.code) }));
}

function answerButtons(surveyId: string, prompt: Prompt): ActionRow[] {
  const values = valuesOf(prompt);
  const rowCount = Math.ceil(values.length / BUTTONS_PER_ROW);
  const perRow = Math.ceil(values.length / rowCount);
  const buttons = values.map(({ value, label, selected }): APIButtonComponentWithCustomId => ({
    type: ComponentType.Button,
    style: selected ? ButtonStyle.Primary : ButtonStyle.Secondary,
    label: truncate(label, 80),
    custom_id:
      prompt.type === 'scale'
        ? encodeCustomId({ kind: 'scale', surveyId, item: prompt.itemCode, value })
        : encodeCustomId({ kind: 'choice', surveyId, item: prompt.itemCode, index: value }),
  }));
  const rows: ActionRow[] = [];
  for (let start = 0; start < buttons.length; start += perRow) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(start, start + perRow) });
  }
  return rows;
}

function selectMenu(surveyId: string, prompt: Prompt, language: Language): ActionRow {
  const values = valuesOf(prompt);
  const options: APISelectMenuOption[] = values.map(({ value, label, selected }) => ({
    label: truncate(label, 100),
    value: String(value),
    ...(selected ? { default: true } : {}),
  }));
  const multi = prompt.type === 'multi';
  const min = multi ? (prompt.minSelections ?? 1) : 1;
  const max = multi ? (prompt.maxSelections ?? values.length) : 1;
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: encodeCustomId({ kind: 'select', surveyId, item: prompt.itemCode }),
        placeholder: truncate(multi ? t(language, 'discord.choose_many', { min, max }) : t(language, 'discord.choose_one'), 150),
        min_values: min,
        max_values: max,
        options,
      },
    ],
  };
}

function navigationRow(surveyId: string, prompt: Prompt, layout: Layout, language: Language): ActionRow | null {
  const item = prompt.itemCode;
  const buttons: APIButtonComponentWithCustomId[] = [];
  if (prompt.canGoBack) buttons.push(button(encodeCustomId({ kind: 'back', surveyId, item }), `← ${t(language, 'prompt.back')}`, ButtonStyle.Secondary));
  if (layout === 'text' || layout === 'typed') {
    buttons.push(button(encodeCustomId({ kind: 'write', surveyId, item }), t(language, 'discord.write'), ButtonStyle.Primary));
  }
  if (prompt.canSkip) buttons.push(button(encodeCustomId({ kind: 'skip', surveyId, item }), `${t(language, 'prompt.skip')} →`, ButtonStyle.Secondary));
  return buttons.length > 0 ? { type: ComponentType.ActionRow, components: buttons } : null;
}

function button(customId: string, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, style, label: truncate(label, 80), custom_id: customId };
}

function helpLine(prompt: Prompt, layout: Layout, language: Language): string | undefined {
  if (layout === 'text') return t(language, 'discord.text_help');
  if (prompt.type === 'scale' && prompt.scale && layout !== 'typed') return t(language, 'discord.scale_legend', prompt.scale);
  return undefined;
}

function joinBlocks(blocks: readonly (string | undefined | false)[]): string {
  return blocks.filter((b): b is string => Boolean(b)).join('\n\n');
}

function joinLines(lines: readonly (string | undefined)[]): string {
  return lines.filter((l): l is string => Boolean(l)).join('\n');
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
