import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/survey/forms/index.ts';
import { InMemoryFormRepository } from '../../src/survey/forms/ports.ts';
import { FormService } from '../../src/survey/forms/service.ts';
import { BUILT_IN_DEFINITIONS, DefinitionRegistry, UnknownDefinitionError } from '../../src/survey/registry.ts';
import { redcapCsv } from './support.ts';

const XLSFORM = readFileSync(new URL('../../examples/social-network-cme-2022.xlsx', import.meta.url));

function instance(repository: InMemoryFormRepository) {
  const definitions = new DefinitionRegistry(BUILT_IN_DEFINITIONS, undefined, repository);
  return { definitions, forms: new FormService({ forms: repository, definitions }) };
}

describe('loading forms', () => {
  it('stores a form as a version of its id; the same file again is the same form', async () => {
    const repository = new InMemoryFormRepository();
    const { forms, definitions } = instance(repository);
    const first = await forms.load('c1', XLSFORM, { fileName: 'study.xlsx', language: 'fr' });
    if (!first.ok) throw new Error('refused');
    expect(first.value).toMatchObject({ alreadyLoaded: false, form: { definitionId: 'social_network_cme_2022', version: 1, format: 'xlsform', name: 'study.xlsx' } });
    expect(definitions.get('social_network_cme_2022', 1).items).toHaveLength(27);
    const again = await forms.load('c1', XLSFORM, { fileName: 'renamed.xlsx', language: 'fr' });
    expect(again.ok && again.value).toMatchObject({ alreadyLoaded: true, form: { version: 1 } });
    const v1 = redcapCsv([{ name: 'q1', type: 'yesno', label: 'Q1' }]);
    const v2 = redcapCsv([{ name: 'q1', type: 'yesno', label: 'Q1' }, { name: 'q2', type: 'text', label: 'Q2' }]);
    const a = await forms.load('c1', v1, { fileName: 'burnout.csv', language: 'en' });
    const b = await forms.load('c2', v2, { fileName: 'burnout.csv', language: 'en' });
    expect([a.ok && a.value.form.version, b.ok && b.value.form.version]).toEqual([1, 2]);
    expect((await forms.list('c1')).map((f) => `${f.definitionId}@${f.version}`)).toEqual(['survey@1', 'social_network_cme_2022@1']);
    expect((await forms.find('c1', 'survey'))?.version).toBe(1);
    expect((await forms.find('c2', 'survey'))?.version).toBe(2);
    expect(await forms.find('c1', 'survey@2')).toBeNull();
    expect((await forms.find('c1', 'study.xlsx'))?.definitionId).toBe('social_network_cme_2022');
    expect((await forms.latest('c1'))?.definitionId).toBe('survey');
  });

  it('stores nothing when the form is refused', async () => {
    const repository = new InMemoryFormRepository();
    const { forms } = instance(repository);
    const refused = await forms.load('c1', redcapCsv([{ name: 'email', type: 'text', label: 'Mail' }]), { fileName: 'x.csv', language: 'en' });
    expect(refused.ok).toBe(false);
    expect(await forms.list('c1')).toEqual([]);
  });

  it('refuses a form that takes the built-in instrument’s id', async () => {
    const { forms } = instance(new InMemoryFormRepository());
    const bytes = redcapCsv([{ name: 'q1', type: 'yesno', label: 'Q1', form: 'social-network-cme-2022' }]);
    const refused = await forms.check(bytes, { fileName: 'x.csv', language: 'en', instrument: 'social-network-cme-2022' });
    expect(refused.ok ? [] : refused.error.map((p) => formatProblem(p, 'en'))).toEqual([
      '"social-network-cme-2022" is the built-in questionnaire\'s id: choose another',
    ]);
  });

  it('lets another instance learn a form from the shared store', async () => {
    const repository = new InMemoryFormRepository();
    const here = instance(repository);
    const there = instance(repository);
    const loaded = await here.forms.load('c1', XLSFORM, { fileName: 'study.xlsx', language: 'fr' });
    if (!loaded.ok) throw new Error('refused');
    const survey = { definitionId: 'social_network_cme_2022', definitionVersion: 1 };
    expect(() => there.definitions.forSurvey(survey)).toThrow(UnknownDefinitionError);
    expect((await there.definitions.ensureFor(survey)).items).toHaveLength(27);
    expect(there.definitions.forSurvey(survey).id).toBe('social_network_cme_2022');
    await expect(there.definitions.ensure('nothing', 1)).rejects.toThrow(UnknownDefinitionError);
    const starting = instance(repository);
    expect(await starting.definitions.preload()).toEqual({ loaded: 1, failed: [] });
    expect(starting.definitions.forSurvey(survey).items).toHaveLength(27);
  });
});
