/**
 * Answering interactions on time. Discord drops an interaction not acknowledged within 3 s,
 * so work that may take longer (charts, a slow disk) is raced against a timer: when the timer
 * wins, the interaction is deferred and the result follows as an edit or a follow-up.
 */
import {
  MessageFlags,
  type APIModalInteractionResponseCallbackData,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionReplyOptions,
  type MessageContextMenuCommandInteraction,
  type ModalSubmitInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import { t } from '../../i18n/index.ts';
import type { Language } from '../../shared/language.ts';
import type { OutgoingView } from './reply-view.ts';
import type { MessageView } from './survey-view.ts';

/** What a questionnaire interaction produces. */
export type Outcome =
  /** Edit the questionnaire message in place. */
  | { readonly kind: 'update'; readonly view: MessageView }
  /** New messages only the member sees (the questionnaire's first message, a refusal). */
  | { readonly kind: 'reply'; readonly views: readonly OutgoingView[] }
  | { readonly kind: 'modal'; readonly modal: APIModalInteractionResponseCallbackData };

export type ComponentInteraction = ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction;

/**
 * Waits for `work`; if it is not done after `deferAfterMs` (or at once when ≤ 0; never when
 * infinite), calls `defer` first. Says whether it deferred.
 */
export async function withinDeadline<T>(
  work: Promise<T>,
  deferAfterMs: number,
  defer: () => Promise<unknown>,
): Promise<{ value: T; deferred: boolean }> {
  // The failure is handled by the caller's await below; this only keeps it from counting as
  // unhandled while the deferral is on the wire.
  work.catch(() => undefined);
  if (deferAfterMs === Number.POSITIVE_INFINITY) return { value: await work, deferred: false };
  if (deferAfterMs > 0 && (await settlesWithin(work, deferAfterMs))) return { value: await work, deferred: false };
  await defer();
  return { value: await work, deferred: true };
}

async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function messageOptions(view: OutgoingView | MessageView, ephemeral: boolean): InteractionReplyOptions {
  const files = 'files' in view ? view.files : [];
  return {
    content: view.content,
    components: view.components,
    files: files.map((file) => ({ attachment: file.data, name: file.name, ...(file.description ? { description: file.description } : {}) })),
    // Texts quote member input (labels, answers): never let them ping anyone.
    allowedMentions: { parse: [] },
    ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/**
 * Sends a command's reply. A deferral is always ephemeral (the choice is made before the reply
 * exists): a private reply then replaces the "thinking" message, a public one is posted as
 * follow-ups after a short private note.
 */
export async function sendCommandReply(
  interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
  views: readonly OutgoingView[],
  options: { ephemeral: boolean; deferred: boolean; language: Language },
): Promise<void> {
  const [first, ...rest] = views;
  if (!first) return;
  const { ephemeral, deferred } = options;
  if (!deferred) {
    await interaction.reply(messageOptions(first, ephemeral));
  } else if (ephemeral) {
    const { flags: _flags, ...edit } = messageOptions(first, false);
    await interaction.editReply(edit);
  } else {
    await interaction.editReply({ content: t(options.language, 'discord.posted'), components: [], allowedMentions: { parse: [] } });
    rest.unshift(first);
  }
  for (const view of rest) await interaction.followUp(messageOptions(view, ephemeral));
}

/** Sends a questionnaire outcome, as an update of the message or as new private messages. */
export async function sendOutcome(interaction: ComponentInteraction, outcome: Outcome, deferred: boolean, language: Language): Promise<void> {
  switch (outcome.kind) {
    case 'update': {
      const { flags: _flags, files: _files, ...edit } = messageOptions(outcome.view, false);
      if (deferred) await interaction.editReply(edit);
      else if (interaction.isModalSubmit() && !interaction.isFromMessage()) await interaction.reply(messageOptions(outcome.view, true));
      else if (interaction.isModalSubmit() && interaction.isFromMessage()) await interaction.update(edit);
      else if (!interaction.isModalSubmit()) await interaction.update(edit);
      return;
    }
    case 'reply': {
      const [first, ...rest] = outcome.views;
      if (!first) return;
      if (deferred) await interaction.followUp(messageOptions(first, true));
      else await interaction.reply(messageOptions(first, true));
      for (const view of rest) await interaction.followUp(messageOptions(view, true));
      return;
    }
    case 'modal':
      // A modal must be the first answer to an interaction; after a deferral it cannot open.
      if (deferred) await interaction.followUp(messageOptions({ content: t(language, 'command.failed'), components: [] }, true));
      else if (interaction.isModalSubmit()) await interaction.reply(messageOptions({ content: t(language, 'command.failed'), components: [] }, true));
      else await interaction.showModal(outcome.modal);
      return;
  }
}
