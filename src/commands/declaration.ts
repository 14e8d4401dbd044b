/**
 * What a command declares (name, descriptions, audience, options), apart from how it answers:
 * the adapters register these, /help prints them. The services hand the list to /help as
 * declarations, so they need not import the command layer that is built on them.
 */
import type { Localized } from '../shared/language.ts';

/** Who may run a command: any member, or the community's admins only. */
export type Audience = 'member' | 'admin';

export interface CommandOption {
  readonly name: string;
  readonly description: Localized;
  /**
   * 'channel' is a channel of the community: Discord offers a channel picker and passes its id;
   * Telegram and the terminal take it as typed text (<#id>, a channel or chat id, @channel).
   * 'attachment' is a file sent with the command (Discord's attachment option; on Telegram the
   * document replied to or captioned): the adapter hands it over as `Invocation.attachment`.
   */
  readonly type: 'string' | 'integer' | 'boolean' | 'channel' | 'attachment';
  readonly required?: boolean;
  /** Fixed values; anything else is refused before the handler runs. */
  readonly choices?: readonly { readonly value: string; readonly label: Localized }[];
  /** Values suggested as the member types (Discord autocomplete). */
  readonly autocomplete?: boolean;
}

export interface Subcommand {
  readonly name: string;
  readonly description: Localized;
  readonly audience: Audience;
  readonly options?: readonly CommandOption[];
}

export interface CommandDeclaration {
  readonly name: string;
  readonly description: Localized;
  /** The audience of the default action; subcommands carry their own. */
  readonly audience: Audience;
  /** Where the command makes sense. */
  readonly scope: 'community' | 'private' | 'any';
  readonly subcommands?: readonly Subcommand[];
  readonly options?: readonly CommandOption[];
  /** Whether the command may run without a subcommand (e.g. `/survey` alone starts it). */
  readonly defaultAction?: boolean;
  /**
   * Options of the default action of a command that also has subcommands (`/cme <url> [title]`
   * beside `/cme share`). Discord cannot express them (its context menus pass `referenced`);
   * Telegram and the terminal map the words after the command to them in order.
   */
  readonly defaultOptions?: readonly CommandOption[];
}
