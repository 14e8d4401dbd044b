/**
 * One polite private reminder to a respondent who started and has not answered for 72 hours
 * (configurable). It relies only on the in-progress link (anonymity rule 3): the address
 * sealed on it, the hour of the last answer, the opt-out flag. The reminder is marked sent
 * before it is sent, so it goes at most once per response, even with several instances;
 * completion deletes the link, leaving nothing to remind.
 */
import { t } from '../i18n/index.ts';
import { settingsOf, type ScheduleContext } from './context.ts';

const BATCH = 200;

export interface ReminderRun {
  readonly sent: number;
  /** Marked sent but the platform could not deliver (closed DMs, blocked bot): not retried. */
  readonly unreachable: number;
}

export async function runReminders(context: ScheduleContext, now: Date): Promise<ReminderRun> {
  const run = { sent: 0, unreachable: 0 };
  if (context.reminderAfterHours <= 0) return run;
  // The last activity is stored rounded down to the hour: one more hour guarantees the delay.
  const inactiveSince = new Date(now.getTime() - (context.reminderAfterHours + 1) * 3_600_000);
  const platforms = [...context.publishers.keys()];
  if (platforms.length === 0) return run;
  const candidates = await context.reminders.due(inactiveSince, platforms, BATCH);
  for (const candidate of candidates) {
    try {
      const publisher = context.publishers.get(candidate.community.platform);
      if (!publisher) continue;
      const { language } = await settingsOf(context, candidate.community.id);
      // Read before the reminder is marked sent: a form this instance cannot read sends nothing and marks nothing.
      const title = (await context.definitions.ensure(candidate.definitionId, candidate.definitionVersion)).title[language];
      if (!(await context.reminders.markSent(candidate.participantKey, now))) continue;
      const address = context.openAddress(candidate.sealedAddress);
      const text = t(language, 'reminder.text', { title, community: candidate.community.name ?? '', hours: context.reminderAfterHours });
      const delivered = await publisher.sendPrivate(address, { text }).catch((error: unknown) => {
        context.logger.warn('reminder not delivered', { platform: candidate.community.platform, error });
        return false;
      });
      if (delivered) run.sent++;
      else run.unreachable++;
    } catch (error) {
      // One unreadable address or failing lookup must not stop the other reminders.
      context.logger.error('reminder failed', { community: candidate.community.id, error });
    }
  }
  return run;
}
