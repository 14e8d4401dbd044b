/**
 * The import benchmark's measured process: imports FILE into a fresh database in DATA_DIR
 * through the same path as `npm run import` (stream, row reader, the store's importer), then
 * prints one JSON line: rows imported, seconds spent importing (start-up excluded) and the
 * process's peak resident memory. Run in a child so that peak RSS is the import's alone.
 */
import { createReadStream, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { importCsv } from '../analytics/transfer/stream.ts';
import { chooseSurvey, openApp } from '../cli/common.ts';
import { keepImportHeapSmall } from '../cli/import.ts';
import { dayOf } from '../shared/day.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: import-child FILE');
keepImportHeapSmall();
const app = await openApp(process.env);
try {
  const chosen = await chooseSurvey(app, {}, 'en', true);
  if (!chosen.ok) throw new Error(chosen.message);
  const definition = app.services.definitions.forSurvey(chosen.survey);
  const started = performance.now();
  const outcome = await importCsv(
    definition,
    { open: () => createReadStream(file, { highWaterMark: 1 << 16 }), size: statSync(file).size },
    app.store.importer,
    { surveyId: chosen.survey.id, today: dayOf(app.now()) },
  );
  const seconds = (performance.now() - started) / 1000;
  if (!outcome.ok) throw new Error(`import refused: ${JSON.stringify('problems' in outcome ? outcome.problems.slice(0, 3) : outcome.refusal)}`);
  process.stdout.write(`${JSON.stringify({ rows: outcome.imported, seconds, maxRssKb: process.resourceUsage().maxRSS })}\n`);
} finally {
  await app.close();
}
