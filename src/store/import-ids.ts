/**
 * Ids for the rows of one import, on both backends.
 *
 * Ids: a prefix drawn at random for the import (96 bits), then a counter, so that each row's
 * id sorts after the previous one. A random id a row put every insert at a random place of
 * the primary key's index: once the index outgrew SQLite's page cache, each insert read and
 * rewrote a random page (1.2 M rows: 12 % of the import's CPU). The ids of one import now
 * follow the order its rows are written in, which their rowids (SQLite) or physical places
 * already follow; different imports stay unordered between them. Each batch is shuffled
 * before it is written (response-import.ts), so that within a batch neither follows the file.
 */
import { randomBytes } from 'node:crypto';

export class ImportRowIds {
  private readonly prefix = randomBytes(12).toString('hex');
  private next = 0;

  /** 36 characters like a UUID, without its dashes: never equal to a released response's id. */
  id(): string {
    return this.prefix + (this.next++).toString(16).padStart(12, '0');
  }
}
