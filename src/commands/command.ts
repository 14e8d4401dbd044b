/**
 * The platform-neutral command shape. Each file in `commands/` default-exports one Command;
 * adapters turn them into Discord slash commands, Telegram bot commands and terminal
 * commands, and hand every invocation to `dispatch` (./dispatch.ts).
 */
import type { Member } from '../privacy/keyring.ts';
import type { Language } from '../shared/language.ts';
import type { OutgoingFile } from '../shared/outgoing-file.ts';
import type { Step } from '../survey/service.ts';
import type { CommunityRecord } from '../survey/ports.ts';
import type { CommandDeclaration } from './declaration.ts';
import type { Services } from './services.ts';

export type { Audience, CommandDeclaration, CommandOption, Subcommand } from './declaration.ts';

export interface Invocation {
  /** The subcommand, or null for the command's default action. */
  readonly subcommand: string | null;
  readonly options: Readonly<Record<string, string | undefined>>;
  /** The message the command points at: a Telegram reply, a Discord message context menu. */
  readonly referenced?: ReferencedMessage;
  /** A file sent with the command (`/survey load`), read only if the command needs it. */
  readonly attachment?: Attachment;
}

/**
 * A file a member sent with a command. The adapter knows how to fetch it from the platform;
 * the command reads it only after its own checks (admin, size), so nothing is downloaded for
 * a refused command.
 */
export interface Attachment {
  readonly name: string;
  /** Bytes, when the platform says (Discord and Telegram do). */
  readonly size?: number;
  read(): Promise<Uint8Array>;
}

/** What a command may read of the message it points at; never its author. */
export interface ReferencedMessage {
  readonly text?: string;
  /** A document attached to it, by the platform's file id (documents are never re-hosted). */
  readonly file?: { readonly id: string; readonly name?: string };
  /** A link to the message itself, when the platform has one. */
  readonly link?: string;
}

export interface CommandContext {
  readonly invocation: Invocation;
  readonly member: Member;
  /** Decided by the adapter from the platform (Manage Server, Telegram chat admin). */
  readonly isAdmin: boolean;
  readonly language: Language;
  /** The community the command concerns; null in a private chat that names none. */
  readonly community: CommunityRecord | null;
  readonly services: Services;
  readonly now: Date;
}

/** A file attached to a reply (a chart, an export). */
export type ReplyFile = OutgoingFile;

/** What a command answers, already localized; adapters decide how each part looks. */
export interface Reply {
  readonly text?: string;
  /** Shown to the invoking member only (Discord ephemeral, Telegram private chat). */
  readonly private?: boolean;
  /** A questionnaire step to render interactively. */
  readonly step?: Step;
  readonly files?: readonly ReplyFile[];
  /** An announcement inviting members to take this survey (a button or deep link). */
  readonly invitation?: { readonly surveyId: string; readonly title: string };
}

/** A command: what it declares (./declaration.ts) and how it answers. */
export interface Command extends CommandDeclaration {
  handle(context: CommandContext): Promise<Reply>;
}
