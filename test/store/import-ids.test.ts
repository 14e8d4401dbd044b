import { describe, expect, it } from 'vitest';
import { ImportRowIds } from '../../src/store/import-ids.ts';
import { shuffled } from '../../src/store/response-rows.ts';

describe('import ids and batch order', () => {
  it('numbers the rows of one import in increasing order after a prefix of its own', () => {
    const [a, b] = [new ImportRowIds(), new ImportRowIds()];
    const ids = Array.from({ length: 5000 }, () => a.id());
    expect(ids.every((id, i) => /^[0-9a-f]{36}$/.test(id) && (i === 0 || (ids[i - 1] as string) < id))).toBe(true);
    expect(new Set(ids.map((id) => id.slice(0, 24))).size).toBe(1);
    expect(b.id().slice(0, 24)).not.toBe(ids[0]?.slice(0, 24));
  });

  it('shuffles a batch into permutations, each position taking every row', () => {
    const seenAt = Array.from({ length: 6 }, () => new Set<number>());
    for (let n = 0; n < 400; n++) {
      const order = shuffled([0, 1, 2, 3, 4, 5]);
      expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5]);
      order.forEach((index, position) => seenAt[position]?.add(index));
    }
    expect(seenAt.every((indexes) => indexes.size === 6)).toBe(true);
    expect(shuffled([])).toEqual([]);
    expect(shuffled([0])).toEqual([0]);
  });
});
