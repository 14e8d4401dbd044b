import type { Command, CommandContext, Reply } from '../src/commands/command.ts';
import { WEEKDAYS } from '../src/cme/digest-settings.ts';
import { describeCmeError, formatWhen, weekdayName } from '../src/cme/messages.ts';
import { t } from '../src/i18n/index.ts';
import type { Language } from '../src/shared/language.ts';
import type { DigestConfiguration } from '../src/schedule/digest-service.ts';
import type { CommunityRecord } from '../src/survey/ports.ts';

const DAY_LABELS: Record<(typeof WEEKDAYS)[number], { fr: string; en: string }> = {
  mon: { fr: 'lundi', en: 'Monday' },
  tue: { fr: 'mardi', en: 'Tuesday' },
  wed: { fr: 'mercredi', en: 'Wednesday' },
  thu: { fr: 'jeudi', en: 'Thursday' },
  fri: { fr: 'vendredi', en: 'Friday' },
  sat: { fr: 'samedi', en: 'Saturday' },
  sun: { fr: 'dimanche', en: 'Sunday' },
};
// Preview text leaves room for the lines added after the first part.
const PREVIEW_RESERVE = 300;

/** /digest: anyone previews the coming CME digest privately; admins set where and when it is posted. */
export default {
  name: 'digest',
  description: { fr: 'Digest FMC hebdomadaire : aperçu et réglages', en: 'Weekly CME digest: preview and settings' },
  audience: 'member',
  scope: 'community',
  subcommands: [
    { name: 'preview', audience: 'member', description: { fr: 'Voir le prochain digest (en privé)', en: 'See the coming digest (privately)' } },
    {
      name: 'config',
      audience: 'admin',
      description: { fr: 'Salon, jour, heure, fuseau, activation du digest', en: 'Channel, day, time, time zone, digest on or off' },
      options: [
        { name: 'channel', type: 'channel', description: { fr: 'Salon ou groupe de publication', en: 'Channel or group to post in' } },
        {
          name: 'day',
          type: 'string',
          description: { fr: 'Jour de publication', en: 'Day of posting' },
          choices: (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((value) => ({ value, label: DAY_LABELS[value] })),
        },
        { name: 'time', type: 'string', description: { fr: 'Heure (ex. 08:00)', en: 'Time (e.g. 08:00)' } },
        { name: 'timezone', type: 'string', description: { fr: 'Fuseau horaire (ex. Europe/Paris)', en: 'Time zone (e.g. Europe/Paris)' } },
        { name: 'enabled', type: 'boolean', description: { fr: 'Publier le digest', en: 'Post the digest' } },
        { name: 'empty_weeks', type: 'boolean', description: { fr: 'Publier aussi les semaines sans partage', en: 'Post weeks without shares too' } },
        { name: 'results', type: 'boolean', description: { fr: 'Publier le suivi du questionnaire', en: 'Post survey progress' } },
      ],
    },
  ],
  async handle(context) {
    return context.invocation.subcommand === 'config' ? config(context) : preview(context);
  },
} satisfies Command;

async function preview({ services, community, language, now }: CommandContext): Promise<Reply> {
  if (!community) return { text: t(language, 'error.community.required'), private: true };
  const result = await services.digests.preview(community, now, language, PREVIEW_RESERVE);
  const next = t(language, 'digest.preview_next', { when: formatWhen(result.next, language, result.settings.timeZone) });
  const [first = ''] = result.parts;
  if (result.parts.length <= 1) return { text: `${first}\n\n${next}`, private: true };
  return {
    text: `${first}\n${t(language, 'digest.preview_more', { parts: result.parts.length })}\n\n${next}`,
    files: [{ name: 'digest-preview.txt', data: Buffer.from(result.parts.join('\n\n'), 'utf8') }],
    private: true,
  };
}

async function config({ services, community, language, invocation, now }: CommandContext): Promise<Reply> {
  if (!community) return { text: t(language, 'error.community.required'), private: true };
  const { options } = invocation;
  const given = Object.values(options).some((value) => value !== undefined && value !== '');
  if (!given) return { text: summary(await services.digests.show(community, now), community, language), private: true };
  const result = await services.digests.configure(community, options, language, now);
  if (!result.ok) return { text: describeCmeError(language, result.error), private: true };
  return { text: `${t(language, 'digest.config_saved')} ${summary(result.value, community, language)}`, private: true };
}

function summary(configuration: DigestConfiguration, community: CommunityRecord, language: Language): string {
  const { settings, destination, next } = configuration;
  const yesNo = (value: boolean) => t(language, value ? 'digest.yes' : 'digest.no');
  const where =
    destination === null
      ? t(language, 'digest.destination_missing')
      : settings.destination === null
        ? t(language, 'digest.destination_group')
        : community.platform === 'discord'
          ? `<#${destination}>`
          : destination;
  const text = t(language, 'digest.config', {
    enabled: t(language, settings.enabled ? 'digest.enabled_on' : 'digest.enabled_off'),
    day: weekdayName(settings.weekday, language),
    time: settings.time,
    zone: settings.timeZone,
    destination: where,
    emptyWeeks: yesNo(settings.emptyWeeks),
    results: yesNo(settings.results),
    next: formatWhen(next, language, settings.timeZone),
  });
  // Posts that failed (the bot lost its right to post, the channel was deleted) are not silent.
  const failures = configuration.failures.map((failure) => `${failure.job} ${formatWhen(failure.at, language, settings.timeZone)}${failure.detail ? ` (${failure.detail})` : ''}`);
  return failures.length > 0 ? `${text}\n${t(language, 'digest.failures', { list: failures.join('; ') })}` : text;
}
