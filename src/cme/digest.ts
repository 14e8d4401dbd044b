/**
 * The weekly digest: the period's CME points grouped by topic and ranked by endorsements
 * (re-shares plus reported 👍), then rendered as plain text split to the platform's limit.
 * Pure: points, period and language in, message texts out.
 */
import { t } from '../i18n/index.ts';
import type { Language } from '../shared/language.ts';
import type { CmePointRecord } from './ports.ts';
import { paginate, type Section } from './split.ts';
import { CME_TOPICS, topicLabel, type Topic } from './topics.ts';

export interface DigestSection {
  /** A specialty code, or null for points without a topic (listed last). */
  readonly topic: string | null;
  readonly points: readonly CmePointRecord[];
  readonly score: number;
}

export interface Digest {
  readonly from: Date;
  readonly to: Date;
  readonly sections: readonly DigestSection[];
  readonly total: number;
}

export function endorsements(point: Pick<CmePointRecord, 'shares' | 'reactions'>): number {
  return point.shares + point.reactions;
}

/** Groups by topic; topics by total endorsements, points by endorsements then first share. */
export function buildDigest(points: readonly CmePointRecord[], from: Date, to: Date, topics: readonly Topic[] = CME_TOPICS): Digest {
  const byTopic = new Map<string | null, CmePointRecord[]>();
  for (const point of points) {
    const topic = point.topic !== null && topics.some((candidate) => candidate.code === point.topic) ? point.topic : null;
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), point]);
  }
  const order = new Map(topics.map((topic, index) => [topic.code, index]));
  const sections = [...byTopic.entries()].map(([topic, list]) => ({
    topic,
    points: [...list].sort(comparePoints),
    score: list.reduce((sum, point) => sum + endorsements(point), 0),
  }));
  sections.sort((a, b) => {
    if ((a.topic === null) !== (b.topic === null)) return a.topic === null ? 1 : -1;
    if (b.score !== a.score) return b.score - a.score;
    return (order.get(a.topic ?? '') ?? 0) - (order.get(b.topic ?? '') ?? 0);
  });
  return { from, to, sections, total: points.length };
}

function comparePoints(a: CmePointRecord, b: CmePointRecord): number {
  const byScore = endorsements(b) - endorsements(a);
  if (byScore !== 0) return byScore;
  const byTime = a.firstSharedAt.getTime() - b.firstSharedAt.getTime();
  if (byTime !== 0) return byTime;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export interface RenderOptions {
  readonly language: Language;
  readonly timeZone: string;
  /** The platform's message limit (src/cme/split.ts TEXT_LIMITS). */
  readonly limit: number;
  /** "preview" titles the text as the coming digest. */
  readonly kind?: 'digest' | 'preview';
  readonly topics?: readonly Topic[];
}

/** The digest as message texts, each within `limit`; an empty digest gives a short note. */
export function renderDigest(digest: Digest, options: RenderOptions): string[] {
  const { language, timeZone, limit } = options;
  const topics = options.topics ?? CME_TOPICS;
  const period = { from: formatDay(digest.from, language, timeZone), to: formatDay(digest.to, language, timeZone) };
  const intro =
    options.kind === 'preview'
      ? t(language, 'digest.preview_title', { ...period, count: digest.total })
      : t(language, 'digest.title', { ...period, count: digest.total });
  if (digest.total === 0) return [`${intro}\n${t(language, 'digest.empty')}`];
  let rank = 0;
  const sections: Section[] = digest.sections.map((section) => {
    const label = topicLabel(section.topic, language, topics) ?? t(language, 'digest.no_topic');
    return {
      heading: `■ ${label}`,
      continued: `■ ${label} ${t(language, 'digest.continued')}`,
      entries: section.points.map((point) => renderPoint(point, ++rank, language)),
    };
  });
  return paginate(intro, sections, limit, t(language, 'digest.footer'));
}

export function renderPoint(point: CmePointRecord, rank: number, language: Language): string {
  const count = endorsements(point);
  const title = point.title ?? point.fileName ?? shortLink(point.url) ?? t(language, 'digest.untitled');
  const head = `${rank}. ${point.url ? '' : '📄 '}${title}${count > 1 ? ` — ${t(language, 'digest.endorsements', { count })}` : ''}`;
  const lines = [head];
  if (point.url) lines.push(`   ${point.url}`);
  else if (point.messageLink) lines.push(`   ${point.messageLink}`);
  else lines.push(`   ${t(language, 'digest.document_in_chat')}`);
  const details: string[] = [];
  if (point.doi && !point.url?.includes(point.doi)) details.push(`DOI ${point.doi}`);
  if (point.pmid && !point.url?.includes(point.pmid)) details.push(`PMID ${point.pmid}`);
  if (point.tags.length > 0) details.push(point.tags.map((tag) => `#${tag}`).join(' '));
  if (point.creditName) details.push(t(language, 'digest.shared_by', { name: point.creditName }));
  if (details.length > 0) lines.push(`   ${details.join(' · ')}`);
  return lines.join('\n');
}

/** "has-sante.fr/jcms/p_3301556/…" for a point without a title. */
function shortLink(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    const text = `${parsed.hostname.replace(/^www\./, '')}${parsed.pathname === '/' ? '' : parsed.pathname}`;
    return text.length > 70 ? `${text.slice(0, 69)}…` : text;
  } catch {
    return url.slice(0, 70);
  }
}

export function formatDay(date: Date, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(date);
}
