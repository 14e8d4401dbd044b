import type { Command, CommandContext, Reply } from '../src/commands/command.ts';
import { describeError, t } from '../src/i18n/index.ts';
import { dayOf } from '../src/shared/day.ts';
import type { Services } from '../src/commands/services.ts';
import type { Language } from '../src/shared/language.ts';
import { err, ok, type Result } from '../src/shared/result.ts';
import type { Definition } from '../src/survey/definition.ts';
import { formatProblem, MAX_FORM_BYTES, splitInstrument } from '../src/survey/forms/index.ts';

/** /survey: take or resume the community's survey; admins open, close and follow it. */
export default {
  name: 'survey',
  description: { fr: 'Répondre au questionnaire, ou le gérer (administrateurs)', en: 'Take the survey, or manage it (admins)' },
  audience: 'member',
  scope: 'community',
  defaultAction: true,
  subcommands: [
    { name: 'resume', audience: 'member', description: { fr: 'Commencer ou reprendre le questionnaire', en: 'Start or resume the survey' } },
    {
      name: 'open',
      audience: 'admin',
      description: { fr: 'Ouvrir le questionnaire dans la communauté', en: 'Open the survey in this community' },
      options: [
        {
          name: 'form',
          type: 'string',
          autocomplete: true,
          description: { fr: 'Un formulaire chargé (par défaut le dernier, sinon le questionnaire intégré)', en: 'A loaded form (by default the last one, else the built-in survey)' },
        },
      ],
    },
    {
      name: 'load',
      audience: 'admin',
      description: { fr: 'Charger un questionnaire REDCap (.csv) ou XLSForm (.xlsx)', en: 'Load a REDCap (.csv) or XLSForm (.xlsx) questionnaire' },
      options: [
        { name: 'file', type: 'attachment', description: { fr: 'Le dictionnaire REDCap ou le XLSForm', en: 'The REDCap dictionary or the XLSForm' } },
        { name: 'instrument', type: 'string', description: { fr: 'Un seul instrument du dictionnaire REDCap', en: 'One instrument of the REDCap dictionary' } },
      ],
    },
    { name: 'close', audience: 'admin', description: { fr: 'Clore le questionnaire', en: 'Close the survey' } },
    { name: 'status', audience: 'admin', description: { fr: 'Participation au questionnaire', en: 'Survey participation' } },
  ],
  async handle(context) {
    switch (context.invocation.subcommand) {
      case 'open':
        return open(context);
      case 'load':
        return load(context);
      case 'close':
        return close(context);
      case 'status':
        return status(context);
      default:
        return take(context);
    }
  },
} satisfies Command;

async function take({ services, community, member, language }: CommandContext): Promise<Reply> {
  const survey = community && (await services.catalog.currentSurvey(community.id));
  if (!survey) return { text: t(language, 'error.survey.none'), private: true };
  const step = await services.surveys.begin(member, survey.id, language);
  if (!step.ok) return { text: describeError(language, step.error), private: true };
  if (step.value.kind === 'complete') return { text: t(language, 'survey.completed'), private: true };
  const definition = services.definitions.forSurvey(survey);
  const intro = step.value.resumed
    ? t(language, 'survey.resumed')
    : t(language, 'survey.intro', { title: definition.title[language], total: definition.items.length });
  return { text: intro, step: step.value, private: true };
}

async function open({ services, community, language, now, invocation }: CommandContext): Promise<Reply> {
  if (!community) return { text: t(language, 'error.community.required'), private: true };
  const chosen = await formToOpen(services, community.id, invocation.options.form, language);
  if (!chosen.ok) return { text: chosen.error, private: true };
  const definition = chosen.value;
  const survey = await services.catalog.openSurvey(community.id, definition.id, definition.version, dayOf(now));
  if (!survey) return { text: t(language, 'error.survey.already_open'), private: true };
  const title = definition.title[language];
  return { text: t(language, 'survey.opened', { title }), invitation: { surveyId: survey.id, title } };
}

async function close({ services, community, language, now }: CommandContext): Promise<Reply> {
  const survey = community && (await services.catalog.currentSurvey(community.id));
  if (!survey || survey.status !== 'open') return { text: t(language, 'error.survey.none'), private: true };
  await services.catalog.closeSurvey(survey.id, dayOf(now));
  return { text: t(language, 'survey.closed_now') };
}

async function status({ services, community, language }: CommandContext): Promise<Reply> {
  const survey = community && (await services.catalog.currentSurvey(community.id));
  if (!survey) return { text: t(language, 'error.survey.none'), private: true };
  const { participants, complete } = await services.catalog.countResponses(survey.id);
  const rate = participants === 0 ? '—' : `${((100 * complete) / participants).toFixed(1)} %`;
  const state = t(language, survey.status === 'open' ? 'survey.status_open' : 'survey.status_closed');
  return { text: t(language, 'survey.status', { status: state, participants, complete, rate: language === 'fr' ? rate.replace('.', ',') : rate.replace(' %', '%') }), private: true };
}

/**
 * The questionnaire `/survey open` opens: the form named by `form:` (its id, id@version or
 * file name; the built-in's id for the built-in), else the form loaded last, else the built-in.
 */
async function formToOpen(services: Services, communityId: string, reference: string | undefined, language: Language): Promise<Result<Definition, string>> {
  const builtIn = services.definitions.defaultDefinition();
  if (reference === builtIn.id) return ok(builtIn);
  const form = reference ? await services.forms.find(communityId, reference) : await services.forms.latest(communityId);
  if (form) return ok(await services.definitions.ensure(form.definitionId, form.version));
  if (!reference) return ok(builtIn);
  const loaded = (await services.forms.list(communityId)).map((f) => `${f.definitionId}@${f.version}`);
  const available = [...loaded, builtIn.id].join(', ');
  return err(t(language, 'form.unknown', { form: reference, available: loaded.length > 0 ? available : `${builtIn.id}; ${t(language, 'form.none_loaded')}` }));
}

/** Problems shown in the chat: enough to fix the form, short enough for one message. */
const MAX_PROBLEMS_SHOWN = 15;

/** /survey load: checks the attached form and stores it for the community, or lists every problem. */
async function load({ services, community, language, invocation }: CommandContext): Promise<Reply> {
  if (!community) return { text: t(language, 'error.community.required'), private: true };
  const file = invocation.attachment;
  if (!file) return { text: t(language, 'form.load_usage'), private: true };
  if (file.size !== undefined && file.size > MAX_FORM_BYTES) return { text: t(language, 'form.too_large', { max: MAX_FORM_BYTES / 1024 }), private: true };
  let bytes: Uint8Array;
  try {
    bytes = await file.read();
  } catch {
    return { text: t(language, 'form.download_failed'), private: true };
  }
  const { file: fileName, instrument } = splitInstrument(file.name);
  const loaded = await services.forms.load(community.id, bytes, { fileName, language, instrument: invocation.options.instrument ?? instrument });
  if (!loaded.ok) {
    const shown = loaded.error.slice(0, MAX_PROBLEMS_SHOWN).map((p) => `• ${formatProblem(p, language)}`);
    const more = loaded.error.length > MAX_PROBLEMS_SHOWN ? [t(language, 'form.more', { count: loaded.error.length - MAX_PROBLEMS_SHOWN })] : [];
    return { text: [t(language, 'form.refused', { count: loaded.error.length }), ...shown, ...more].join('\n'), private: true };
  }
  const { form, definition, warnings, alreadyLoaded } = loaded.value;
  const headline = alreadyLoaded
    ? t(language, 'form.already_loaded', { id: form.definitionId, version: form.version })
    : t(language, 'form.loaded', { title: definition.title[language], id: form.definitionId, version: form.version, questions: definition.items.length });
  const notes = warnings.length > 0 ? [t(language, 'form.notes'), ...warnings.slice(0, MAX_PROBLEMS_SHOWN).map((w) => `• ${formatProblem(w, language)}`)] : [];
  return { text: [headline, ...notes].join('\n'), private: true };
}
