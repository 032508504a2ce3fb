// `pnpm bench:attachments` (docs/benchmarks.md, "Attachments"), in one run:
// (a) a 20 MB upload over loopback with tus-js-client, cut off once at ~50% and resumed, against
//     one plain POST of the same 20 MB to a baseline route that streams the body to a file and
//     fsyncs it (attachments-server.ts; not part of the product); several rounds, medians, ratio;
// (b) the relay's RSS (its own process) sampled while 20 uploads of 20 MB run at once: before,
//     peak during, and peak minus before — flat means the bytes stream through.
import { type ChildProcess, fork } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import * as tus from 'tus-js-client';

const here = fileURLToPath(new URL('.', import.meta.url));
const MB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_MB ?? 20) * MB;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 20);
const scratch = mkdtempSync(join(tmpdir(), 'bench-attachments-'));

interface Relay {
  readonly child: ChildProcess;
  readonly base: string;
  rss(): Promise<number>;
  stop(): Promise<void>;
}

async function startRelay(name: string, people: number): Promise<Relay> {
  const dataDir = join(scratch, name);
  const child = fork(`${here}attachments-server.ts`, [dataDir, String(people)], { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port?: number }) => resolve(m.port ?? 0));
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}`)));
  });
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    rss: () =>
      new Promise((resolve) => {
        const on = (m: { rss?: number }) => {
          if (m.rss === undefined) return;
          child.off('message', on);
          resolve(m.rss);
        };
        child.on('message', on);
        child.send('rss');
      }),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A file of `SIZE` random bytes on disk, and its hash: the uploaders stream it, holding none of it. */
function makeFile(name: string): { path: string; sha256: string } {
  const bytes = randomBytes(SIZE);
  const path = join(scratch, name);
  writeFileSync(path, bytes);
  return { path, sha256: createHash('sha256').update(bytes).digest('hex') };
}

const cookieOf = (person: number) => `ts_session=token-b${person}`;

/** Where each interrupted upload resumed from (the relay's Upload-Offset on HEAD), as a share of the file. */
const resumedAt: number[] = [];

/** One upload with tus-js-client; `uploadUrl` resumes one already started. */
function tusUpload(base: string, person: number, file: { path: string; sha256: string }, uploadUrl?: string) {
  return new Promise<void>((resolve, reject) => {
    new tus.Upload(createReadStream(file.path), {
      endpoint: `${base}/api/uploads/`,
      ...(uploadUrl ? { uploadUrl } : {}),
      metadata: { sha256: file.sha256, filename: 'bench.bin', filetype: 'application/octet-stream' },
      headers: { cookie: cookieOf(person) },
      retryDelays: [],
      storeFingerprintForResuming: false,
      onAfterResponse: (req, res) => {
        if (req.getMethod() === 'HEAD') resumedAt.push(Number(res.getHeader('Upload-Offset')) / SIZE);
      },
      onSuccess: () => resolve(),
      onError: reject,
    }).start();
  });
}

/**
 * A device whose connection drops halfway through its upload: it creates the upload, sends the
 * first half of the file in a PATCH declared for all of it, and the socket is destroyed (what
 * was still in flight is lost). Then it resumes with tus-js-client: HEAD for the offset the
 * relay kept, one PATCH for the rest.
 */
async function interruptedUpload(base: string, person: number, file: { path: string; sha256: string }) {
  const tusHeaders = { cookie: cookieOf(person), 'tus-resumable': '1.0.0' };
  const metadata = [`sha256 ${Buffer.from(file.sha256).toString('base64')}`, 'filename YmVuY2guYmlu', 'filetype eA=='];
  const created = await fetch(`${base}/api/uploads/`, {
    method: 'POST',
    headers: { ...tusHeaders, 'upload-length': String(SIZE), 'upload-metadata': metadata.join(',') },
  });
  const url = new URL(created.headers.get('location') ?? '', `${base}/api/uploads/`).href;
  await new Promise<void>((resolve) => {
    const req = request(url, {
      method: 'PATCH',
      headers: {
        ...tusHeaders,
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
        'content-length': SIZE,
      },
    });
    req.on('error', () => resolve());
    req.on('response', (res) => {
      res.resume();
      resolve();
    });
    const half = createReadStream(file.path, { end: SIZE / 2 - 1 });
    half.pipe(req, { end: false });
    half.on('end', () => {
      req.destroy();
      resolve();
    });
  });
  await tusUpload(base, person, file, url);
}

/** The baseline: one POST with the whole body, streamed to a file and fsynced by the relay. */
function plainPost(base: string, person: number, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}/bench/plain`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', 'content-length': SIZE, cookie: cookieOf(person) },
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 204 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    pipeline(createReadStream(path), req).catch(reject);
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const timed = async (fn: () => Promise<void>) => {
  const started = performance.now();
  await fn();
  return performance.now() - started;
};
const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;

try {
  // (a) Resumable with one interruption vs one plain POST, alternating, distinct content each round.
  const relay = await startRelay('a', 1);
  const files = Array.from({ length: ROUNDS + 1 }, (_, i) => makeFile(`a-${i}`));
  await tusUpload(relay.base, 0, files[ROUNDS] as { path: string; sha256: string }); // warm-up
  await plainPost(relay.base, 0, (files[ROUNDS] as { path: string }).path);
  const tusMs: number[] = [];
  const plainMs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const file = files[round] as { path: string; sha256: string };
    tusMs.push(await timed(() => interruptedUpload(relay.base, 0, file)));
    plainMs.push(await timed(() => plainPost(relay.base, 0, file.path)));
  }
  await relay.stop();

  // (b) The relay's RSS while PARALLEL people upload SIZE each at once (a fresh relay).
  const crowd = await startRelay('b', PARALLEL);
  const crowdFiles = Array.from({ length: PARALLEL }, (_, i) => makeFile(`b-${i}`));
  await tusUpload(crowd.base, 0, makeFile('b-warm')); // warm-up: the tus code paths are loaded
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const before = await crowd.rss();
  let peak = before;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await crowd.rss());
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  const crowdMs = await timed(() => Promise.all(crowdFiles.map((f, i) => tusUpload(crowd.base, i, f))).then(() => {}));
  sampling = false;
  await sampler;
  await crowd.stop();

  const rows: [string, string][] = [
    [`tus, ${mb(SIZE)}, connection cut at 50% and resumed (median of ${ROUNDS})`, `${median(tusMs).toFixed(0)} ms`],
    [`plain POST, ${mb(SIZE)}, streamed to a file + fsync (median of ${ROUNDS})`, `${median(plainMs).toFixed(0)} ms`],
    ['ratio tus / plain', `${(median(tusMs) / median(plainMs)).toFixed(2)}×`],
    ['tus resumed from (median offset the relay kept)', `${(median(resumedAt) * 100).toFixed(0)}%`],
    [`relay RSS before ${PARALLEL} concurrent uploads`, mb(before)],
    [`relay RSS peak during ${PARALLEL} × ${mb(SIZE)}`, mb(peak)],
    ['peak − before', mb(peak - before)],
    [`${PARALLEL} × ${mb(SIZE)} all stored`, `${(crowdMs / 1000).toFixed(1)} s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nAttachments (${new Date().toISOString().slice(0, 10)}, loopback)\n`);
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  console.log(
    `\nrounds (ms): tus ${tusMs.map((x) => x.toFixed(0)).join(', ')}; plain ${plainMs.map((x) => x.toFixed(0)).join(', ')}`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
