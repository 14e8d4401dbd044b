/**
 * A questionnaire prompt as plain text: the progress, the question, the hint, numbered
 * options and how to answer. The terminal prints it as is; chat adapters use it as the
 * message body above their buttons.
 */
import { t } from '../../i18n/index.ts';
import type { Language } from '../../shared/language.ts';
import type { Prompt } from '../../survey/engine.ts';

export function promptText(prompt: Prompt, language: Language, options: { numbered: boolean; howTo: boolean }): string {
  const lines = [`[${t(language, 'progress', prompt.progress)}] ${prompt.text}${prompt.required ? '' : ` ${t(language, 'prompt.optional')}`}`];
  if (prompt.hint) lines.push(prompt.hint);
  if (options.numbered) prompt.options.forEach((option, index) => lines.push(`  ${index + 1}. ${option.label}`));
  const current = selectedText(prompt);
  if (current) lines.push(t(language, 'prompt.selected', { value: current }));
  if (options.howTo) lines.push(howTo(prompt, language));
  return lines.join('\n');
}

function howTo(prompt: Prompt, language: Language): string {
  const skip = prompt.canSkip ? ` ${t(language, 'prompt.skip_help')}` : '';
  switch (prompt.type) {
    case 'single':
      return t(language, 'prompt.single_help', { max: prompt.options.length }) + skip;
    case 'multi':
      return t(language, 'prompt.multi_help', { min: prompt.minSelections ?? 1, max: prompt.maxSelections ?? prompt.options.length }) + skip;
    case 'scale':
      return t(language, 'prompt.scale_help', prompt.scale ?? { min: 0, max: 10, minLabel: '', maxLabel: '' }) + skip;
    case 'text':
      return t(language, 'prompt.text_help') + skip;
  }
}

/** The current answer in words ("Speed of responses, Availability at all times"). */
export function selectedText(prompt: Prompt): string | null {
  const { selected } = prompt;
  if (selected === null) return null;
  if (typeof selected === 'number') return String(selected);
  const codes = Array.isArray(selected) ? selected : [selected];
  if (prompt.type === 'text') return String(selected);
  const labels = codes.map((code) => prompt.options.find((o) => o.code === code)?.label ?? code);
  return labels.length > 0 ? labels.join(', ') : null;
}
