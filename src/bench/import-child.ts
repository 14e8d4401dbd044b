/**
 * A measured step of the import benchmark, in a process of its own so that its peak RSS is
 * its own: imports FILE through the same path as `npm run import` (stream, row reader) and
 * prints one JSON line: rows, seconds (start-up excluded) and the process's peak RSS.
 *
 *   import-child.js FILE store   the store's importer, into the database of DATABASE_URL
 *   import-child.js FILE parse   the parse alone: batches are counted and dropped
 */
import { createReadStream, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ResponseImporter } from '../analytics/ports.ts';
import { importCsv } from '../analytics/transfer/stream.ts';
import { chooseSurvey, openApp } from '../cli/common.ts';
import { keepImportHeapSmall } from '../cli/import.ts';
import { dayOf } from '../shared/day.ts';
import { ok } from '../shared/result.ts';
import { BUILT_IN_DEFINITIONS, DefinitionRegistry } from '../survey/registry.ts';
import { ownPeakRssKb } from './peak-rss.ts';

const [file, mode = 'store'] = process.argv.slice(2);
if (!file || (mode !== 'store' && mode !== 'parse')) throw new Error('usage: import-child FILE store|parse');
keepImportHeapSmall();

const dropping: ResponseImporter = {
  async importResponses(_surveyId, batches) {
    let rows = 0;
    for await (const batch of Symbol.asyncIterator in batches ? batches : [batches]) rows += batch.length;
    return ok(rows);
  },
};

const app = mode === 'store' ? await openApp(process.env) : null;
try {
  let definition = new DefinitionRegistry(BUILT_IN_DEFINITIONS).defaultDefinition();
  let surveyId = 'bench';
  if (app) {
    const chosen = await chooseSurvey(app, {}, 'en', true);
    if (!chosen.ok) throw new Error(chosen.message);
    definition = app.services.definitions.forSurvey(chosen.survey);
    surveyId = chosen.survey.id;
  }
  const started = performance.now();
  const outcome = await importCsv(
    definition,
    { open: () => createReadStream(file, { highWaterMark: 1 << 16 }), size: statSync(file).size },
    app ? app.store.importer : dropping,
    { surveyId, today: dayOf(new Date()) },
  );
  const seconds = (performance.now() - started) / 1000;
  if (!outcome.ok) throw new Error(`import refused: ${JSON.stringify('problems' in outcome ? outcome.problems.slice(0, 3) : outcome.refusal)}`);
  process.stdout.write(`${JSON.stringify({ rows: outcome.imported, seconds, maxRssKb: ownPeakRssKb() })}\n`);
} finally {
  await app?.close();
}
