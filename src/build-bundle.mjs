/**
 * Part of the build (src/build.mjs): the results tool compiled into one file.
 *
 * Why: `npm run results` on a community's survey is a short process whose start is most of
 * its time, and Node loads an ES module graph one file at a time (resolve, read on the thread
 * pool, compile, link). The ~45 files the tool reads on its read-only path cost ~30 ms of its
 * ~280 ms at 1,451 respondents, as much as it was behind R's whole process on the same data.
 *
 * dist/src/cli/results.js is replaced by a bundle (esbuild) of itself and what it imports, with
 * these kept as the separate files they are:
 * - packages and dist/vendor/ (one file each already, shared with every other module);
 * - SEPARATE: what the tool loads only on some runs. The application above all: on a database
 *   that needs migrating the tool opens the whole app, which loads the command files from
 *   dist/commands, and those must share the app's modules, not the bundle's copies. Its
 *   modules and the bundle's copies of the same files then both load; they hand each other
 *   plain values only (results, errors as values), so nothing depends on which copy ran.
 *
 * The bundle sits where the compiled file was, so paths resolved from `import.meta.url` (the
 * migrations' folder, two levels up) hold; the build refuses a bundled module that builds a
 * relative URL from its own location at another depth.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ENTRY = 'src/cli/results.js';
/** Loaded on demand and kept out of the bundle (paths in dist/). */
const SEPARATE = [
  'src/app.js',
  'src/shared/logger.js',
  'src/platforms/console/console.js',
  'src/analytics/report/index.js',
  'src/analytics/transfer/export.js',
  'src/analytics/transfer/redcap-export.js',
];

export async function bundleResultsTool(root, out) {
  const esbuild = createRequire(path.join(root, 'package.json'))('esbuild');
  const entry = path.join(out, ENTRY);
  const separate = new Set(SEPARATE.map((file) => path.join(out, file)));
  const vendor = path.join(out, 'vendor') + path.sep;
  const keepSeparate = {
    name: 'keep-separate',
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        const target = path.resolve(args.resolveDir, args.path);
        if (!separate.has(target) && !target.startsWith(vendor)) return undefined;
        const relative = path.relative(path.dirname(entry), target).split(path.sep).join('/');
        return { path: relative.startsWith('.') ? relative : `./${relative}`, external: true };
      });
    },
  };
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outfile: entry,
    allowOverwrite: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [keepSeparate],
  });
  const depth = (file) => path.relative(out, path.dirname(file)).split(path.sep).length;
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = path.resolve(root, input);
    if (depth(file) === depth(entry)) continue;
    if (/new URL\([^)]*import\.meta\.url/.test(readFileSync(file, 'utf8'))) {
      throw new Error(`build: ${input} builds a path from its own location and cannot go into ${ENTRY}'s bundle; list it in SEPARATE`);
    }
  }
}
