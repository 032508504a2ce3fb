// Compiles the relay to plain JavaScript for production (docs/operations.md "Running it"): the
// relay, its apply worker and its SQLite writer thread, each one ES module bundle in
// sync-server/dist/, run by `node sync-server/dist/main.mjs` with no TypeScript loader. Only
// better-sqlite3 (a native addon) stays outside the bundles, loaded from node_modules.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const outdir = here('../dist/');
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: {
    main: here('../src/main.ts'),
    'engine-worker': here('../src/engine/engine-worker.ts'),
    'sqlite-writer': here('../src/storage/sqlite-writer.ts'),
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: false,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: ['better-sqlite3'],
  // Bundled CommonJS dependencies still call require().
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  // main.ts starts the workers from these bundles instead of the TypeScript sources.
  define: { 'globalThis.__THONGSUOT_BUNDLE__': 'true' },
  logLevel: 'warning',
});
console.log(`relay compiled to ${outdir}`);
