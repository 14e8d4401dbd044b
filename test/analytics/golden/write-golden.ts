/** Rewrites demo-golden.json from the current code: `npx tsx test/analytics/golden/write-golden.ts`. */
import { writeFileSync } from 'node:fs';
import { demoOutputs, GOLDEN_PATH } from './demo-outputs.ts';

const started = performance.now();
const outputs = await demoOutputs();
writeFileSync(GOLDEN_PATH, JSON.stringify(outputs, null, 1) + '\n');
process.stdout.write(`${Object.keys(outputs.published).length} queries in ${Math.round(performance.now() - started)} ms\n`);
