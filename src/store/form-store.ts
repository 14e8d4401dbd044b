/**
 * Loaded forms in the `Form` table: one row per version of a definition id, the definition as
 * JSON text; unique (definitionId, version), so two instances loading at once get two versions.
 */
import { randomUUID } from 'node:crypto';
import type { DefinitionInput } from '../survey/definition.ts';
import type { FormFormat } from '../survey/forms/build.ts';
import type { FormRepository, NewForm, StoredForm } from '../survey/forms/ports.ts';
import type { Database } from './client.ts';

/** Two instances loading the same definition id at once: the loser of the unique index tries the next version. */
const VERSION_ATTEMPTS = 5;

export class PrismaFormRepository implements FormRepository {
  readonly durable = true;
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async add(form: NewForm): Promise<StoredForm> {
    for (let attempt = 1; ; attempt += 1) {
      const latest = await this.db.form.findFirst({ where: { definitionId: form.definition.id }, orderBy: { version: 'desc' } });
      const version = (latest?.version ?? 0) + 1;
      try {
        const row = await this.db.form.create({
          data: {
            id: randomUUID(),
            communityId: form.communityId,
            definitionId: form.definition.id,
            version,
            name: form.name,
            format: form.format,
            contentHash: form.contentHash,
            definition: JSON.stringify({ ...form.definition, version }),
            createdAt: this.now(),
          },
        });
        return toStored(row);
      } catch (error) {
        if (attempt >= VERSION_ATTEMPTS || !isUniqueViolation(error)) throw error;
      }
    }
  }

  async find(definitionId: string, version: number): Promise<StoredForm | null> {
    const row = await this.db.form.findFirst({ where: { definitionId, version } });
    return row ? toStored(row) : null;
  }

  async list(communityId: string): Promise<StoredForm[]> {
    return (await this.db.form.findMany({ where: { communityId }, orderBy: { createdAt: 'desc' } })).map(toStored);
  }

  async all(): Promise<StoredForm[]> {
    return (await this.db.form.findMany({ orderBy: [{ definitionId: 'asc' }, { version: 'asc' }] })).map(toStored);
  }

  async findByHash(communityId: string, contentHash: string): Promise<StoredForm | null> {
    const row = await this.db.form.findFirst({ where: { communityId, contentHash } });
    return row ? toStored(row) : null;
  }
}

type FormRow = Awaited<ReturnType<Database['form']['create']>>;

function toStored(row: FormRow): StoredForm {
  return {
    id: row.id,
    communityId: row.communityId,
    definitionId: row.definitionId,
    version: row.version,
    name: row.name,
    format: row.format as FormFormat,
    contentHash: row.contentHash,
    definition: JSON.parse(row.definition) as DefinitionInput,
    createdAt: row.createdAt,
  };
}

/** Prisma's P2002 (unique constraint), on either backend. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
