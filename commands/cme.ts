import type { Command, CommandContext, CommandOption, Reply } from '../src/commands/command.ts';
import type { ShareInput } from '../src/cme/capture.ts';
import { endorsements } from '../src/cme/digest.ts';
import { describeCmeError } from '../src/cme/messages.ts';
import type { CmePointRecord } from '../src/cme/ports.ts';
import { CME_TOPICS, topicLabel } from '../src/cme/topics.ts';
import { t } from '../src/i18n/index.ts';
import type { Language } from '../src/shared/language.ts';

const url: CommandOption = {
  name: 'url',
  type: 'string',
  description: { fr: 'Lien (ou DOI) de la recommandation, de l’article ou de la fiche', en: 'Link (or DOI) of the recommendation, article or sheet' },
};
const title: CommandOption = { name: 'title', type: 'string', description: { fr: 'Titre (facultatif)', en: 'Title (optional)' } };

/**
 * /cme: shares a CME point for the weekly digest. `/cme share` takes options (Discord);
 * `/cme <url> [title]` and `/cme` in reply to a message holding a link or a document
 * (Telegram, terminal, Discord's "Add to CME digest" message menu) take the words or the
 * referenced message. A second share of the same link counts as an endorsement.
 */
export default {
  name: 'cme',
  description: { fr: 'Partager un point FMC (lien, article, fiche) pour le digest', en: 'Share a CME point (link, article, sheet) for the digest' },
  audience: 'member',
  scope: 'community',
  defaultAction: true,
  defaultOptions: [url, title],
  subcommands: [
    {
      name: 'share',
      audience: 'member',
      description: { fr: 'Partager un lien pour le digest FMC', en: 'Share a link for the CME digest' },
      options: [
        { ...url, required: true },
        title,
        {
          name: 'topic',
          type: 'string',
          description: { fr: 'Spécialité concernée', en: 'Specialty concerned' },
          choices: CME_TOPICS.map((topic) => ({ value: topic.code, label: topic.label })),
        },
        { name: 'tags', type: 'string', description: { fr: 'Étiquettes libres, séparées par des virgules', en: 'Free tags, comma-separated' } },
        {
          name: 'credit',
          type: 'string',
          description: { fr: 'Nom sous lequel être cité·e (par défaut : anonyme)', en: 'Name to be credited with (default: anonymous)' },
        },
      ],
    },
  ],
  async handle(context) {
    return share(context);
  },
} satisfies Command;

async function share({ services, community, language, invocation, now, member }: CommandContext): Promise<Reply> {
  if (!community) return { text: t(language, 'error.community.required'), private: true };
  const { options, referenced } = invocation;
  const input: ShareInput = {
    url: options['url'],
    title: options['title'],
    // Named options of the typed forms ("/cme <url> topic:cardio credit:Dr Martin").
    topic: options['topic'],
    tags: options['tags'],
    credit: options['credit'],
    ...(referenced ? { referenced } : {}),
  };
  if (!input.url && !referenced) return { text: t(language, 'cme.usage'), private: true };
  const result = await services.cme.share(community.id, input, now, member);
  if (!result.ok) return { text: describeCmeError(language, result.error), private: true };
  const { point, created } = result.value;
  // The link is repeated so an adapter can tie a 👍 on this message to the point (endorse()).
  const link = point.title && point.url ? `\n${point.url}` : '';
  if (!created && result.value.counted === false) {
    return { text: `${t(language, 'cme.already_endorsed', { title: shown(point, language), count: endorsements(point) })}${link}`, private: true };
  }
  if (!created) return { text: `${t(language, 'cme.endorsed', { title: shown(point, language), count: endorsements(point) })}${link}` };
  return { text: t(language, 'cme.added', { title: shown(point, language), details: details(point, language) }) };
}

function shown(point: CmePointRecord, language: Language): string {
  const name = point.title ?? point.fileName;
  if (!name) return point.url ?? '';
  return language === 'fr' ? `« ${name} »` : `“${name}”`;
}

function details(point: CmePointRecord, language: Language): string {
  const parts: string[] = [];
  if (point.title && point.url) parts.push(point.url);
  const facts: string[] = [];
  const topic = topicLabel(point.topic, language);
  if (topic) facts.push(t(language, 'cme.topic', { topic }));
  if (point.doi) facts.push(`DOI ${point.doi}`);
  if (point.pmid) facts.push(`PMID ${point.pmid}`);
  if (point.tags.length > 0) facts.push(point.tags.map((tag) => `#${tag}`).join(' '));
  if (facts.length > 0) parts.push(facts.join(' · '));
  if (point.creditName) parts.push(t(language, 'cme.credited', { name: point.creditName }));
  return parts.length > 0 ? `\n${parts.join('\n')}` : '';
}
