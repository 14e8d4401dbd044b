/**
 * Ids and order for the rows of one import, on both backends.
 *
 * Ids: a prefix drawn at random for the import (96 bits), then a counter, so that each row's
 * id sorts after the previous one. A random id a row put every insert at a random place of
 * the primary key's index: once the index outgrew SQLite's page cache, each insert read and
 * rewrote a random page (1.2 M rows: 12 % of the import's CPU). The ids of one import now
 * follow the order its rows are written in, which their rowids (SQLite) or physical places
 * already follow; different imports stay unordered between them.
 *
 * Order: the rows of each batch handed to the store are written in a random order (OS
 * randomness), so that within a batch neither the ids nor the row order follow the file's
 * order, which for a form's export is the order respondents finished in.
 */
import { randomBytes, randomFillSync } from 'node:crypto';

export class ImportRowIds {
  private readonly prefix = randomBytes(12).toString('hex');
  private next = 0;

  /** 36 characters like a UUID, without its dashes: never equal to a released response's id. */
  id(): string {
    return this.prefix + (this.next++).toString(16).padStart(12, '0');
  }
}

/**
 * The indexes 0 … count − 1 in a random order (Fisher–Yates, 32 random bits a draw: the bias
 * of the modulo is below count / 2³², 10⁻⁷ for a batch of 500).
 */
export function randomOrder(count: number): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const draws = randomFillSync(new Uint32Array(count));
  for (let i = count - 1; i > 0; i--) {
    const j = (draws[i] as number) % (i + 1);
    const swap = order[i] as number;
    order[i] = order[j] as number;
    order[j] = swap;
  }
  return order;
}
