/**
 * The PostgreSQL schema is a copy of the SQLite one (Prisma generates one client per
 * provider): the models must stay identical, and each backend has the migrations that build
 * them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIRS } from '../../src/store/migrate.ts';

const read = (relative: string) => readFileSync(fileURLToPath(new URL(relative, import.meta.url)), 'utf8');
/** Everything after the datasource block: the models. */
const models = (schema: string) => schema.slice(schema.indexOf('}', schema.indexOf('datasource db')) + 1).trim();

describe('PostgreSQL schema', () => {
  it('has exactly the models of prisma/schema.prisma', () => {
    const sqlite = read('../../prisma/schema.prisma');
    const postgres = read('../../prisma/postgresql/schema.prisma');
    expect(models(postgres)).toBe(models(sqlite));
    expect(postgres).toMatch(/provider = "postgresql"/);
  });

  it('creates every model in its migrations', () => {
    const names = [...models(read('../../prisma/schema.prisma')).matchAll(/^model (\w+)/gm)].map((m) => m[1]);
    for (const dir of Object.values(MIGRATIONS_DIRS)) {
      const sql = readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => readFileSync(`${dir}/${e.name}/migration.sql`, 'utf8'))
        .join('\n');
      for (const name of names) expect(sql, `${dir}: ${name}`).toMatch(new RegExp(`CREATE TABLE "(new_)?${name}"`));
    }
  });
});
