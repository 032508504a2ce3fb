// Initial JavaScript of the built PWA: the entry script of index.html and every chunk it
// imports statically, gzipped (zlib default level, 1 KB = 1000 bytes, as Vite prints). Chunks behind a dynamic import() load later and are not counted.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const STATIC_IMPORT = /(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+\.js)["']/g;

export function initialJs(distDir) {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)].map((m) => m[1]);
  const seen = new Map();
  const visit = (file) => {
    if (seen.has(file)) return;
    const code = readFileSync(file);
    seen.set(file, { raw: code.length, gzip: gzipSync(code).length });
    for (const m of code.toString('utf8').matchAll(STATIC_IMPORT)) visit(resolve(dirname(file), m[1]));
  };
  for (const src of entries) visit(join(distDir, src.replace(/^\//, '')));
  const chunks = [...seen].map(([file, size]) => ({ file: file.slice(distDir.length), ...size }));
  return {
    chunks,
    raw: chunks.reduce((n, c) => n + c.raw, 0),
    gzip: chunks.reduce((n, c) => n + c.gzip, 0),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = resolve(process.argv[2] ?? fileURLToPath(new URL('../dist/', import.meta.url)));
  const result = initialJs(dist.endsWith('/') ? dist : `${dist}/`);
  for (const c of result.chunks) console.log(`${(c.gzip / 1000).toFixed(1).padStart(7)} KB gz  ${c.file}`);
  console.log(
    `${(result.gzip / 1000).toFixed(1).padStart(7)} KB gz  initial JavaScript (${(result.raw / 1000).toFixed(0)} KB raw)`,
  );
}
