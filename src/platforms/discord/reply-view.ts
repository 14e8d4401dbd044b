/**
 * A platform-neutral Reply as Discord messages: the text split at 2000 characters, files as
 * attachments (10 per message), an invitation as an announcement with a "Take the survey"
 * button, a questionnaire step as the interactive prompt. Pure data; the router sends it.
 */
import { ButtonStyle, ComponentType } from 'discord.js';
import type { Reply, ReplyFile } from '../../commands/command.ts';
import { t } from '../../i18n/index.ts';
import type { Language } from '../../shared/language.ts';
import { splitText } from '../../shared/split-text.ts';
import { encodeCustomId } from './custom-id.ts';
import { MESSAGE_MAX_LENGTH, stepView, truncate, type ActionRow } from './survey-view.ts';

export interface OutgoingView {
  readonly content: string;
  readonly components: ActionRow[];
  readonly files: readonly ReplyFile[];
}

const FILES_PER_MESSAGE = 10;

/** The messages a reply becomes, in order; never empty. */
export function replyViews(reply: Reply, language: Language): OutgoingView[] {
  if (reply.step) {
    const view =
      reply.step.kind === 'complete'
        ? { content: reply.text ?? t(language, 'survey.completed'), components: [] }
        : stepView(reply.step, language, reply.text ? { intro: reply.text } : {});
    return [{ ...view, files: [] }];
  }
  const views = textAndFiles(reply.text ?? '', reply.files ?? []);
  const last = views[views.length - 1];
  if (reply.invitation && last) {
    views[views.length - 1] = { ...last, components: [invitationRow(reply.invitation.surveyId, language)] };
  }
  // Discord refuses a message with nothing in it; an empty reply still has to answer.
  return views.map((view) => (view.content === '' && view.files.length === 0 && view.components.length === 0 ? { ...view, content: '✓' } : view));
}

/** A text and files as messages within Discord's limits; at least one message. */
export function textAndFiles(text: string, files: readonly ReplyFile[]): OutgoingView[] {
  const chunks = splitText(text, MESSAGE_MAX_LENGTH);
  const fileGroups: ReplyFile[][] = [];
  for (let start = 0; start < files.length; start += FILES_PER_MESSAGE) fileGroups.push(files.slice(start, start + FILES_PER_MESSAGE));
  const count = Math.max(chunks.length, fileGroups.length, 1);
  const views: OutgoingView[] = [];
  for (let index = 0; index < count; index += 1) {
    // Files go with the last chunks, so a chart follows the text that introduces it.
    const group = fileGroups[index - (count - fileGroups.length)] ?? [];
    views.push({ content: chunks[index] ?? '', components: [], files: group });
  }
  return views;
}

export function invitationRow(surveyId: string, language: Language): ActionRow {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label: truncate(t(language, 'prompt.take_survey'), 80),
        custom_id: encodeCustomId({ kind: 'take', surveyId }),
      },
    ],
  };
}
