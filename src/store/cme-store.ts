/**
 * CME points in SQLite through Prisma. A share of a key the community already has counts as
 * an endorsement; two shares racing are settled by the unique (community, key) index. With an
 * endorser key (Keyring.endorserKey: an HMAC per point and member, naming nobody), a member
 * counts once per point: the key goes into CmeEndorsement, whose primary key refuses a repeat.
 */
import { randomUUID } from 'node:crypto';
import type { CapturedPoint } from '../cme/capture.ts';
import type { CmePointRecord, CmeStore, RecordOutcome } from '../cme/ports.ts';
import { sqlTimestamp, type Database } from './client.ts';
import type { CmePoint } from './generated/client.ts';

export class PrismaCmeStore implements CmeStore {
  constructor(private readonly db: Database) {}

  async record(communityId: string, point: CapturedPoint, at: Date, endorserKey?: string): Promise<RecordOutcome> {
    const where = { communityId_key: { communityId, key: point.key } };
    const existing = await this.db.cmePoint.findUnique({ where });
    if (!existing) {
      try {
        const created = await this.db.cmePoint.create({
          data: {
            id: randomUUID(),
            communityId,
            key: point.key,
            url: point.url,
            doi: point.doi,
            pmid: point.pmid,
            fileId: point.fileId,
            fileName: point.fileName,
            messageLink: point.messageLink,
            title: point.title,
            topic: point.topic,
            tags: JSON.stringify(point.tags),
            creditName: point.creditName,
            firstSharedAt: at,
            lastSharedAt: at,
          },
        });
        // The first sharer's own re-shares must not count either.
        if (endorserKey) await this.endorse(created.id, endorserKey);
        return { point: toRecord(created), created: true, counted: true };
      } catch (error) {
        // Another share of the same key won the race: this one is an endorsement.
        if (!isUniqueViolation(error)) throw error;
      }
    }
    if (endorserKey) {
      const pointId = existing?.id ?? (await this.db.cmePoint.findUniqueOrThrow({ where })).id;
      if (!(await this.endorse(pointId, endorserKey))) {
        return { point: toRecord(existing ?? (await this.db.cmePoint.findUniqueOrThrow({ where }))), created: false, counted: false };
      }
    }
    // Single UPDATE statements, atomic on both backends, so that shares racing from several instances
    // all count (Prisma's read-then-write transactions can deadlock there until the timeout).
    // What the first share lacked, a later one may bring.
    await this.db.$executeRaw`UPDATE "CmePoint" SET
        "shares" = "shares" + 1,
        "lastSharedAt" = ${sqlTimestamp(this.db, at)},
        "title" = COALESCE("title", ${point.title}),
        "topic" = COALESCE("topic", ${point.topic}),
        "doi" = COALESCE("doi", ${point.doi}),
        "pmid" = COALESCE("pmid", ${point.pmid}),
        "messageLink" = COALESCE("messageLink", ${point.messageLink}),
        "creditName" = COALESCE("creditName", ${point.creditName})
      WHERE "communityId" = ${communityId} AND "key" = ${point.key}`;
    let updated = await this.db.cmePoint.findUniqueOrThrow({ where });
    const known = parseTags(updated.tags);
    const added = point.tags.filter((tag) => !known.includes(tag));
    if (added.length > 0) {
      // A tag lost to a simultaneous share is harmless; counts above are never lost.
      updated = await this.db.cmePoint.update({ where, data: { tags: JSON.stringify([...known, ...added].slice(0, 16)) } });
    }
    return { point: toRecord(updated), created: false, counted: true };
  }

  /** Records an endorsement; false when this endorser already had one on this point (races included). */
  private async endorse(pointId: string, endorserKey: string): Promise<boolean> {
    const inserted = await this.db.$executeRaw`INSERT INTO "CmeEndorsement" ("pointId", "endorserKey") VALUES (${pointId}, ${endorserKey})
      ON CONFLICT ("pointId", "endorserKey") DO NOTHING`;
    return inserted > 0;
  }

  async react(communityId: string, keys: readonly string[], delta: number, messageLink?: string): Promise<CmePointRecord | null> {
    const found = await this.db.cmePoint.findMany({ where: { communityId, key: { in: [...keys] } } });
    // The keys come in order of preference (DOI, PMID, link, file).
    const point =
      keys.map((key) => found.find((candidate) => candidate.key === key)).find((candidate) => candidate !== undefined) ??
      (messageLink ? await this.db.cmePoint.findFirst({ where: { communityId, messageLink } }) : null);
    if (!point) return null;
    await this.db.$executeRaw`UPDATE "CmePoint" SET "reactions" = CASE WHEN "reactions" + ${delta} < 0 THEN 0 ELSE "reactions" + ${delta} END WHERE "id" = ${point.id}`;
    return toRecord(await this.db.cmePoint.findUniqueOrThrow({ where: { id: point.id } }));
  }

  async activeBetween(communityId: string, from: Date, to: Date): Promise<CmePointRecord[]> {
    const rows = await this.db.cmePoint.findMany({
      where: {
        communityId,
        OR: [{ firstSharedAt: { gte: from, lt: to } }, { lastSharedAt: { gte: from, lt: to } }],
      },
      orderBy: { firstSharedAt: 'asc' },
    });
    return rows.map(toRecord);
  }
}

function toRecord(row: CmePoint): CmePointRecord {
  return {
    id: row.id,
    communityId: row.communityId,
    key: row.key,
    url: row.url,
    doi: row.doi,
    pmid: row.pmid,
    fileId: row.fileId,
    fileName: row.fileName,
    messageLink: row.messageLink,
    title: row.title,
    topic: row.topic,
    tags: parseTags(row.tags),
    creditName: row.creditName,
    shares: row.shares,
    reactions: row.reactions,
    firstSharedAt: row.firstSharedAt,
    lastSharedAt: row.lastSharedAt,
  };
}

function parseTags(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === 'string') : [];
  } catch {
    return [];
  }
}

/** Prisma's P2002, or SQLite's own constraint error when it surfaces unwrapped. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'P2002' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
  return error instanceof Error && /UNIQUE constraint failed/.test(error.message);
}
