/**
 * The import graph of src/ and commands/, read with TypeScript's own scanner (type-only
 * imports and `import('…')` types count: a cycle of types still ties two modules together).
 * No cycles; and what the build compiles into dist/ imports neither the benchmark (left out
 * of dist/, it runs under tsx) nor the test fakes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
/** Prisma's generated clients: not ours to arrange. */
const GENERATED = ['src/store/generated', 'src/store/generated-pg'].map((dir) => path.join(ROOT, dir));

function sources(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!GENERATED.includes(full)) sources(full, found);
    } else if (entry.name.endsWith('.ts')) found.push(full);
  }
  return found;
}

/** File → the files it imports by a relative path (packages are not followed). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of [...sources(path.join(ROOT, 'src')), ...sources(path.join(ROOT, 'commands'))]) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((imported) => imported.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => path.resolve(path.dirname(file), name));
    for (const target of targets) if (!existsSync(target)) throw new Error(`${path.relative(ROOT, file)} imports a missing ${path.relative(ROOT, target)}`);
    graph.set(file, targets);
  }
  return graph;
}

/** Each cycle once, as the path that closes it (depth-first search, grey = on the current path). */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'grey' | 'black'>();
  const trail: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'grey');
    trail.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'grey') found.push([...trail.slice(trail.indexOf(next)), next].map((f) => path.relative(ROOT, f)));
      else if (!state.has(next)) visit(next);
    }
    trail.pop();
    state.set(file, 'black');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('the import graph', () => {
  const graph = importGraph();

  it('reads the whole tree', () => {
    // A scanner that saw nothing would pass every check below.
    expect(graph.size).toBeGreaterThan(150);
    expect(graph.get(path.join(ROOT, 'src/app.ts'))).toContain(path.join(ROOT, 'src/analytics/service.ts'));
  });

  it('has no cycle in src/ and commands/', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const a = path.join(ROOT, 'a.ts');
    const b = path.join(ROOT, 'b.ts');
    expect(cycles(new Map([[a, [b]], [b, [a]]]))).toEqual([['a.ts', 'b.ts', 'a.ts']]);
  });

  it('keeps what dist/ holds free of the benchmark and the test fakes', () => {
    const bench = path.join(ROOT, 'src', 'bench') + path.sep;
    const tests = path.join(ROOT, 'test') + path.sep;
    const offending = [...graph]
      .filter(([file]) => !file.startsWith(bench))
      .flatMap(([file, targets]) => targets.filter((t) => t.startsWith(bench) || t.startsWith(tests)).map((t) => `${path.relative(ROOT, file)} → ${path.relative(ROOT, t)}`));
    expect(offending).toEqual([]);
  });
});
