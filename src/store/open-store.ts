/**
 * Opens the database a URL names, migrated, with everything the application reads and writes
 * through: Prisma for the cold paths, prepared statements for answers and results. The
 * composition root (src/app.ts) calls it once; the CLIs and tests go through createApp too.
 */
import type { ResponseImporter, ResponseSource } from '../analytics/ports.ts';
import type { Logger } from '../shared/logger.ts';
import type { ResponseStore } from '../survey/ports.ts';
import { createDatabase, type Database } from './client.ts';
import { backendOf, type Backend } from './database-url.ts';
import { PostgresUnlinkMaintenance, SqliteUnlinkMaintenance, type UnlinkMaintenance } from './maintenance.ts';
import { migrateDatabase } from './migrate.ts';
import { PostgresResponseStore } from './postgres-response-store.ts';
import type { SurveyReleases } from './releases.ts';
import { SqlResponseImporter } from './response-import.ts';
import { SqlResponseSource } from './results-source.ts';
import { openSqlConnection, type SqlConnection } from './sql-connection.ts';
import { SqliteResponseStore } from './sqlite-response-store.ts';

export interface Store {
  readonly backend: Backend;
  /** Prisma: catalog, CME, schedule, preferences (the cold paths). */
  readonly db: Database;
  readonly connection: SqlConnection;
  readonly responses: ResponseStore;
  readonly releases: SurveyReleases;
  readonly source: ResponseSource;
  readonly importer: ResponseImporter;
  /** Clears the remnants of deleted links (WAL, dead tuples) now rather than shortly. */
  readonly maintenance: UnlinkMaintenance;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Completed responses released together: RESULTS_MIN_CELL. */
  readonly batchSize: number;
  readonly today: () => string;
  readonly logger: Logger;
}

export async function openStore(url: string, options: StoreOptions): Promise<Store> {
  const applied = await migrateDatabase(url);
  if (applied.length > 0) options.logger.info('database migrated', { migrations: applied });
  const backend = backendOf(url);
  const connection = openSqlConnection(url);
  const db = createDatabase(url);
  const onError = (error: unknown) => options.logger.error('database maintenance failed', { error });
  let maintenance: UnlinkMaintenance;
  let responses: SqliteResponseStore | PostgresResponseStore;
  if (connection.backend === 'sqlite') {
    // Prisma's own connection deletes rows too (removing a community): zero them as well.
    await db.$queryRawUnsafe('PRAGMA secure_delete = ON');
    maintenance = new SqliteUnlinkMaintenance(connection.db, undefined, onError);
    responses = new SqliteResponseStore(connection.db, options.batchSize, maintenance);
  } else {
    maintenance = new PostgresUnlinkMaintenance(connection.pool, onError);
    responses = new PostgresResponseStore(connection.pool, options.batchSize, maintenance, (error) =>
      options.logger.error('releasing a batch of completed responses failed; the next completion retries', { error }),
    );
  }
  await releaseClosedSurveys(db, responses, options.today());
  return {
    backend,
    db,
    connection,
    responses,
    releases: responses,
    source: new SqlResponseSource(connection),
    importer: new SqlResponseImporter(connection, url, options.today),
    maintenance,
    close: async () => {
      await maintenance.stop();
      await db.$disconnect();
      await connection.close();
    },
  };
}

/**
 * A survey closed while its answers stayed in progress (closed by an older version, or a
 * process stopped between the two steps) has them released now: no link outlives a survey.
 */
async function releaseClosedSurveys(db: Database, releases: SurveyReleases, today: string): Promise<void> {
  const closed = await db.survey.findMany({ where: { status: 'closed', inProgress: { some: {} } }, select: { id: true, closedDay: true } });
  for (const survey of closed) await releases.closeSurvey(survey.id, survey.closedDay ?? today);
}
