/**
 * Compiles src/ and commands/ to JavaScript in dist/, which `npm start` and the command-line
 * tools run (no TypeScript compiler at run time: tsx cost ~2 s of CPU and ~80 MB per start).
 *
 * Each file is transpiled on its own (TypeScript's transpileModule, with the options of
 * tsconfig.build.json: `.ts` imports rewritten to `.js`); type checking is `npm run
 * typecheck`'s job, so the build takes a second or two. dist/prisma links to prisma/, so that
 * paths the code resolves from its own location (`../../prisma/migrations`) hold in dist/ too.
 *
 *   node src/build.mjs             build (from scratch: a deleted source leaves nothing behind)
 *   node src/build.mjs --if-stale  build only when a source is newer than the last build
 *
 * src/bench is not built: the benchmark runs under tsx (see `notBuilt`). A few pure-JavaScript
 * libraries are bundled into dist/vendor/, one file each, and imported from there
 * (src/build-vendor.mjs says which and why), and the results tool is one file
 * (src/build-bundle.mjs).
 *
 * Without the typescript package (`npm ci --omit=dev`), it says so and leaves dist/ as it is:
 * an image built that way must copy dist/ from a stage that installed everything.
 */
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { bundleResultsTool } from './build-bundle.mjs';
import { bundleVendored, pointImportsAtVendor } from './build-vendor.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const out = path.join(root, 'dist');
const stamp = path.join(out, '.built');
const sourceDirs = ['src', 'commands'];
const configFiles = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'src/build.mjs', 'src/build-vendor.mjs', 'src/build-bundle.mjs'];
// The benchmark runs from src/ under tsx (`npm run bench`, its workers with `--import tsx`) and
// drives the test fakes in test/, which dist/ does not hold: compiled, it could not even load.
const notBuilt = [path.join(root, 'src', 'bench')];

function sources(dir, found = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!notBuilt.includes(full)) sources(full, found);
    }
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(full);
  }
  return found;
}

function isStale(files) {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const listed = readFileSync(stamp, 'utf8');
  // A file added or deleted since the last build changes the list.
  if (listed !== files.map((f) => path.relative(root, f)).join('\n')) return true;
  return [...files, ...configFiles.map((f) => path.join(root, f))].some((f) => existsSync(f) && statSync(f).mtimeMs > built);
}

let ts;
try {
  ts = createRequire(import.meta.url)('typescript');
} catch {
  process.stderr.write('build: the typescript package is not installed (npm ci --omit=dev?); dist/ left as it is.\n');
  process.exit(0);
}

const files = sourceDirs.flatMap((dir) => sources(path.join(root, dir))).sort();
if (process.argv.includes('--if-stale') && !isStale(files)) process.exit(0);

const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
if (!parsed) throw new Error('build: tsconfig.build.json cannot be read');
// Every file is an ES module (package.json "type": "module"); transpiling one file alone cannot
// look that up, so it is said here.
const compilerOptions = { ...parsed.options, noEmit: false, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler };

const started = performance.now();
rmSync(out, { recursive: true, force: true });
let failures = 0;
for (const file of files) {
  const target = path.join(out, path.relative(root, file)).replace(/\.ts$/, '.js');
  const transformers = { before: [pointImportsAtVendor(ts, out, target)] };
  const result = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions, fileName: file, reportDiagnostics: true, transformers });
  for (const d of result.diagnostics ?? []) {
    failures++;
    process.stderr.write(`${path.relative(root, file)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}\n`);
  }
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, result.outputText);
}
if (failures > 0) {
  rmSync(out, { recursive: true, force: true });
  process.stderr.write(`build: ${failures} problem(s), nothing built.\n`);
  process.exit(1);
}
await bundleVendored(root, out);
await bundleResultsTool(root, out);
symlinkSync(path.join('..', 'prisma'), path.join(out, 'prisma'), 'dir');
writeFileSync(stamp, files.map((f) => path.relative(root, f)).join('\n'));
// A rebuild before `npm start` stays quiet: terminal mode shares stderr with the conversation.
if (!process.argv.includes('--if-stale')) process.stderr.write(`build: ${files.length} files to dist/ in ${Math.round(performance.now() - started)} ms\n`);
