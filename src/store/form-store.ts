/**
 * Loaded forms in the `Form` table (Store v2): one row per version of a definition id, the
 * definition as JSON text. Written against the table's shape as the lead's schema declares it
 * (id, communityId, definitionId, version, name, format, contentHash, definition, createdAt;
 * unique (definitionId, version)), through the delegate Prisma generates for it.
 */
import { randomUUID } from 'node:crypto';
import type { DefinitionInput } from '../survey/definition.ts';
import type { FormFormat } from '../survey/forms/build.ts';
import type { FormRepository, NewForm, StoredForm } from '../survey/forms/ports.ts';

interface FormRow {
  id: string;
  communityId: string;
  definitionId: string;
  version: number;
  name: string;
  format: string;
  contentHash: string;
  definition: string;
  createdAt: Date;
}

/** The part of Prisma's `db.form` delegate this repository uses. */
export interface FormDelegate {
  create(args: { data: Omit<FormRow, 'createdAt'> & { createdAt?: Date } }): Promise<FormRow>;
  findFirst(args: { where: Partial<Pick<FormRow, 'definitionId' | 'version' | 'communityId' | 'contentHash'>>; orderBy?: { version?: 'desc' | 'asc' } }): Promise<FormRow | null>;
  findMany(args: { where: { communityId: string }; orderBy: { createdAt: 'desc' }[] | { createdAt: 'desc' } }): Promise<FormRow[]>;
}

/** Two instances loading the same definition id at once: the loser of the unique index tries the next version. */
const VERSION_ATTEMPTS = 5;

export class PrismaFormRepository implements FormRepository {
  readonly durable = true;
  constructor(private readonly db: { readonly form: FormDelegate }) {}

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

  async findByHash(communityId: string, contentHash: string): Promise<StoredForm | null> {
    const row = await this.db.form.findFirst({ where: { communityId, contentHash } });
    return row ? toStored(row) : null;
  }
}

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
