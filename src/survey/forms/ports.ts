/**
 * Where loaded forms live: in the database (table `Form`), so every instance of the bot sees
 * a form loaded on any of them, and a run keeps the version it was opened with.
 */
import type { DefinitionInput } from '../definition.ts';
import type { FormFormat } from './build.ts';

export interface StoredForm {
  readonly id: string;
  readonly communityId: string;
  readonly definitionId: string;
  readonly version: number;
  /** The file's name as loaded (with `#instrument` when one was picked). */
  readonly name: string;
  readonly format: FormFormat;
  /** SHA-256 (hex) of the file and the instrument picked: the same file loaded again is the same form. */
  readonly contentHash: string;
  /** The definition as JSON, its `version` equal to `version`. */
  readonly definition: DefinitionInput;
  readonly createdAt: Date;
}

export interface NewForm {
  readonly communityId: string;
  readonly name: string;
  readonly format: FormFormat;
  readonly contentHash: string;
  /** The definition; its id names the form, its version is assigned on storing. */
  readonly definition: DefinitionInput;
}

export interface FormRepository {
  /** False for a repository that forgets on restart: a tool must not open a run on a form it will lose. */
  readonly durable: boolean;
  /**
   * Stores the form as the next version of its definition id (one more than the highest
   * stored, whatever the community), atomically: two loads at once get two versions.
   */
  add(form: NewForm): Promise<StoredForm>;
  find(definitionId: string, version: number): Promise<StoredForm | null>;
  /** The community's forms, the most recently loaded first. */
  list(communityId: string): Promise<StoredForm[]>;
  findByHash(communityId: string, contentHash: string): Promise<StoredForm | null>;
  /** Every stored form, for an instance starting up (a few dozen, never answers). */
  all(): Promise<StoredForm[]>;
}

/** Forms kept in memory: for tests, and for tools that load a form without a database. */
export class InMemoryFormRepository implements FormRepository {
  readonly durable = false;
  private readonly forms: StoredForm[] = [];
  private sequence = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  add(form: NewForm): Promise<StoredForm> {
    const version = Math.max(0, ...this.forms.filter((f) => f.definitionId === form.definition.id).map((f) => f.version)) + 1;
    this.sequence += 1;
    const stored: StoredForm = {
      id: `form-${this.sequence}`,
      communityId: form.communityId,
      definitionId: form.definition.id,
      version,
      name: form.name,
      format: form.format,
      contentHash: form.contentHash,
      definition: { ...form.definition, version },
      createdAt: new Date(this.now().getTime() + this.sequence),
    };
    this.forms.push(stored);
    return Promise.resolve(stored);
  }

  find(definitionId: string, version: number): Promise<StoredForm | null> {
    return Promise.resolve(this.forms.find((f) => f.definitionId === definitionId && f.version === version) ?? null);
  }

  list(communityId: string): Promise<StoredForm[]> {
    return Promise.resolve(this.forms.filter((f) => f.communityId === communityId).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()));
  }

  findByHash(communityId: string, contentHash: string): Promise<StoredForm | null> {
    return Promise.resolve(this.forms.find((f) => f.communityId === communityId && f.contentHash === contentHash) ?? null);
  }

  all(): Promise<StoredForm[]> {
    return Promise.resolve([...this.forms]);
  }
}
