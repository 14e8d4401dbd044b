/**
 * Writes imported responses (CSV import, demo cohort) in one transaction, batch by batch as
 * the parser yields them, so a file of any size goes in at once or not at all without being
 * held in memory. Imported responses have no participant key and no completion row: nobody
 * can resume or be matched to them. They are released as batch 0, each batch shuffled, with
 * ids of the import's own (import-ids.ts).
 * A file already imported, or rows already present (by fingerprint), refuse the whole import
 * unless duplicates are allowed. "Already present" means held by the survey before this
 * import: rows repeated inside one import are the parser's to report (it numbers them apart).
 *
 * SQLite writes in a worker thread (sqlite-import.ts) while this thread parses; PostgreSQL
 * writes on its server while this thread parses. Either way at most IN_FLIGHT batches wait.
 */
import type pg from 'pg';
import type { ImportedBatches, ImportedResponse, ImportOptions, ImportRefusal, ResponseImporter } from '../analytics/ports.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { sqliteFilePath } from './database-url.ts';
import { ImportRowIds } from './import-ids.ts';
import { inPostgresTransaction } from './postgres-transaction.ts';
import { shuffled } from './response-rows.ts';
import type { SqlConnection } from './sql-connection.ts';
import { storedFields } from './sqlite-import.ts';
import { SqliteImportClient } from './sqlite-import-client.ts';

/** Batches handed to the writer and not yet written: one being written, one waiting. */
const IN_FLIGHT = 2;

/** How one backend writes, inside its transaction: batches, then finish or abort. */
interface ImportWriter {
  begin(): Promise<Result<void, ImportRefusal>>;
  write(rows: readonly ImportedResponse[]): Promise<void>;
  finish(): Promise<Result<number, ImportRefusal>>;
  abort(): Promise<void>;
}

export interface SqlResponseImporterOptions {
  /** SQLite: rows written before the fingerprint index is rebuilt at the end (tests lower it). */
  readonly bulkAfterRows?: number;
}

export class SqlResponseImporter implements ResponseImporter {
  /**
   * @param url the database URL: SQLite imports on a connection of their own, so that a
   *   long import never mixes its transaction with the hot path's statements
   */
  constructor(
    private readonly connection: SqlConnection,
    private readonly url: string,
    private readonly today: () => string,
    private readonly options: SqlResponseImporterOptions = {},
  ) {}

  async importResponses(surveyId: string, batches: ImportedBatches, options: ImportOptions = {}): Promise<Result<number, ImportRefusal>> {
    const settings = { surveyId, fileFingerprint: options.fileFingerprint ?? null, allowDuplicates: options.allowDuplicates ?? false, today: this.today() };
    if (this.connection.backend === 'postgresql') {
      try {
        // A refusal is thrown so that the transaction helper rolls back.
        return await inPostgresTransaction(this.connection.pool, async (client) => {
          const written = await pump(new PostgresImportWriter(client, settings), batches);
          if (!written.ok) throw new Refused(written.error);
          return written;
        });
      } catch (error) {
        if (error instanceof Refused) return err(error.refusal);
        throw error;
      }
    }
    return pump(new SqliteImportClient({ ...settings, file: sqliteFilePath(this.url), bulkAfterRows: this.options.bulkAfterRows }), batches);
  }
}

class Refused extends Error {
  constructor(readonly refusal: ImportRefusal) {
    super(refusal.code);
  }
}

/** Feeds the writer as the batches come, keeping at most IN_FLIGHT unwritten; all or nothing. */
async function pump(writer: ImportWriter, batches: ImportedBatches): Promise<Result<number, ImportRefusal>> {
  const begun = await writer.begin();
  if (!begun.ok) return begun;
  const pending: Promise<void>[] = [];
  try {
    const iterable: AsyncIterable<readonly ImportedResponse[]> | Iterable<readonly ImportedResponse[]> = Symbol.asyncIterator in batches ? batches : [batches];
    for await (const batch of iterable) {
      if (batch.length === 0) continue;
      // Shuffled as a release batch is, so that within a batch neither the row order nor the
      // ids (import-ids.ts) follow the file's, for a form's export the order respondents finished in.
      const written = writer.write(shuffled(batch));
      // Awaited below or in order; this only keeps a failure that comes early from being "unhandled".
      written.catch(() => undefined);
      pending.push(written);
      if (pending.length >= IN_FLIGHT) await pending.shift();
    }
    for (const written of pending.splice(0)) await written;
    return await writer.finish();
  } catch (error) {
    await Promise.allSettled(pending);
    await writer.abort();
    throw error;
  }
}

interface WriterSettings {
  readonly surveyId: string;
  readonly fileFingerprint: string | null;
  readonly allowDuplicates: boolean;
  readonly today: string;
}

/**
 * One statement a batch with the rows as arrays (unnest), sent without this thread waiting for
 * the previous one (a chain, as a client runs one query at a time), so that the server writes
 * while this thread parses the next batch. The same statement counts the batch's rows already
 * present: rows of the survey that this transaction did not write (xmin), as the statement's
 * snapshot does not see its own insert.
 */
class PostgresImportWriter implements ImportWriter {
  private written = 0;
  private present = 0;
  private checkPresence = false;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly ids = new ImportRowIds();

  constructor(private readonly client: pg.PoolClient, private readonly settings: WriterSettings) {}

  async begin(): Promise<Result<void, ImportRefusal>> {
    const { surveyId, fileFingerprint, allowDuplicates } = this.settings;
    if (fileFingerprint && !allowDuplicates) {
      const seen = await this.client.query(`SELECT 1 FROM "ImportedFile" WHERE "surveyId" = $1 AND "fingerprint" = $2`, [surveyId, fileFingerprint]);
      if (seen.rowCount) return err({ code: 'import.file_already_imported' });
    }
    // No fingerprint in the survey yet: no row of this import can be already present.
    if (!allowDuplicates) {
      const fingerprinted = await this.client.query(`SELECT 1 FROM "Response" WHERE "surveyId" = $1 AND "importFingerprint" IS NOT NULL LIMIT 1`, [surveyId]);
      this.checkPresence = (fingerprinted.rowCount ?? 0) > 0;
    }
    return ok(undefined);
  }

  write(rows: readonly ImportedResponse[]): Promise<void> {
    const columns = columnsOf(rows, this.ids);
    const query = { name: this.checkPresence ? 'confreres-import-checked' : 'confreres-import', text: insertSql(this.checkPresence), values: [this.settings.surveyId, ...columns] };
    const done = this.chain.then(() => this.client.query<{ n: string }>(query));
    this.chain = done.catch(() => undefined);
    return done.then((result) => {
      this.present += Number(result.rows[0]?.n ?? 0);
      this.written += rows.length;
    });
  }

  async finish(): Promise<Result<number, ImportRefusal>> {
    if (this.present > 0) return err({ code: 'import.rows_already_present', count: this.present });
    const { surveyId, fileFingerprint, today } = this.settings;
    if (fileFingerprint) {
      await this.client.query(
        `INSERT INTO "ImportedFile" ("surveyId", "fingerprint", "rows", "importedDay") VALUES ($1, $2, $3, $4) ON CONFLICT ("surveyId", "fingerprint") DO UPDATE SET "rows" = "ImportedFile"."rows" + excluded."rows"`,
        [surveyId, fileFingerprint, this.written, today],
      );
    }
    return ok(this.written);
  }

  /** The transaction helper rolls back when the work throws; only the chain is let finish. */
  async abort(): Promise<void> {
    await this.chain;
  }
}

/** The batch as the statement's arrays: id (import-ids.ts), then the stored fields (storedFields). */
function columnsOf(rows: readonly ImportedResponse[], ids: ImportRowIds): (string | null)[][] {
  const columns: (string | null)[][] = [[], [], [], [], [], [], []];
  for (const r of rows) {
    columns[0]?.push(ids.id());
    storedFields(r).forEach((value, c) => columns[c + 1]?.push(value));
  }
  return columns;
}

/** $1 the survey, $2…$8 the columns (id, status, cursor, answers, startedDay, completedDay, fingerprint). */
function insertSql(countPresent: boolean): string {
  const insert = `INSERT INTO "Response" ("id", "surveyId", "status", "cursor", "answers", "batch", "startedDay", "completedDay", "importFingerprint")
    SELECT u."id", $1, u."status", u."cursor", u."answers", 0, u."startedDay", u."completedDay", u."fp"
    FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS u("id", "status", "cursor", "answers", "startedDay", "completedDay", "fp")`;
  if (!countPresent) return insert;
  return `WITH "inserted" AS (${insert} RETURNING 1)
    SELECT count(*) AS n FROM unnest($8::text[]) AS f("fp")
    WHERE EXISTS (SELECT 1 FROM "Response" r WHERE r."surveyId" = $1 AND r."importFingerprint" = f."fp" AND r.xmin <> pg_current_xact_id()::xid)`;
}
