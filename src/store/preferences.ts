/** Members' own settings (language), keyed by a member key, never by a platform id. */
import type { PreferenceStore } from '../survey/ports.ts';
import type { Database } from './client.ts';

export class PrismaPreferenceStore implements PreferenceStore {
  constructor(private readonly db: Database) {}

  async language(memberKey: string): Promise<string | null> {
    return (await this.db.memberPreference.findUnique({ where: { memberKey } }))?.language ?? null;
  }

  async setLanguage(memberKey: string, language: string): Promise<void> {
    await this.db.memberPreference.upsert({ where: { memberKey }, create: { memberKey, language }, update: { language } });
  }
}
