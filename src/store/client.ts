/**
 * Builds the Prisma client on the embedded SQLite database through the better-sqlite3 driver
 * adapter (no native query engine to download). The only module that constructs a client.
 */
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/client.ts';

export type Database = PrismaClient;

export function createDatabase(url: string): Database {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
}
