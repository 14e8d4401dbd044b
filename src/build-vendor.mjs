/**
 * Part of the build (src/build.mjs): the pure-JavaScript libraries that every start loads, each
 * bundled into one file of dist/vendor/, and the compiled code's imports of them pointed there.
 *
 * Why: Node resolves, reads and compiles a package one file at a time. zod is 94 files and the
 * @stdlib special functions about 280; loading them took 80–90 ms of the 0.4 s that
 * `npm run results` spends on 1,451 respondents, against ~10 ms for the same code in one file.
 * Only stateless libraries are listed: every compiled importer points at the same bundle, so
 * nothing is loaded twice. Tests and the bench run the sources under tsx and so import the
 * packages themselves — the same code, unbundled.
 *
 * Not listed: packages with native parts or their own files at run time (better-sqlite3,
 * Prisma, resvg), and those only some commands load (echarts, discord.js, grammY), which keep
 * their lazy imports.
 */
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const VENDORED = ['zod', 'simple-statistics', '@stdlib/math-base-special-gammainc', '@stdlib/stats-base-dists-hypergeometric-pmf'];

/** dist/vendor/<name>.js for a package name ("@stdlib/x" → "stdlib-x.js"). */
export function vendorFile(out, pkg) {
  return path.join(out, 'vendor', `${pkg.replace(/^@/, '').replace(/\//g, '-')}.js`);
}

/**
 * Bundles each listed package (esbuild, minified, legal comments kept) with exactly the names
 * Node's own import of it exposes, so `import { z } from 'zod'` and the bundle agree.
 */
export async function bundleVendored(root, out) {
  const esbuild = createRequire(path.join(root, 'package.json'))('esbuild');
  mkdirSync(path.join(out, 'vendor'), { recursive: true });
  for (const pkg of VENDORED) {
    // What `import … from pkg` sees in Node (ESM resolution, as the compiled code's).
    const namespace = await import(pkg);
    const names = Object.keys(namespace).filter((name) => name !== '__esModule' && /^[A-Za-z_$][\w$]*$/.test(name));
    await esbuild.build({
      stdin: { contents: `export { ${names.join(', ')} } from '${pkg}';\n`, resolveDir: root, loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      minify: true,
      outfile: vendorFile(out, pkg),
      logLevel: 'warning',
    });
  }
}

/**
 * A TypeScript transformer for transpileModule: `from 'zod'` becomes `from '../vendor/zod.js'`
 * (relative to the compiled file `target`), in imports and re-exports.
 */
export function pointImportsAtVendor(ts, out, target) {
  const vendored = new Set(VENDORED);
  const specifier = (pkg) => {
    const relative = path.relative(path.dirname(target), vendorFile(out, pkg)).split(path.sep).join('/');
    return relative.startsWith('.') ? relative : `./${relative}`;
  };
  return (context) => (sourceFile) => {
    const f = context.factory;
    const rewrite = (node) => {
      const from = node.moduleSpecifier;
      if (!from || !ts.isStringLiteral(from) || !vendored.has(from.text)) return node;
      const to = f.createStringLiteral(specifier(from.text));
      if (ts.isImportDeclaration(node)) return f.updateImportDeclaration(node, node.modifiers, node.importClause, to, node.attributes);
      if (ts.isExportDeclaration(node)) return f.updateExportDeclaration(node, node.modifiers, node.isTypeOnly, node.exportClause, to, node.attributes);
      return node;
    };
    return f.updateSourceFile(sourceFile, sourceFile.statements.map(rewrite));
  };
}
