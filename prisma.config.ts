// Prisma CLI configuration. Prisma 6.19 with the "js" engine and a driver adapter works
// without downloading native engines, which this project's machines cannot do.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

const url = process.env.DATABASE_URL ?? 'file:./data/confreres.db';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  async adapter() {
    return new PrismaBetterSQLite3({ url });
  },
});
