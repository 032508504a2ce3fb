// Initial JavaScript of the built PWA, gzipped (zlib default level, 1 KB = 1000 bytes, as Vite
// prints), for its two routes (client/src/main.ts):
// - signed in: the entry script of index.html, the app it imports at once (app-root), and every
//   chunk they import statically;
// - the first visit's sign-in: the entry and its static imports only.
// Chunks behind any other dynamic import() load later and are not counted.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const STATIC_IMPORT = /(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+\.js)["']/g;

const APP_ROOT = /import\(\s*["'`](\.\/app-root-[\w-]+\.js)["'`]\s*\)/;

/** The signed-in route: entry + app-root, with their static imports. */
export function initialJs(distDir) {
  return routeJs(distDir, true);
}

/** The first visit's sign-in form: the entry and its static imports. */
export function signInJs(distDir) {
  return routeJs(distDir, false);
}

function routeJs(distDir, withApp) {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)].map((m) => m[1]);
  const seen = new Map();
  const visit = (file) => {
    if (seen.has(file)) return;
    const code = readFileSync(file);
    seen.set(file, { raw: code.length, gzip: gzipSync(code).length });
    for (const m of code.toString('utf8').matchAll(STATIC_IMPORT)) visit(resolve(dirname(file), m[1]));
  };
  for (const src of entries) {
    const file = join(distDir, src.replace(/^\//, ''));
    visit(file);
    const app = readFileSync(file, 'utf8').match(APP_ROOT);
    if (withApp && !app) throw new Error('the entry does not import app-root: initial-js.mjs must follow main.ts');
    if (withApp) visit(resolve(dirname(file), app[1]));
  }
  const chunks = [...seen].map(([file, size]) => ({ file: file.slice(distDir.length), ...size }));
  return {
    chunks,
    raw: chunks.reduce((n, c) => n + c.raw, 0),
    gzip: chunks.reduce((n, c) => n + c.gzip, 0),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = resolve(process.argv[2] ?? fileURLToPath(new URL('../dist/', import.meta.url)));
  const dir = dist.endsWith('/') ? dist : `${dist}/`;
  const kb = (n) => `${(n / 1000).toFixed(1).padStart(7)} KB gz`;
  const result = initialJs(dir);
  for (const c of result.chunks) console.log(`${kb(c.gzip)}  ${c.file}`);
  console.log(`${kb(result.gzip)}  initial JavaScript, signed in (${(result.raw / 1000).toFixed(0)} KB raw)`);
  const form = signInJs(dir);
  console.log(`${kb(form.gzip)}  initial JavaScript, first visit's sign-in (${(form.raw / 1000).toFixed(0)} KB raw)`);
}
