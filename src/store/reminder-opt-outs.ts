/** /reminders off, remembered by member key (HMAC of the platform id, never the id itself). */
import type { ReminderOptOuts } from '../survey/ports.ts';
import type { Database } from './client.ts';

export class PrismaReminderOptOuts implements ReminderOptOuts {
  constructor(private readonly db: Database) {}

  async has(memberKey: string): Promise<boolean> {
    return (await this.db.reminderOptOut.count({ where: { memberKey } })) > 0;
  }

  async set(memberKey: string, optedOut: boolean): Promise<void> {
    if (optedOut) await this.db.reminderOptOut.upsert({ where: { memberKey }, create: { memberKey }, update: {} });
    else await this.db.reminderOptOut.deleteMany({ where: { memberKey } });
  }
}
