/**
 * The compiled program (src/build.mjs → dist/), which `npm start` and the command-line tools
 * run: the vendored libraries are bundled whole and every compiled import of them points at the
 * bundle; the results tool, one bundled file, gives what the sources give on each of its paths
 * (read-only JSON, text with its renderers loaded on demand, the whole application).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCohort } from '../src/analytics/demo/cohort.ts';
import { COHORT } from '../src/analytics/demo/targets.ts';
import { DEMO_COMMUNITY, DEMO_PLATFORM, openApp } from '../src/cli/common.ts';
import { resultsCli } from '../src/cli/results.ts';
// @ts-expect-error: a build script in plain JavaScript, without declarations
import { VENDORED, vendorFile } from '../src/build-vendor.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'dist');

function compiledFiles(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'vendor' && entry.name !== 'prisma') compiledFiles(full, found);
    else if (entry.name.endsWith('.js')) found.push(full);
  }
  return found;
}

describe('the compiled program', () => {
  beforeAll(() => {
    // What `npm start` does first; a no-op when dist/ is current (as after npm ci).
    execFileSync(process.execPath, [path.join(ROOT, 'src', 'build.mjs'), '--if-stale'], { stdio: 'pipe' });
  }, 120_000);

  it('imports the vendored libraries from their bundles only', () => {
    const vendored = VENDORED as readonly string[];
    const files = compiledFiles(path.join(DIST, 'src'));
    expect(files.length).toBeGreaterThan(150);
    const bare = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return vendored.filter((pkg) => text.includes(`from "${pkg}"`) || text.includes(`from '${pkg}'`)).map((pkg) => `${path.relative(ROOT, file)} → ${pkg}`);
    });
    expect(bare).toEqual([]);
    // …and the bundles are in use: shared/zod.ts imports zod for everyone.
    expect(readFileSync(path.join(DIST, 'src', 'shared', 'zod.js'), 'utf8')).toContain('"../../vendor/zod.js"');
  });

  it('bundles each vendored library with the names and behaviour of the package', async () => {
    for (const pkg of VENDORED as readonly string[]) {
      const original = (await import(pkg)) as Record<string, unknown>;
      const bundled = (await import(pathToFileURL(vendorFile(DIST, pkg) as string).href)) as Record<string, unknown>;
      const names = (ns: Record<string, unknown>) => Object.keys(ns).filter((n) => n !== '__esModule').sort();
      expect(names(bundled), pkg).toEqual(names(original));
    }
    const gammainc = async (from: string) => ((await import(from)) as { default: (x: number, a: number) => number }).default;
    const bundledGammainc = await gammainc(pathToFileURL(vendorFile(DIST, '@stdlib/math-base-special-gammainc') as string).href);
    expect(bundledGammainc(3.7, 2.5)).toBe((await gammainc('@stdlib/math-base-special-gammainc'))(3.7, 2.5));
    const { z } = (await import(pathToFileURL(vendorFile(DIST, 'zod') as string).href)) as typeof import('zod');
    expect(z.object({ n: z.number().int() }).safeParse({ n: 1.5 }).success).toBe(false);
  });

  it('leaves the database drivers out of the results tool until it opens the database', () => {
    // A static import of either driver (through sql-connection.ts, say) loads pg and its
    // dependencies at every run: ~50 ms of a 250 ms Table 1 at 1,451 respondents.
    const tool = readFileSync(path.join(DIST, 'src', 'cli', 'results.js'), 'utf8');
    expect(tool.match(/^import .* from "(pg|better-sqlite3)";$/gm) ?? []).toEqual([]);
    expect(tool).toContain('await import("better-sqlite3")');
  });

  describe('npm run results, compiled', () => {
    let dir: string;
    let env: Record<string, string>;
    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'confreres-build-'));
      env = { DATA_DIR: dir, DATABASE_URL: `file:${path.join(dir, 'build.db')}`, DEFAULT_LANGUAGE: 'en', LOG_LEVEL: 'warn' };
      const app = await openApp(env);
      try {
        const definition = app.services.definitions.defaultDefinition();
        const community = await app.services.catalog.ensureCommunity(DEMO_PLATFORM, DEMO_COMMUNITY, 'Demo', COHORT.firstDay);
        const survey = await app.services.catalog.openSurvey(community.id, definition.id, definition.version, COHORT.firstDay);
        if (!survey) throw new Error('no survey opened');
        const imported = await app.store.importer.importResponses(survey.id, generateCohort(definition));
        if (!imported.ok) throw new Error(imported.error.code);
        await app.services.catalog.closeSurvey(survey.id, COHORT.lastDay);
      } finally {
        await app.close();
      }
    }, 60_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    function compiledRun(args: readonly string[], runEnv: Record<string, string>): { code: number; stdout: string; stderr: string } {
      const child = spawnSync(process.execPath, [path.join(DIST, 'src', 'cli', 'results.js'), ...args], {
        env: { PATH: process.env.PATH, ...runEnv },
        encoding: 'utf8',
      });
      return { code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
    }

    async function sourceRun(args: readonly string[], runEnv: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
      let stdout = '';
      let stderr = '';
      const code = await resultsCli(args, (t) => (stdout += t), (t) => (stderr += t), runEnv);
      return { code, stdout, stderr };
    }

    it('prints the text the sources print (its renderers load on demand)', async () => {
      const compiled = compiledRun(['--demo', '--lang', 'en'], env);
      expect(compiled).toEqual(await sourceRun(['--demo', '--lang', 'en'], env));
      expect(compiled.stdout).toContain('1451 participants');
    }, 60_000);

    it('opens the whole application where the read-only path cannot (a database not created yet)', async () => {
      const fresh = mkdtempSync(path.join(tmpdir(), 'confreres-build-fresh-'));
      try {
        const freshEnv = (name: string) => ({ DATA_DIR: fresh, DATABASE_URL: `file:${path.join(fresh, name)}`, DEFAULT_LANGUAGE: 'en', LOG_LEVEL: 'warn' });
        const compiled = compiledRun(['--json'], freshEnv('compiled.db'));
        // Migrated by the application, then no survey to show: the list of none, exit 1.
        expect(compiled.code).toBe(1);
        expect(existsSync(path.join(fresh, 'compiled.db'))).toBe(true);
        expect(compiled).toEqual(await sourceRun(['--json'], freshEnv('sources.db')));
      } finally {
        rmSync(fresh, { recursive: true, force: true });
      }
    }, 60_000);

    it('prints the Table 1 the sources print, statistics included', async () => {
      let fromSources = '';
      expect(await resultsCli(['--demo', '--json', '--table1'], (t) => (fromSources += t), () => {}, env)).toBe(0);
      const compiled = execFileSync(process.execPath, [path.join(DIST, 'src', 'cli', 'results.js'), '--demo', '--json', '--table1'], {
        env: { PATH: process.env.PATH, ...env },
        encoding: 'utf8',
      });
      expect(compiled).toBe(fromSources);
      // A table of statistics, not an error or an empty shell.
      expect(compiled).toMatch(/"pHolm": \d/);
    }, 60_000);
  });
});
