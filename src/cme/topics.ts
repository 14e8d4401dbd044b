/**
 * CME topics are the questionnaire's specialty list (item q3 of the default instrument), so a
 * digest section and a result subgroup speak the same language. Members may also add free
 * tags; a hashtag naming a specialty (#cardio, #pédiatrie) sets the topic.
 */
import type { Language, Localized } from '../shared/language.ts';
import { socialNetworkCme2022 } from '../survey/instruments/social-network-cme-2022.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { CmeError } from './errors.ts';

export interface Topic {
  readonly code: string;
  readonly label: Localized;
}

export const SPECIALTY_ITEM = 'q3';
export const MAX_TAGS = 8;
const MAX_TAG_LENGTH = 32;

interface ItemLike {
  readonly code: string;
  readonly choices?: readonly { readonly code: string; readonly label: Localized }[] | undefined;
}

/** The choices of a definition's specialty item, as topics. */
export function topicsOf(definition: { readonly items: readonly ItemLike[] }, itemCode = SPECIALTY_ITEM): readonly Topic[] {
  const item = definition.items.find((candidate) => candidate.code === itemCode);
  return (item?.choices ?? []).map(({ code, label }) => ({ code, label }));
}

export const CME_TOPICS: readonly Topic[] = topicsOf(socialNetworkCme2022);

// Short names physicians actually type, beyond the labels and their prefixes.
const ALIASES: Readonly<Record<string, string>> = {
  mg: 'gp', generaliste: 'gp', medgen: 'gp', famille: 'gp', anesth: 'anesthesiology', rea: 'anesthesiology',
  icu: 'anesthesiology', diabeto: 'endocrinology', diabete: 'endocrinology', hge: 'gastroenterology',
  hepato: 'gastroenterology', gyneco: 'gynecology', obstetrique: 'gynecology', urgences: 'emergency',
  urgence: 'emergency', mi: 'internal_medicine', nephro: 'nephrology', neuro: 'neurology', onco: 'oncology',
  ophtalmo: 'ophthalmology', ophthalmo: 'ophthalmology', pedia: 'pediatrics', pediatrie: 'pediatrics', psy: 'psychiatry',
  pneumo: 'pulmonology', radio: 'radiology', imagerie: 'radiology', rhumato: 'rheumatology', rheumato: 'rheumatology',
  chir: 'surgery', uro: 'urology', travail: 'occupational', sante_publique: 'public_health', epidemio: 'public_health',
};

/** Lowercase, without accents or punctuation: "Médecine d’urgence" → "medecinedurgence". */
export function normalizeWord(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * The topic a member means: a code, a label in either language, an alias, or an unambiguous
 * start of a label or code of at least four letters ("cardio", "dermato").
 */
export function findTopic(input: string, topics: readonly Topic[] = CME_TOPICS): Topic | null {
  const wanted = normalizeWord(input.replace(/^#/, ''));
  if (wanted === '') return null;
  const exact = topics.find(
    (topic) => normalizeWord(topic.code) === wanted || normalizeWord(topic.label.fr) === wanted || normalizeWord(topic.label.en) === wanted,
  );
  if (exact) return exact;
  const alias = ALIASES[input.replace(/^#/, '').toLowerCase()] ?? ALIASES[wanted];
  if (alias) return topics.find((topic) => topic.code === alias) ?? null;
  if (wanted.length < 4) return null;
  const starts = topics.filter((topic) =>
    [topic.code, topic.label.fr, topic.label.en].some((name) => normalizeWord(name).startsWith(wanted)),
  );
  return starts.length === 1 ? (starts[0] ?? null) : null;
}

/** A topic given explicitly: unknown values are an error, not silently dropped. */
export function resolveTopic(input: string | undefined, topics: readonly Topic[] = CME_TOPICS): Result<Topic | null, CmeError> {
  if (input === undefined || input.trim() === '') return ok(null);
  const topic = findTopic(input.trim(), topics);
  return topic ? ok(topic) : err({ code: 'cme.topic_unknown', value: input.trim().slice(0, 40) });
}

export function topicLabel(code: string | null, language: Language, topics: readonly Topic[] = CME_TOPICS): string | null {
  if (code === null) return null;
  return topics.find((topic) => topic.code === code)?.label[language] ?? null;
}

/** The hashtags of a text, without their "#". */
export function hashtags(text: string): string[] {
  return [...text.matchAll(/(?:^|[\s(])#([\p{L}\p{N}_-]{2,})/gu)].map((match) => match[1] ?? '').filter((tag) => tag !== '');
}

/**
 * Free tags from a comma- or space-separated list and the hashtags of the text. Tags naming a
 * specialty become the topic (when none was given) instead of a tag.
 */
export function collectTags(
  listed: string | undefined,
  text: string,
  topics: readonly Topic[] = CME_TOPICS,
): Result<{ tags: string[]; topicFromTags: Topic | null }, CmeError> {
  const candidates = [...(listed ?? '').split(/[,;\s]+/), ...hashtags(text)]
    .map((tag) => tag.replace(/^#/, '').trim().toLowerCase())
    .filter((tag) => tag !== '');
  const tags: string[] = [];
  let topicFromTags: Topic | null = null;
  for (const tag of candidates) {
    const topic = findTopic(tag, topics);
    if (topic) {
      topicFromTags ??= topic;
      continue;
    }
    const clean = tag.replace(/[^\p{L}\p{N}_-]/gu, '').slice(0, MAX_TAG_LENGTH);
    if (clean !== '' && !tags.includes(clean)) tags.push(clean);
  }
  if (tags.length > MAX_TAGS) return err({ code: 'cme.too_many_tags', max: MAX_TAGS });
  return ok({ tags, topicFromTags });
}
