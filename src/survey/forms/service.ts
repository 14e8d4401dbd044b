/**
 * Loading forms for a community: read and check the file, refuse it as a whole with every
 * problem, or store it as a new version (the same file loaded again is the same form) and
 * teach the registry. Admin rights are checked by the commands that call it.
 */
import { createHash } from 'node:crypto';
import { err, ok, type Result } from '../../shared/result.ts';
import type { Definition } from '../definition.ts';
import type { DefinitionRegistry } from '../registry.ts';
import { readForm, type ReadOptions } from './index.ts';
import type { FormResult, ReadForm } from './build.ts';
import type { FormRepository, StoredForm } from './ports.ts';
import { problemAt, type FormProblem } from './problems.ts';

export interface LoadedForm {
  readonly form: StoredForm;
  readonly definition: Definition;
  readonly warnings: readonly FormProblem[];
  /** The same file was loaded before: nothing new was stored. */
  readonly alreadyLoaded: boolean;
}

export interface FormServiceDeps {
  readonly forms: FormRepository;
  readonly definitions: DefinitionRegistry;
}

export class FormService {
  constructor(private readonly deps: FormServiceDeps) {}

  /** Whether loaded forms outlive a restart (the database has the Form table). */
  get durable(): boolean {
    return this.deps.forms.durable;
  }

  /** Reads and checks a file without storing anything (`npm run form -- check`). */
  async check(bytes: Uint8Array, options: ReadOptions): Promise<FormResult> {
    const read = await readForm(bytes, options);
    if (!read.ok) return read;
    const clash = this.builtInClash(read.value);
    return clash ? err([clash]) : read;
  }

  /** Checks the file and stores it for the community; nothing is stored when anything is wrong. */
  async load(communityId: string, bytes: Uint8Array, options: ReadOptions): Promise<Result<LoadedForm, FormProblem[]>> {
    const contentHash = createHash('sha256').update(bytes).update(`#${options.instrument ?? ''}`).digest('hex');
    const previous = await this.deps.forms.findByHash(communityId, contentHash);
    if (previous) {
      const definition = await this.deps.definitions.ensure(previous.definitionId, previous.version);
      return ok({ form: previous, definition, warnings: [], alreadyLoaded: true });
    }
    const read = await this.check(bytes, options);
    if (!read.ok) return read;
    const name = options.instrument ? `${options.fileName}#${options.instrument}` : options.fileName;
    const form = await this.deps.forms.add({ communityId, name, format: read.value.format, contentHash, definition: read.value.input });
    const definition = this.deps.definitions.register(form.definition);
    return ok({ form, definition, warnings: read.value.warnings, alreadyLoaded: false });
  }

  /** The community's forms, the most recently loaded first. */
  list(communityId: string): Promise<StoredForm[]> {
    return this.deps.forms.list(communityId);
  }

  /**
   * A form of the community by what an admin types: its id (`burnout`, the latest version),
   * `burnout@2`, or the file name it was loaded from.
   */
  async find(communityId: string, reference: string): Promise<StoredForm | null> {
    const forms = await this.deps.forms.list(communityId);
    const [id, version] = reference.trim().split('@');
    const wanted = version === undefined ? undefined : Number(version);
    return (
      forms.find((f) => f.definitionId === id && (wanted === undefined || f.version === wanted)) ??
      forms.find((f) => f.name === reference.trim()) ??
      null
    );
  }

  /** The form loaded last in the community, if any. */
  async latest(communityId: string): Promise<StoredForm | null> {
    return (await this.deps.forms.list(communityId))[0] ?? null;
  }

  private builtInClash(read: ReadForm): FormProblem | null {
    if (!this.deps.definitions.isBuiltIn(read.input.id)) return null;
    const id = read.input.id;
    const column = read.format === 'xlsform' ? { sheet: 'settings', column: 'form_id' } : {};
    return problemAt(column, `« ${id} » est l’identifiant du questionnaire intégré : choisissez-en un autre`, `"${id}" is the built-in questionnaire's id: choose another`);
  }
}

