/**
 * Survey result posts on the digest's schedule: a weekly progress post while a survey is open
 * (participation; item results only when the community turned live results on), and one
 * final summary when it closes. Claimed like digests, so each is posted once.
 */
import { t } from '../i18n/index.ts';
import type { OutgoingMessage } from './ports.ts';
import { dayOf } from '../shared/day.ts';
import type { Language } from '../shared/language.ts';
import type { CommunityRecord, SurveyRecord } from '../survey/ports.ts';
import { acquire, alreadyPosted, leaseFrom } from './claim.ts';
import { destinationOf, errorName, postParts, publisherFor, reported, settingsOf, type ScheduleContext } from './context.ts';
import type { JobOutcome } from './digest-job.ts';
import type { SurveyRun } from './ports.ts';
import { latestSlot, periodKeyOf, slotOf } from './weekly.ts';
import { textLimit } from '../cme/split.ts';
import { splitText } from '../shared/split-text.ts';

export const PROGRESS_JOB = 'progress';
export const FINAL_JOB = 'final';
/** A survey closed longer ago than this gets no final summary (e.g. on a first deployment). */
const FINAL_SUMMARY_WINDOW_DAYS = 7;

export function formatRate(complete: number, participants: number, language: Language): string {
  if (participants === 0) return '—';
  const value = ((100 * complete) / participants).toFixed(1);
  return language === 'fr' ? `${value.replace('.', ',')} %` : `${value}%`;
}

/** Progress posts for the community's open surveys, for the latest weekly slot. */
export async function runProgress(context: ScheduleContext, community: CommunityRecord, now: Date): Promise<JobOutcome[]> {
  const settings = await settingsOf(context, community.id);
  if (!settings.results) return ['disabled'];
  const slotInstant = latestSlot(now, slotOf(settings));
  const day = periodKeyOf(slotInstant, settings.timeZone);
  const surveys = (await context.directory.surveysToReport(community.id, day)).filter(
    (survey) => survey.status === 'open' && survey.openedDay < day,
  );
  const outcomes: JobOutcome[] = [];
  for (const survey of surveys) {
    outcomes.push(
      await post(context, community, now, PROGRESS_JOB, `${day}:${survey.id}`, async (language) => {
        const text = await participationText(context, survey, language, 'results.progress');
        const extra = community.liveResults ? await report(context, survey, community, language, 'progress') : null;
        return [{ text: `${text}\n${t(language, 'results.progress_invite')}` }, ...(extra ? [extra] : [])];
      }),
    );
  }
  return outcomes;
}

/** Final summaries of surveys closed in the last week that have none yet. */
export async function runFinalSummaries(context: ScheduleContext, community: CommunityRecord, now: Date): Promise<JobOutcome[]> {
  const settings = await settingsOf(context, community.id);
  if (!settings.results) return ['disabled'];
  const since = dayOf(new Date(now.getTime() - FINAL_SUMMARY_WINDOW_DAYS * 86_400_000));
  const closed = (await context.directory.surveysToReport(community.id, since)).filter((survey) => survey.status === 'closed');
  const outcomes: JobOutcome[] = [];
  for (const survey of closed) {
    if (await context.claims.settled(community.id, FINAL_JOB, survey.id, now)) continue;
    outcomes.push(
      await post(context, community, now, FINAL_JOB, survey.id, async (language) => {
        const text = await participationText(context, survey, language, 'results.final');
        const extra = await report(context, survey, community, language, 'final');
        return [{ text }, ...(extra ? [extra] : [])];
      }),
    );
  }
  return outcomes;
}

async function post(
  context: ScheduleContext,
  community: CommunityRecord,
  now: Date,
  job: string,
  periodKey: string,
  compose: (language: Language) => Promise<OutgoingMessage[]>,
): Promise<JobOutcome> {
  const outcome = await postOnce(context, community, now, job, periodKey, compose);
  if (outcome === 'posted' || outcome === 'failed' || outcome === 'no_destination') reported(context, job, outcome);
  return outcome;
}

async function postOnce(
  context: ScheduleContext,
  community: CommunityRecord,
  now: Date,
  job: string,
  periodKey: string,
  compose: (language: Language) => Promise<OutgoingMessage[]>,
): Promise<JobOutcome> {
  if (await context.claims.settled(community.id, job, periodKey, now)) return 'already_claimed';
  const publisher = publisherFor(context, community, job);
  if (!publisher) return 'no_publisher';
  const settings = await settingsOf(context, community.id);
  const destination = destinationOf(community, settings);
  if (destination === null) {
    context.logger.warn('result post skipped: no channel configured', { job, community: community.id });
    return 'no_destination';
  }
  const acquired = await acquire(context, { communityId: community.id, job, periodKey, at: now, instance: context.instance, leaseUntil: leaseFrom(context, now) });
  if (acquired.kind === 'busy') return 'already_claimed';
  const limit = textLimit(community.platform);
  const messages = (await compose(settings.language)).flatMap((message) => {
    const parts = splitText(message.text, limit);
    // Files go with the last part of their message.
    return parts.map((text, index) => (index === parts.length - 1 && message.files ? { text, files: message.files } : { text }));
  });
  if (await alreadyPosted(context, acquired, publisher, destination, messages[0]?.text)) {
    await context.claims.finish(community.id, job, periodKey, 'posted', context.now(), 'found posted after takeover');
    return 'posted';
  }
  const { posted, error } = await postParts(publisher, destination, messages);
  if (error !== null) {
    context.logger.error('result post failed', { job, community: community.id, posted, error });
    await context.claims.finish(community.id, job, periodKey, 'failed', context.now(), `${posted}/${messages.length} ${errorName(error)}`);
    return 'failed';
  }
  await context.claims.finish(community.id, job, periodKey, 'posted', context.now(), `${messages.length} message(s)`);
  return 'posted';
}

async function participationText(
  context: ScheduleContext,
  survey: SurveyRun,
  language: Language,
  key: 'results.progress' | 'results.final',
): Promise<string> {
  const { participants, complete } = await context.catalog.countResponses(survey.id);
  // A form loaded on another instance after this one started is read once, then cached.
  const title = (await context.definitions.ensure(survey.definitionId, survey.definitionVersion)).title[language];
  return t(language, key, { title, participants, complete, rate: formatRate(complete, participants, language), day: survey.closedDay ?? '' });
}

async function report(
  context: ScheduleContext,
  survey: SurveyRun,
  community: CommunityRecord,
  language: Language,
  kind: 'progress' | 'final',
): Promise<OutgoingMessage | null> {
  if (!context.results) return null;
  const record: SurveyRecord = { ...survey, communityId: community.id };
  try {
    return await context.results.report(record, community, language, kind);
  } catch (error) {
    // The participation figures still go out without the charts.
    context.logger.error('results report failed', { kind, community: community.id, error });
    return null;
  }
}
