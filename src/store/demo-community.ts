/** Removing the demo community before it is seeded again (its surveys and responses cascade). */
import type { Database } from './client.ts';

export async function removeCommunity(db: Database, platform: string, externalId: string): Promise<boolean> {
  const { count } = await db.community.deleteMany({ where: { platform, externalId } });
  return count > 0;
}
