/**
 * The questionnaire definitions this instance knows, by id and version. A survey run keeps
 * the version it was opened with, so editing an instrument never reinterprets old answers.
 *
 * Built-in instruments are compiled in; forms loaded by admins live in the database and are
 * learnt on demand: `ensure` (awaited where a survey is opened or found) reads a form another
 * instance loaded, validates it once and caches it, so the synchronous `get`/`forSurvey` that
 * the rest of the code calls find it.
 */
import { loadDefinition, type Definition, type DefinitionInput } from './definition.ts';
import type { FormRepository } from './forms/ports.ts';
import { socialNetworkCme2022 } from './instruments/social-network-cme-2022.ts';

export class UnknownDefinitionError extends Error {
  constructor(readonly definitionId: string, readonly version: number) {
    super(`No questionnaire definition ${definitionId} version ${version} is loaded`);
    this.name = 'UnknownDefinitionError';
  }
}

export class DefinitionRegistry {
  private readonly byKey = new Map<string, Definition>();
  private readonly builtInIds = new Set<string>();

  /** Validates every definition; the first is the default for newly opened surveys. */
  constructor(
    inputs: readonly DefinitionInput[],
    private readonly defaultId = inputs[0]?.id,
    private readonly forms?: FormRepository,
  ) {
    for (const input of inputs) {
      const definition = loadDefinition(input);
      this.byKey.set(`${definition.id}@${definition.version}`, definition);
      this.builtInIds.add(definition.id);
    }
  }

  get(definitionId: string, version: number): Definition {
    const definition = this.byKey.get(`${definitionId}@${version}`);
    if (!definition) throw new UnknownDefinitionError(definitionId, version);
    return definition;
  }

  forSurvey(survey: { definitionId: string; definitionVersion: number }): Definition {
    return this.get(survey.definitionId, survey.definitionVersion);
  }

  /** Whether an id is a built-in instrument's (a loaded form may not take it). */
  isBuiltIn(definitionId: string): boolean {
    return this.builtInIds.has(definitionId);
  }

  /**
   * The definition, read from the loaded forms if this instance has not seen it yet. Throws
   * UnknownDefinitionError when no form has that id and version.
   */
  async ensure(definitionId: string, version: number): Promise<Definition> {
    const known = this.byKey.get(`${definitionId}@${version}`);
    if (known) return known;
    const stored = this.forms ? await this.forms.find(definitionId, version) : null;
    if (!stored) throw new UnknownDefinitionError(definitionId, version);
    return this.register(stored.definition);
  }

  ensureFor(survey: { definitionId: string; definitionVersion: number }): Promise<Definition> {
    return this.ensure(survey.definitionId, survey.definitionVersion);
  }

  /**
   * Learns every stored form at start, so that the synchronous lookups of the answer path find
   * the form of any run after a restart. A form that no longer validates (the format grew
   * stricter) is skipped and reported, never fatal: its runs fail alone.
   */
  async preload(): Promise<{ loaded: number; failed: { definitionId: string; version: number; error: string }[] }> {
    const failed: { definitionId: string; version: number; error: string }[] = [];
    let loaded = 0;
    for (const form of this.forms ? await this.forms.all() : []) {
      try {
        this.register(form.definition);
        loaded += 1;
      } catch (error) {
        failed.push({ definitionId: form.definitionId, version: form.version, error: (error as Error).message });
      }
    }
    return { loaded, failed };
  }

  /** Adds a definition (a form just loaded here); stored definitions never change, so a cached one stays right. */
  register(input: DefinitionInput): Definition {
    const definition = loadDefinition(input);
    this.byKey.set(`${definition.id}@${definition.version}`, definition);
    return definition;
  }

  /** The latest version of the default definition, for a newly opened survey. */
  defaultDefinition(): Definition {
    const candidates = [...this.byKey.values()].filter((d) => d.id === this.defaultId);
    const latest = candidates.sort((a, b) => b.version - a.version)[0];
    if (!latest) throw new UnknownDefinitionError(this.defaultId ?? '(none)', 0);
    return latest;
  }
}

export const BUILT_IN_DEFINITIONS: readonly DefinitionInput[] = [socialNetworkCme2022];
