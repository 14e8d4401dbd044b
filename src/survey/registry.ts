/**
 * The questionnaire definitions this instance knows, by id and version. A survey run keeps
 * the version it was opened with, so editing an instrument never reinterprets old answers.
 */
import { loadDefinition, type Definition, type DefinitionInput } from './definition.ts';
import { socialNetworkCme2022 } from './instruments/social-network-cme-2022.ts';

export class UnknownDefinitionError extends Error {
  constructor(readonly definitionId: string, readonly version: number) {
    super(`No questionnaire definition ${definitionId} version ${version} is loaded`);
    this.name = 'UnknownDefinitionError';
  }
}

export class DefinitionRegistry {
  private readonly byKey = new Map<string, Definition>();

  /** Validates every definition; the first is the default for newly opened surveys. */
  constructor(inputs: readonly DefinitionInput[], private readonly defaultId = inputs[0]?.id) {
    for (const input of inputs) {
      const definition = loadDefinition(input);
      this.byKey.set(`${definition.id}@${definition.version}`, definition);
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

  /** The latest version of the default definition, for a newly opened survey. */
  defaultDefinition(): Definition {
    const candidates = [...this.byKey.values()].filter((d) => d.id === this.defaultId);
    const latest = candidates.sort((a, b) => b.version - a.version)[0];
    if (!latest) throw new UnknownDefinitionError(this.defaultId ?? '(none)', 0);
    return latest;
  }
}

export const BUILT_IN_DEFINITIONS: readonly DefinitionInput[] = [socialNetworkCme2022];
