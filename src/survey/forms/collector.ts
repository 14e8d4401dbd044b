/**
 * What the REDCap and XLSForm readers collect while they read a form, and how both end a read:
 * a note left with no question after it is said, a form with nothing to ask is refused, and
 * otherwise the definition is built and checked (finishForm maps its problems back to rows).
 */
import type { Language, Localized } from '../../shared/language.ts';
import { err } from '../../shared/result.ts';
import type { DefinitionInput } from '../definition.ts';
import { finishForm, type FormFormat, type FormResult } from './build.ts';
import type { LogicField } from './logic.ts';
import { problemAt, type FormLocation, type FormProblem } from './problems.ts';

export type ItemInput = DefinitionInput['items'][number];
export type DerivedInput = NonNullable<DefinitionInput['derived']>[number];

/** What names the definition: taken from the form where it says, else from the file. */
export interface FormIdentity {
  readonly id: string;
  readonly title: Localized;
  readonly defaultLanguage: Language;
  readonly origin: DefinitionInput['origin'];
}

export abstract class FormCollector {
  protected readonly problems: FormProblem[] = [];
  protected readonly warnings: FormProblem[] = [];
  protected readonly items: ItemInput[] = [];
  protected readonly derived: DerivedInput[] = [];
  protected readonly groupings: string[] = [];
  /** Where each item or derived variable was read, for the loader's problems. */
  protected readonly rowOf = new Map<string, FormLocation>();
  /** Fields conditions may read, by name; a hidden or refused field says why it cannot be read. */
  protected readonly fields = new Map<string, LogicField | { refused: Localized }>();
  /** Notes waiting for the question they introduce. */
  protected pendingNotes: { text: Localized; relevant?: string }[] = [];

  /**
   * @param wholeForm where problems about the form as a whole are placed
   * @param trailingNote the warning for a note after the last question, in the format's words
   */
  protected finish(
    format: FormFormat,
    identity: FormIdentity,
    wholeForm: FormLocation,
    trailingNote: { fr: string; en: string },
    instruments: readonly string[],
  ): FormResult {
    if (this.pendingNotes.length > 0) this.warnings.push(problemAt(wholeForm, trailingNote.fr, trailingNote.en));
    if (this.items.length === 0 && this.problems.length === 0) this.problems.push(problemAt(wholeForm, 'aucune question à poser', 'no question to ask'));
    if (this.problems.length > 0) return err(this.problems);
    const input: DefinitionInput = {
      id: identity.id,
      version: 1,
      defaultLanguage: identity.defaultLanguage,
      languages: ['fr', 'en'],
      title: identity.title,
      items: this.items,
      derived: this.derived,
      ...(this.groupings.length > 0 ? { groupings: this.groupings } : {}),
      origin: identity.origin,
    };
    return finishForm(format, input, this.rowOf, this.warnings, instruments);
  }
}
