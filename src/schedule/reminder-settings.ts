/**
 * `/reminders on|off`. Off is remembered for the member (by member key), so no address is kept
 * for their future responses either, and applied at once to their in-progress responses: in
 * a community, that community's survey; in a private chat naming none, every open survey
 * (their participant key finds their response, nothing else does).
 */
import type { Keyring, Member } from '../privacy/keyring.ts';
import type { CommunityRecord, ReminderOptOuts, SurveyCatalog } from '../survey/ports.ts';
import type { SurveyService } from '../survey/service.ts';
import type { ReminderStore } from './ports.ts';

export class ReminderSettings {
  constructor(
    private readonly surveys: SurveyService,
    private readonly catalog: SurveyCatalog,
    private readonly store: Pick<ReminderStore, 'openSurveyIds'>,
    private readonly optOuts: ReminderOptOuts,
    private readonly keyring: Keyring,
  ) {}

  /** How many in-progress responses the change applied to now. */
  async set(member: Member, community: CommunityRecord | null, enabled: boolean): Promise<number> {
    await this.optOuts.set(this.keyring.memberKey(member), !enabled);
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

  isOff(member: Member): Promise<boolean> {
    return this.optOuts.has(this.keyring.memberKey(member));
  }
}
