/**
 * The database as the results command line reads it: the raw driver (better-sqlite3, or pg
 * for PostgreSQL, loaded only then), no Prisma client, nothing written. Opening the whole
 * application costs more than computing the results of 1,451 respondents (Prisma's client,
 * the migrations run, every command loaded); this costs a few milliseconds.
 *
 * It opens only a database that needs nothing done before it is read: every migration
 * applied, and no closed survey whose in-progress answers still wait to be released (the
 * application releases them at start). Otherwise `openResultsReader` answers null and the tool
 * goes the whole way (createApp), which migrates and releases first.
 */
import { existsSync } from 'node:fs';
import type Sqlite from 'better-sqlite3';
import type pg from 'pg';
import type { ResponseSource } from '../analytics/ports.ts';
import type { DefinitionInput } from '../survey/definition.ts';
import type { FormFormat } from '../survey/forms/build.ts';
import type { FormRepository, StoredForm } from '../survey/forms/ports.ts';
import type { CommunityRecord, SurveyRecord } from '../survey/ports.ts';
import { backendOf, sqliteFilePath } from './database-url.ts';
import { APPLIED, migrationsApplied } from './migration-files.ts';
import { SqlResponseSource } from './results-source.ts';
import { toSurvey, type SurveyRow } from './survey-rows.ts';
import type { SqlConnection } from './sql-connection.ts';

/** A survey with its community and response counts, as a tool lists them. */
export interface ListedSurvey {
  readonly survey: SurveyRecord;
  readonly community: { readonly platform: string; readonly externalId: string; readonly name: string | null };
  readonly participants: number;
  readonly complete: number;
}

export interface ResultsReader {
  readonly source: ResponseSource;
  /** Stored forms, read-only: a survey run on a loaded form finds its definition. */
  readonly forms: FormRepository;
  findSurvey(surveyId: string): Promise<SurveyRecord | null>;
  findCommunity(platform: string, externalId: string): Promise<CommunityRecord | null>;
  /** The open survey of a community, or else its most recently opened one. */
  currentSurvey(communityId: string): Promise<SurveyRecord | null>;
  /** Every survey, oldest first. */
  listSurveys(): Promise<ListedSurvey[]>;
  close(): Promise<void>;
}

/** Reads rows: `?` placeholders, rewritten to `$n` for PostgreSQL. */
type Query = <T>(sql: string, ...values: unknown[]) => Promise<T[]>;

const SURVEY_COLUMNS = '"id", "communityId", "definitionId", "definitionVersion", "status", "openedDay", "closedDay"';

/** The reader, or null when the database must be migrated or repaired first (or is not there). */
export async function openResultsReader(url: string): Promise<ResultsReader | null> {
  const opened = await openConnection(url);
  if (!opened) return null;
  const { connection, query } = opened;
  try {
    if (await ready(url, query)) return new SqlResultsReader(connection, query);
  } catch {
    // A database the check cannot read (no tables yet, another schema): the whole way decides.
  }
  await connection.close();
  return null;
}

async function openConnection(url: string): Promise<{ connection: SqlConnection; query: Query } | null> {
  if (backendOf(url) === 'sqlite') {
    const file = sqliteFilePath(url);
    if (!existsSync(file)) return null;
    const { default: Database } = await import('better-sqlite3');
    let db: Sqlite.Database;
    try {
      db = new Database(file, { readonly: true, fileMustExist: true });
    } catch {
      return null;
    }
    const query: Query = async <T>(sql: string, ...values: unknown[]) => db.prepare(sql).all(...values) as T[];
    return {
      connection: {
        backend: 'sqlite',
        db,
        close: async () => {
          db.close();
        },
      },
      query,
    };
  }
  const { default: pgModule } = await import('pg');
  const pool: pg.Pool = new pgModule.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined);
  const query: Query = async <T>(sql: string, ...values: unknown[]) => {
    let n = 0;
    const { rows } = await pool.query(sql.replace(/\?/g, () => `$${++n}`), values);
    return rows as T[];
  };
  return { connection: { backend: 'postgresql', pool, close: () => pool.end() }, query };
}

async function ready(url: string, query: Query): Promise<boolean> {
  const applied = await query<{ migration_name: string; checksum: string }>(APPLIED);
  if (!migrationsApplied(backendOf(url), new Map(applied.map((r) => [r.migration_name, r.checksum])))) return false;
  const unreleased = await query(
    'SELECT 1 FROM "Survey" s WHERE s."status" = \'closed\' AND EXISTS (SELECT 1 FROM "InProgressResponse" i WHERE i."surveyId" = s."id") LIMIT 1',
  );
  return unreleased.length === 0;
}

class SqlResultsReader implements ResultsReader {
  readonly source: ResponseSource;
  readonly forms: FormRepository;

  constructor(
    private readonly connection: SqlConnection,
    private readonly query: Query,
  ) {
    this.source = new SqlResponseSource(connection);
    this.forms = new ReadOnlyForms(query);
  }

  async findSurvey(surveyId: string): Promise<SurveyRecord | null> {
    const [row] = await this.query<SurveyRow>(`SELECT ${SURVEY_COLUMNS} FROM "Survey" WHERE "id" = ?`, surveyId);
    return row ? toSurvey(row) : null;
  }

  async findCommunity(platform: string, externalId: string): Promise<CommunityRecord | null> {
    const [row] = await this.query<{ id: string; platform: string; externalId: string; name: string | null; liveResults: unknown }>(
      'SELECT "id", "platform", "externalId", "name", "liveResults" FROM "Community" WHERE "platform" = ? AND "externalId" = ?',
      platform,
      externalId,
    );
    return row ? { id: row.id, platform: row.platform, externalId: row.externalId, name: row.name, liveResults: Boolean(row.liveResults) } : null;
  }

  async currentSurvey(communityId: string): Promise<SurveyRecord | null> {
    const latest = `SELECT ${SURVEY_COLUMNS} FROM "Survey" WHERE "communityId" = ?`;
    const [open] = await this.query<SurveyRow>(`${latest} AND "status" = 'open' ORDER BY "openedAt" DESC LIMIT 1`, communityId);
    const [row] = open ? [open] : await this.query<SurveyRow>(`${latest} ORDER BY "openedAt" DESC LIMIT 1`, communityId);
    return row ? toSurvey(row) : null;
  }

  async listSurveys(): Promise<ListedSurvey[]> {
    const rows = await this.query<SurveyRow & { platform: string; externalId: string; name: string | null }>(
      `SELECT ${SURVEY_COLUMNS.replace(/"(\w+)"/g, 's."$1"')}, c."platform", c."externalId", c."name"
       FROM "Survey" s JOIN "Community" c ON c."id" = s."communityId" ORDER BY s."openedAt" ASC`,
    );
    const listed: ListedSurvey[] = [];
    for (const row of rows) {
      listed.push({ survey: toSurvey(row), community: { platform: row.platform, externalId: row.externalId, name: row.name }, ...(await this.counts(row.id)) });
    }
    return listed;
  }

  /** As the catalog counts them: answers in progress, released, and waiting in the release pool. */
  private async counts(surveyId: string): Promise<{ participants: number; complete: number }> {
    const count = async (sql: string) => Number((await this.query<{ n: number | string }>(sql, surveyId))[0]?.n ?? 0);
    const inProgress = await count('SELECT count(*) AS n FROM "InProgressResponse" WHERE "surveyId" = ? AND "answers" <> \'{}\'');
    const released = await count('SELECT count(*) AS n FROM "Response" WHERE "surveyId" = ? AND "answers" <> \'{}\'');
    const releasedComplete = await count('SELECT count(*) AS n FROM "Response" WHERE "surveyId" = ? AND "status" = \'complete\'');
    const pending = await count('SELECT count(*) AS n FROM "PendingRelease" WHERE "surveyId" = ?');
    return { participants: inProgress + released + pending, complete: releasedComplete + pending };
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

interface FormRow {
  id: string;
  communityId: string;
  definitionId: string;
  version: number;
  name: string;
  format: string;
  contentHash: string;
  definition: string;
  createdAt: unknown;
}

/** The Form table, for the definition registry to find a survey's form (`find`, `all`). */
class ReadOnlyForms implements FormRepository {
  readonly durable = true;
  constructor(private readonly query: Query) {}

  add(): Promise<StoredForm> {
    return readOnly();
  }

  list(): Promise<StoredForm[]> {
    return readOnly();
  }

  findByHash(): Promise<StoredForm | null> {
    return readOnly();
  }

  async find(definitionId: string, version: number): Promise<StoredForm | null> {
    const [row] = await this.query<FormRow>('SELECT * FROM "Form" WHERE "definitionId" = ? AND "version" = ? LIMIT 1', definitionId, version);
    return row ? toStored(row) : null;
  }

  async all(): Promise<StoredForm[]> {
    return (await this.query<FormRow>('SELECT * FROM "Form" ORDER BY "definitionId" ASC, "version" ASC')).map(toStored);
  }
}

/** What the registry never asks of a results tool (forms are loaded by `npm run form`). */
function readOnly(): Promise<never> {
  return Promise.reject(new Error('the results reader only reads'));
}

function toStored(row: FormRow): StoredForm {
  return {
    id: row.id,
    communityId: row.communityId,
    definitionId: row.definitionId,
    version: Number(row.version),
    name: row.name,
    format: row.format as FormFormat,
    contentHash: row.contentHash,
    definition: JSON.parse(row.definition) as DefinitionInput,
    createdAt: new Date(row.createdAt as string | number),
  };
}
