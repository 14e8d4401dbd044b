/**
 * Terminal mode: one person plays one member of one local community, with the same commands
 * as on the chat platforms. Lines starting with "/" are commands; any other line answers the
 * current question (option number, comma-separated numbers, an integer, or the text itself;
 * an empty line skips an optional item). `/back` returns to the previous question. Works
 * with piped input and ends cleanly at end of input.
 *
 * At start it says what it did (opened the survey, or found it open, or found it closed)
 * and which role the person plays (member, or admin with CONSOLE_ADMIN=true). Typed lines
 * lose their control characters and terminal escape sequences before anything reads them
 * (see input-text.ts); files a command returns (/export, charts) are written to `filesDir`
 * with mode 600 and their paths printed.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path, { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Attachment, Command, Reply } from '../../commands/command.ts';
import type { CommandDispatcher } from '../../commands/dispatch.ts';
import type { Services } from '../../commands/services.ts';
import { describeError, t } from '../../i18n/index.ts';
import type { Member } from '../../privacy/keyring.ts';
import { dayOf } from '../../shared/day.ts';
import type { Language } from '../../shared/language.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Result } from '../../shared/result.ts';
import type { SurveyError } from '../../survey/errors.ts';
import type { CommunityRecord } from '../../survey/ports.ts';
import type { Step } from '../../survey/service.ts';
import { promptText } from '../shared/prompt-text.ts';
import { parseCommandLine, parseInvocation } from '../../commands/typed-command.ts';
import { cleanTypedLine } from './input-text.ts';

export interface ConsoleOptions {
  readonly input: Readable;
  readonly output: Writable;
  readonly services: Services;
  readonly dispatcher: CommandDispatcher;
  readonly logger: Logger;
  readonly member: Member;
  readonly isAdmin: boolean;
  readonly language: Language;
  readonly communityName: string;
  readonly now: () => Date;
  /** Where files returned by commands go (DATA_DIR/exports); without it they are only listed. */
  readonly filesDir?: string;
}

export const CONSOLE_COMMUNITY_ID = 'local';

export class ConsoleSession {
  private community!: CommunityRecord;
  private step: Step | null = null;
  /** The member finished the questionnaire in this session (so /back can say so). */
  private completed = false;

  constructor(private readonly options: ConsoleOptions) {}

  /** Runs until end of input. */
  async run(): Promise<void> {
    const { services, now, communityName } = this.options;
    this.community = await services.catalog.ensureCommunity('console', CONSOLE_COMMUNITY_ID, communityName, dayOf(now()));
    const opened = await this.ensureOpenSurvey();
    const language = await this.language();
    this.print(t(language, this.options.isAdmin ? 'console.welcome_admin' : 'console.welcome', { community: communityName }));
    const survey = await services.catalog.currentSurvey(this.community.id);
    this.print(t(language, opened ? 'console.survey_opened' : survey?.status === 'closed' ? 'console.survey_closed' : 'console.survey_found'));
    await this.command('/survey');
    const lines = createInterface({ input: this.options.input, terminal: false, crlfDelay: Infinity });
    for await (const raw of lines) {
      const line = cleanTypedLine(raw);
      try {
        await (line.trimStart().startsWith('/') ? this.command(line.trim()) : this.answer(line));
      } catch (error) {
        // One bad line must not end the session.
        this.options.logger.error('terminal input failed', { error });
        this.print(t(await this.language(), 'command.failed'));
      }
    }
    this.print(t(await this.language(), 'console.bye'));
  }

  /** A fresh local database gets the default survey opened, so there is something to answer; true when it did. */
  private async ensureOpenSurvey(): Promise<boolean> {
    const { services, now } = this.options;
    if (await services.catalog.currentSurvey(this.community.id)) return false;
    const definition = services.definitions.defaultDefinition();
    return (await services.catalog.openSurvey(this.community.id, definition.id, definition.version, dayOf(now()))) !== null;
  }

  private async language(): Promise<Language> {
    return this.options.services.preferences.resolve(this.options.member, this.options.language);
  }

  private async command(line: string): Promise<void> {
    const language = await this.language();
    const parsed = parseCommandLine(line);
    if (parsed.name === 'back') {
      const { member, services } = this.options;
      if (this.step?.kind === 'prompt') this.show(await services.surveys.back(member, this.step.surveyId, language), language);
      else this.print(t(language, this.completed ? 'console.back_complete' : 'error.response.none'));
      return;
    }
    const command = this.options.dispatcher.find(parsed.name);
    const { subcommand, options } = parseInvocation(line, command);
    const attachment = localAttachment(command, subcommand, options);
    const reply = await this.options.dispatcher.dispatch({
      name: parsed.name,
      subcommand,
      options,
      ...(attachment ? { attachment } : {}),
      member: this.options.member,
      isAdmin: this.options.isAdmin,
      language,
      community: this.community,
      services: this.options.services,
      now: this.options.now(),
    });
    this.render(reply, await this.language());
  }

  private async answer(line: string): Promise<void> {
    const language = await this.language();
    const step = this.step;
    if (step?.kind !== 'prompt') {
      this.print(t(language, 'error.response.none'));
      return;
    }
    const { member, services } = this.options;
    const { prompt, surveyId } = step;
    if (line.trim() === '') {
      this.show(await services.surveys.skip(member, surveyId, prompt.itemCode, language), language);
      return;
    }
    this.show(await services.surveys.answerTyped(member, surveyId, prompt.itemCode, line, language), language);
  }

  private show(result: Result<Step, SurveyError>, language: Language): void {
    if (!result.ok) {
      this.print(describeError(language, result.error));
      return;
    }
    this.render({ step: result.value }, language);
  }

  private render(reply: Reply, language: Language): void {
    if (reply.text) this.print(reply.text);
    if (reply.invitation) this.print(`→ ${t(language, 'prompt.take_survey')}${language === 'fr' ? ' : ' : ': '}/survey`);
    for (const file of reply.files ?? []) this.print(this.saveFile(file, language));
    if (!reply.step) return;
    this.step = reply.step;
    if (reply.step.kind === 'complete') {
      this.print(t(language, 'survey.completed'));
      this.step = null;
      this.completed = true;
      return;
    }
    this.print('');
    this.print(promptText(reply.step.prompt, language, { numbered: true, howTo: true }));
  }

  /** Writes a returned file where the person can open it (mode 600: it may hold answers). */
  private saveFile(file: { readonly name: string; readonly data: Buffer }, language: Language): string {
    const dir = this.options.filesDir;
    if (!dir) return `[${file.name}, ${file.data.length} bytes]`;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const target = path.join(dir, path.basename(file.name));
    writeFileSync(target, file.data, { mode: 0o600 });
    // An existing file keeps its old mode through writeFileSync: set it again.
    chmodSync(target, 0o600);
    return t(language, 'console.file_written', { path: target, bytes: file.data.length });
  }

  private print(text: string): void {
    this.options.output.write(text + '\n');
  }
}

/**
 * In the terminal a file option names a local file (`/survey load file:burnout.csv`): it is
 * read from disk when the command asks for it, as the chat adapters fetch an uploaded one.
 */
function localAttachment(command: Command | undefined, subcommand: string | null, options: Readonly<Record<string, string | undefined>>): Attachment | undefined {
  const declared = (subcommand === null ? command?.options : command?.subcommands?.find((s) => s.name === subcommand)?.options) ?? [];
  const option = declared.find((o) => o.type === 'attachment' && options[o.name]);
  const file = option ? options[option.name] : undefined;
  if (!file) return undefined;
  // "burnout.csv#baseline": the path without the instrument; the name keeps it for the command.
  const hash = file.lastIndexOf('#');
  const path = hash > 0 ? file.slice(0, hash) : file;
  return { name: basename(file), read: async () => new Uint8Array(await readFile(path)) };
}