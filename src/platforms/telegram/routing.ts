/**
 * Routes each update to one handler: commands to the dispatcher, button presses and typed
 * replies in the private chat to the questionnaire, membership changes to group
 * registration, 👍 reactions in groups to CME endorsements. Everything else is ignored.
 * Handlers throw only for the unexpected, which the bot's error boundary logs.
 */
import type { Bot } from 'grammy';
import { sequentialize } from '@grammyjs/runner';
import { CommandRouter, commandOf } from './commands.ts';
import { captionAsText } from './files.ts';
import type { TelegramDeps } from './context.ts';
import { onMembershipChange, onMigration } from './groups.ts';
import { ReactionHandler } from './reactions.ts';
import { SurveyFlow } from './survey-flow.ts';

export function installRoutes(bot: Bot, deps: TelegramDeps): void {
  const flow = new SurveyFlow(deps);
  const commands = new CommandRouter(deps, flow);
  // Updates of one chat are handled one at a time and in order; chats run concurrently.
  bot.use(sequentialize((ctx) => (ctx.chat ? String(ctx.chat.id) : undefined)));
  bot.on('my_chat_member', (ctx) => onMembershipChange(deps, ctx));
  bot.on('message:migrate_to_chat_id', (ctx) => onMigration(deps, ctx));
  bot.on('callback_query', (ctx) => flow.onCallback(ctx));
  const reactions = new ReactionHandler(deps);
  bot.on('message_reaction', (ctx) => reactions.onReaction(ctx));
  bot.on('message_reaction_count', (ctx) => reactions.onReactionCount(ctx));
  bot.on('message:text', async (ctx) => {
    const message = ctx.message;
    const from = message.from;
    // Other bots are ignored; an admin posting anonymously (as the group itself) is not.
    if (from.is_bot && message.sender_chat?.id !== message.chat.id) return;
    const command = commandOf(message, deps.username());
    if (command) return commands.onCommand(ctx, message, from, command.text);
    if (message.text.startsWith('/')) return;
    if (message.chat.type === 'private') return flow.onText(ctx, from, message.text);
  });
  // A document whose caption is a command (/survey load as the caption of a form file).
  bot.on('message:document', async (ctx) => {
    const message = captionAsText(ctx.message);
    const from = message.from;
    if (!from || (from.is_bot && message.sender_chat?.id !== message.chat.id)) return;
    const command = commandOf(message, deps.username());
    if (command) return commands.onCommand(ctx, message, from, command.text);
  });
}
