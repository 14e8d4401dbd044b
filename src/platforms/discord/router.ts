/**
 * Routes every interaction to its handler inside an error boundary: an unexpected error is
 * logged (without user ids or tokens), the member gets a polite private message, and the bot
 * carries on. Handlers in flight are tracked so a stop waits for their writes.
 */
import { MessageFlags, type ChatInputCommandInteraction, type Interaction, type MessageContextMenuCommandInteraction } from 'discord.js';
import type { Invocation } from '../../commands/command.ts';
import type { App } from '../../app.ts';
import { t } from '../../i18n/index.ts';
import type { Telemetry } from '../../ops/telemetry.ts';
import { languageFromLocale } from '../../shared/language.ts';
import { suggestionsFor } from './autocomplete.ts';
import { contextOf, invocationOf, referencedOf } from './context.ts';
import { decodeCustomId } from './custom-id.ts';
import { replyViews } from './reply-view.ts';
import { sendCommandReply, sendOutcome, withinDeadline } from './respond.ts';
import { commandOfMenu } from './slash-commands.ts';
import { rememberForReminder, surveyOutcome } from './survey-interactions.ts';

export interface RouterOptions {
  /** Work longer than this is deferred first (Discord allows 3 s); ≤ 0 defers every interaction. */
  readonly deferAfterMs: number;
  /** Commands deferred at once because their replies take long (charts). */
  readonly slowCommands: ReadonlySet<string>;
  readonly telemetry?: Telemetry;
}

export class InteractionRouter {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly app: App, private readonly options: RouterOptions) {}

  /** The client's interactionCreate listener; never rejects. */
  readonly listener = (interaction: Interaction): void => {
    const kind = kindOf(interaction).split(':')[0] ?? 'other';
    const handled = this.route(interaction).then(
      () => this.options.telemetry?.update('discord', kind, 'handled'),
      (error: unknown) => {
        this.options.telemetry?.update('discord', kind, 'failed');
        return this.fail(interaction, error);
      },
    );
    this.inFlight.add(handled);
    void handled.finally(() => this.inFlight.delete(handled));
  };

  /** Resolves when every handler started so far has finished. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async route(interaction: Interaction): Promise<void> {
    if (interaction.isChatInputCommand()) {
      await this.command(interaction, interaction.commandName, invocationOf(interaction));
      return;
    }
    if (interaction.isMessageContextMenuCommand()) {
      const name = commandOfMenu(interaction.commandName) ?? interaction.commandName;
      await this.command(interaction, name, { subcommand: null, options: {}, referenced: referencedOf(interaction.targetMessage) });
      return;
    }
    if (interaction.isAutocomplete()) {
      await interaction.respond(await suggestionsFor(this.app, interaction));
      return;
    }
    if (interaction.isButton() || interaction.isStringSelectMenu() || interaction.isModalSubmit()) {
      const action = decodeCustomId(interaction.customId);
      const work = surveyOutcome(this.app, interaction, action);
      // Opening a modal must be the first answer, so that one is never deferred.
      const deferAfter = action?.kind === 'write' ? Number.POSITIVE_INFINITY : this.options.deferAfterMs;
      const { value, deferred } = await withinDeadline(work, deferAfter, () => interaction.deferUpdate());
      await sendOutcome(interaction, value.outcome, deferred, value.language);
      return;
    }
    // Other components (user pickers...) are not the bot's: say so rather than time out.
    if (interaction.isRepliable()) {
      await interaction.reply({ content: t(languageFromLocale(interaction.locale), 'input.stale'), flags: MessageFlags.Ephemeral });
    }
  }

  /** Runs a command through the dispatcher (which checks audience, scope and options). */
  private async command(
    interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
    name: string,
    invocation: Invocation,
  ): Promise<void> {
    const work = (async () => {
      const context = await contextOf(this.app, interaction);
      const reply = await this.app.dispatcher.dispatch({ name, ...invocation, ...context, services: this.app.services, now: this.app.now() });
      await rememberForReminder(this.app, context, reply, interaction.user.id);
      return { reply, language: context.language };
    })();
    const deferAfter = this.options.slowCommands.has(name) ? 0 : this.options.deferAfterMs;
    const { value, deferred } = await withinDeadline(work, deferAfter, () => interaction.deferReply({ flags: MessageFlags.Ephemeral }));
    const views = replyViews(value.reply, value.language);
    await sendCommandReply(interaction, views, { ephemeral: value.reply.private === true, deferred, language: value.language });
  }

  private async fail(interaction: Interaction, error: unknown): Promise<void> {
    this.app.logger.error('discord interaction failed', { interaction: kindOf(interaction), error });
    if (!interaction.isRepliable()) return;
    const content = t(languageFromLocale(interaction.locale), 'command.failed');
    try {
      if (interaction.replied || interaction.deferred) await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
      else await interaction.reply({ content, flags: MessageFlags.Ephemeral });
    } catch (second) {
      this.app.logger.warn('discord apology failed', { interaction: kindOf(interaction), error: second });
    }
  }
}

/** A log-safe description of an interaction: its kind and command, never who sent it. */
function kindOf(interaction: Interaction): string {
  if (interaction.isChatInputCommand()) return `command:${interaction.commandName}`;
  if (interaction.isMessageContextMenuCommand()) return `menu:${commandOfMenu(interaction.commandName) ?? 'unknown'}`;
  if (interaction.isAutocomplete()) return `autocomplete:${interaction.commandName}`;
  if (interaction.isMessageComponent() || interaction.isModalSubmit()) {
    return `component:${decodeCustomId(interaction.customId)?.kind ?? 'unknown'}`;
  }
  return `type:${interaction.type}`;
}
