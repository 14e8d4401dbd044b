/**
 * Runs one command invocation: finds the command, checks who may run it and where, checks
 * option values, then calls the handler inside an error boundary. An unexpected error
 * becomes a polite localized reply and a log line without user data; it never reaches the
 * platform loop.
 */
import { t } from '../i18n/index.ts';
import type { Logger } from '../shared/logger.ts';
import type { Command, CommandContext, CommandOption, Invocation, Reply } from './command.ts';

export type DispatchRequest = Omit<CommandContext, 'invocation'> & {
  readonly name: string;
  readonly subcommand: string | null;
  readonly options: Readonly<Record<string, string | undefined>>;
  readonly referenced?: Invocation['referenced'];
  readonly attachment?: Invocation['attachment'];
};

export class CommandDispatcher {
  private readonly byName: ReadonlyMap<string, Command>;

  constructor(readonly commands: readonly Command[], private readonly logger: Logger) {
    this.byName = new Map(commands.map((command) => [command.name, command]));
  }

  find(name: string): Command | undefined {
    return this.byName.get(name);
  }

  async dispatch(request: DispatchRequest): Promise<Reply> {
    const { language } = request;
    const command = this.byName.get(request.name);
    if (!command) return { text: t(language, 'command.unknown', { name: request.name }), private: true };
    const subcommand = request.subcommand === null ? null : command.subcommands?.find((s) => s.name === request.subcommand);
    if (request.subcommand !== null && !subcommand) {
      const allowed = (command.subcommands ?? []).map((s) => s.name).join(', ');
      return { text: t(language, 'command.bad_option', { option: `/${command.name}`, value: request.subcommand, allowed }), private: true };
    }
    if (request.subcommand === null && command.subcommands?.length && !command.defaultAction) {
      const allowed = command.subcommands.map((s) => s.name).join(', ');
      return { text: t(language, 'command.missing_option', { option: allowed }), private: true };
    }
    const audience = subcommand?.audience ?? command.audience;
    if (audience === 'admin' && !request.isAdmin) return { text: t(language, 'error.permission.admin_only'), private: true };
    if (command.scope === 'community' && request.community === null) {
      return { text: t(language, 'error.community.required'), private: true };
    }
    const declared = subcommand ? subcommand.options : (command.options ?? command.defaultOptions);
    const problem = checkOptions(declared ?? [], request.options, language);
    if (problem) return { text: problem, private: true };
    const { name: _name, subcommand: _sub, options, referenced, attachment, ...context } = request;
    const invocation: Invocation = { subcommand: request.subcommand, options, ...(referenced ? { referenced } : {}), ...(attachment ? { attachment } : {}) };
    try {
      return await command.handle({ ...context, invocation });
    } catch (error) {
      this.logger.error('command failed', { command: command.name, subcommand: request.subcommand, error });
      return { text: t(language, 'command.failed'), private: true };
    }
  }
}

function checkOptions(
  declared: readonly CommandOption[],
  given: Readonly<Record<string, string | undefined>>,
  language: CommandContext['language'],
): string | null {
  for (const option of declared) {
    const value = given[option.name];
    if (value === undefined || value === '') {
      if (option.required) return t(language, 'command.missing_option', { option: option.name });
      continue;
    }
    if (option.choices && !option.choices.some((c) => c.value === value)) {
      return t(language, 'command.bad_option', { option: option.name, value, allowed: option.choices.map((c) => c.value).join(', ') });
    }
    if (option.type === 'integer' && !/^-?\d+$/.test(value)) {
      return t(language, 'command.bad_option', { option: option.name, value, allowed: '0, 1, 2…' });
    }
  }
  return null;
}
