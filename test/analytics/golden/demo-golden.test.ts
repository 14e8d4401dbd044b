import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoOutputs, GOLDEN_PATH, type DemoOutputs } from './demo-outputs.ts';

const golden = JSON.parse(readFileSync(GOLDEN_PATH, 'utf8')) as DemoOutputs;

describe('results on the demo cohort', () => {
  it('are the same as those recorded in demo-golden.json (overview, Table 1, every item and item × grouping)', async () => {
    const now = await demoOutputs();
    expect(now.overview).toBe(golden.overview);
    expect(now.table1).toBe(golden.table1);
    expect(now.counts).toEqual(golden.counts);
    expect(now.tests).toEqual(golden.tests);
    expect(now.published).toEqual(golden.published);
  }, 60_000);
});
