// Prisma CLI configuration for the PostgreSQL schema (prisma/postgresql/schema.prisma):
// `npx prisma <command> --config prisma/postgresql/prisma.config.ts`. The application applies
// the migrations itself (src/store/migrate.ts); Prisma's own migrate over the js engine fails
// on PostgreSQL (prisma/orm#27403), `generate` and `migrate diff` work.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

const here = path.dirname(fileURLToPath(import.meta.url));
const connectionString = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : 'postgresql://postgres@127.0.0.1:5432/postgres';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(here, 'schema.prisma'),
  async adapter() {
    return new PrismaPg({ connectionString });
  },
});
