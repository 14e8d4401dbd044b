/** Communities' scheduled-post settings in SQLite through Prisma; no row means the defaults. */
import { DEFAULT_DIGEST_SETTINGS, type DigestSettings } from '../cme/digest-settings.ts';
import type { DigestSettingsStore } from '../schedule/ports.ts';
import { isLanguage } from '../shared/language.ts';
import type { Database } from './client.ts';

export class PrismaDigestSettingsStore implements DigestSettingsStore {
  constructor(private readonly db: Database) {}

  async get(communityId: string): Promise<DigestSettings | null> {
    const row = await this.db.digestConfig.findUnique({ where: { communityId } });
    if (!row) return null;
    return {
      destination: row.destination,
      weekday: row.weekday,
      time: row.time,
      timeZone: row.timeZone,
      enabled: row.enabled,
      emptyWeeks: row.emptyWeeks,
      results: row.results,
      language: isLanguage(row.language) ? row.language : DEFAULT_DIGEST_SETTINGS.language,
    };
  }

  async save(communityId: string, settings: DigestSettings): Promise<void> {
    const data = { ...settings };
    await this.db.digestConfig.upsert({ where: { communityId }, create: { communityId, ...data }, update: data });
  }
}
