/**
 * `/reminders on|off`: the opt-out flag on the member's in-progress link(s). In a community it
 * concerns that community's survey; in a private chat naming none, every open survey the
 * member has a response in progress for (their participant key finds it, nothing else).
 */
import type { Member } from '../privacy/keyring.ts';
import type { CommunityRecord, SurveyCatalog } from '../survey/ports.ts';
import type { SurveyService } from '../survey/service.ts';
import type { ReminderStore } from './ports.ts';

export class ReminderSettings {
  constructor(
    private readonly surveys: SurveyService,
    private readonly catalog: SurveyCatalog,
    private readonly store: Pick<ReminderStore, 'openSurveyIds'>,
  ) {}

  /** How many in-progress responses the change applied to (0: nothing to remind). */
  async set(member: Member, community: CommunityRecord | null, enabled: boolean): Promise<number> {
    let surveyIds: string[];
    if (community) {
      const survey = await this.catalog.currentSurvey(community.id);
      surveyIds = survey && survey.status === 'open' ? [survey.id] : [];
    } else {
      surveyIds = await this.store.openSurveyIds();
    }
    let changed = 0;
    for (const surveyId of surveyIds) if (await this.surveys.setReminders(member, surveyId, enabled)) changed++;
    return changed;
  }
}
