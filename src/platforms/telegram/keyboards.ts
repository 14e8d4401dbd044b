/**
 * A questionnaire prompt as one Telegram message: the text (progress, question, hint, current
 * answer, how to answer) and its inline keyboard. Choices get one button each, a 0–10 scale
 * eleven buttons over two rows with the endpoint labels in the text, a multiple choice ticks
 * (✓) with a Done button, and Back and Skip sit on the last row where allowed. A text item
 * has no buttons but Back and Skip: the answer comes through a ForceReply message.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { t } from '../../i18n/index.ts';
import type { Language } from '../../shared/language.ts';
import type { Prompt } from '../../survey/engine.ts';
import { promptText } from '../shared/prompt-text.ts';
import { encodeCallback, type CallbackAction } from './callback-data.ts';

export interface RenderedPrompt {
  readonly text: string;
  readonly keyboard: InlineKeyboardMarkup;
  /** For a text item: the text of the ForceReply message that collects the answer. */
  readonly forceReply: string | null;
}

const TICK = '✓ ';
/** A scale longer than this is laid out over several rows. */
const SCALE_ROW = 6;

export function renderPrompt(prompt: Prompt, itemIndex: number, tag: string, language: Language): RenderedPrompt {
  const button = (text: string, action: CallbackAction): InlineKeyboardButton => ({
    text,
    callback_data: encodeCallback({ tag, action }),
  });
  const item = itemIndex;
  const lines = [promptText(prompt, language, { numbered: false, howTo: false })];
  const rows: InlineKeyboardButton[][] = [];
  switch (prompt.type) {
    case 'single':
      prompt.options.forEach((option, index) => {
        const mark = prompt.selected === option.code ? TICK : '';
        rows.push([button(mark + option.label, { op: 'choose', item, index })]);
      });
      break;
    case 'scale': {
      const scale = prompt.scale ?? { min: 0, max: 10, minLabel: '', maxLabel: '' };
      lines.push(t(language, 'telegram.scale_legend', scale));
      const values = Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i);
      const perRow = values.length <= SCALE_ROW + 2 ? values.length : Math.ceil(values.length / Math.ceil(values.length / SCALE_ROW));
      for (let start = 0; start < values.length; start += perRow) {
        rows.push(
          values.slice(start, start + perRow).map((value) => {
            const mark = prompt.selected === value ? TICK : '';
            return button(`${mark}${value}`, { op: 'scale', item, index: value - scale.min });
          }),
        );
      }
      break;
    }
    case 'multi': {
      const selected = Array.isArray(prompt.selected) ? prompt.selected : [];
      lines.push(
        t(language, 'telegram.multi_help', { min: prompt.minSelections ?? 1, max: prompt.maxSelections ?? prompt.options.length }),
      );
      prompt.options.forEach((option, index) => {
        const ticked = selected.includes(option.code);
        rows.push([button(ticked ? TICK + option.label : option.label, { op: ticked ? 'remove' : 'add', item, index })]);
      });
      rows.push([button(t(language, 'prompt.done'), { op: 'done', item })]);
      break;
    }
    case 'text':
      lines.push(t(language, 'telegram.text_help'));
      break;
  }
  const navigation: InlineKeyboardButton[] = [];
  if (prompt.canGoBack) navigation.push(button(`‹ ${t(language, 'prompt.back')}`, { op: 'back', item }));
  if (prompt.canSkip) navigation.push(button(`${t(language, 'prompt.skip')} ›`, { op: 'skip', item }));
  if (navigation.length > 0) rows.push(navigation);
  return {
    text: lines.join('\n'),
    keyboard: { inline_keyboard: rows },
    forceReply: prompt.type === 'text' ? forceReplyText(prompt, language) : null,
  };
}

/** The ForceReply message of a text item: progress and question again, as it stands alone. */
export function forceReplyText(prompt: Prompt, language: Language): string {
  return t(language, 'telegram.text_prompt', { progress: t(language, 'progress', prompt.progress), question: prompt.text });
}
