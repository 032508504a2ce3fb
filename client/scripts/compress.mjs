// Precompresses the built PWA (docs/operations.md "Static files"): every text asset of at least
// 1 KB gets a brotli (.br, quality 11) and a gzip (.gz, level 9) twin beside it, which the relay
// serves by the browser's Accept-Encoding (@fastify/static `preCompressed`). Done once at build
// time, so no request pays for compression. Run by the root `pnpm build` after `vite build`.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TEXT = /\.(?:js|mjs|css|html|webmanifest|json|svg|txt|map)$/;
// Below this a file gains nothing worth a second request's bytes; the shell is compressed anyway
// (every visit and every update check fetches it).
const MIN_BYTES = 1024;

/** Writes `<file>.br` and `<file>.gz` (a deploy that changes a file after the build must too). */
export function compressFile(file) {
  const data = readFileSync(file);
  const br = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  });
  const gz = gzipSync(data, { level: 9 });
  writeFileSync(`${file}.br`, br);
  writeFileSync(`${file}.gz`, gz);
  return { before: data.length, brotli: br.length, gzip: gz.length };
}

export function compressDir(dir) {
  let files = 0;
  let before = 0;
  let brotli = 0;
  let gzip = 0;
  const walk = (path) => {
    for (const name of readdirSync(path)) {
      const file = join(path, name);
      const stat = statSync(file);
      if (stat.isDirectory()) {
        walk(file);
        continue;
      }
      if (!TEXT.test(name) || (stat.size < MIN_BYTES && !name.endsWith('.html'))) continue;
      const made = compressFile(file);
      files++;
      before += made.before;
      brotli += made.brotli;
      gzip += made.gzip;
    }
  };
  walk(dir);
  return { files, before, brotli, gzip };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'client/dist';
  const { files, before, brotli, gzip } = compressDir(dir);
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  process.stdout.write(`compressed ${files} files in ${dir}: ${kb(before)} → brotli ${kb(brotli)}, gzip ${kb(gzip)}\n`);
}
