// `pnpm bench:relay`: the same workload against our relay, @y/websocket-server and
// @hocuspocus/server, each in its own process, loaded from separate processes on loopback.
// Prints a table and ratios to the best peer (docs/benchmarks.md). Bounded in count and time.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Workload } from './bench-workload.ts';
import { cpuSecondsOf, once } from './ipc.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const TARGETS = (process.env.BENCH_TARGETS ?? 'thongsuot,y-websocket-server,hocuspocus').split(',');
const workload: Workload = {
  workers: env('BENCH_WORKERS', 2),
  clients: env('BENCH_CLIENTS', 250),
  docsPerClient: env('BENCH_DOCS', 20),
  writers: env('BENCH_WRITERS', 25),
  window: env('BENCH_WINDOW', 8),
  seconds: env('BENCH_SECONDS', 10),
};

interface Result {
  target: string;
  connectMs: number;
  updatesPerSecond: number;
  p50: number;
  p99: number;
  rssMb: number;
  /** The server process's CPU seconds (user + system, every thread) over the load phase. */
  cpuS: number;
  /** Updates delivered in the load phase. */
  updates: number;
}

/**
 * A target may carry Node flags for its server process, each after a colon, to compare settings
 * in one run: `thongsuot:--max-semi-space-size=32` (BENCH_TARGETS is itself comma-separated).
 */
async function measure(spec: string, w: Workload): Promise<Result> {
  const [target = '', ...settings] = spec.split(':');
  // A setting NAME=value is the server's environment; any other is a Node flag.
  const envs = settings.filter((s) => /^[A-Z_]+=/.test(s)).map((s) => s.split('=') as [string, string]);
  const flags = settings.filter((s) => !/^[A-Z_]+=/.test(s));
  const server = fork(`${here}bench-server.ts`, [target, JSON.stringify(w)], {
    env: { ...process.env, ...Object.fromEntries(envs) },
    execArgv: [
      '--import',
      'tsx',
      '--max-old-space-size=4096',
      ...flags,
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
    ],
  });
  const { port } = await once<{ port?: number }>(server, (m) => m.port !== undefined, 120_000, `${target} start`);
  const workers = Array.from({ length: w.workers }, (_, worker) => {
    const child = fork(`${here}load-worker.ts`, [], { execArgv: ['--import', 'tsx'] });
    child.send({ target, port, host: `127.0.0.${2 + worker}`, worker, workload: w });
    return child;
  });
  const limit = 300_000 + w.seconds * 1000;
  // Listen for both phases at once: a short run can finish before the first RSS sample returns.
  const syncedP = Promise.all(
    workers.map((c) => once<{ phase?: string; connectMs: number }>(c, (m) => m.phase === 'synced', limit, 'sync')),
  );
  const doneP = Promise.all(
    workers.map((c) =>
      once<{ phase?: string; updatesPerSecond: number; p50: number; p99: number }>(
        c,
        (m) => m.phase === 'done',
        limit,
        'load',
      ),
    ),
  );
  const synced = await syncedP;
  const peak = [] as number[];
  const sample = async () => {
    const p = once<{ rss?: number }>(server, (m) => m.rss !== undefined, 60_000, 'rss');
    server.send('rss');
    peak.push((await p).rss ?? 0);
  };
  await sample();
  const cpuBefore = await cpuSecondsOf([server]);
  const done = await doneP;
  const cpuAfter = await cpuSecondsOf([server]);
  await sample();
  server.kill(process.env.BENCH_PROFILE ? 'SIGINT' : 'SIGKILL');
  for (const c of workers) c.kill('SIGKILL');
  return {
    target: spec,
    connectMs: Math.max(...synced.map((s) => s.connectMs)),
    updatesPerSecond: done.reduce((n, d) => n + d.updatesPerSecond, 0),
    p50: Math.max(...done.map((d) => d.p50)),
    p99: Math.max(...done.map((d) => d.p99)),
    rssMb: Math.max(...peak) / 2 ** 20,
    // The CPU window also holds the load's 0.3 s start and its last in-flight updates.
    cpuS: cpuAfter - cpuBefore,
    updates: done.reduce((n, d) => n + d.updatesPerSecond, 0) * w.seconds,
  };
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
console.log(`workload: ${JSON.stringify(workload)}`);
const results: Result[] = [];
for (const target of TARGETS) {
  const r = await measure(target, workload);
  results.push(r);
  console.log(`${target}: ${JSON.stringify(r)}`);
}
const peers = results.filter((r) => !r.target.startsWith('thongsuot'));
const ours = results.find((r) => r.target.startsWith('thongsuot'));
const best = peers.length ? peers.reduce((a, b) => (b.updatesPerSecond > a.updatesPerSecond ? b : a)) : null;
/** Server CPU microseconds per delivered update. */
const cpuPerUpdate = (r: Result) => (r.cpuS * 1e6) / r.updates;
console.log(
  '\n| relay | connect+sync (ms) | updates/s | fan-out p50 (ms) | p99 (ms) | server RSS (MiB) | server CPU s | CPU µs per update |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results)
  console.log(
    `| ${r.target} | ${fmt(r.connectMs)} | ${fmt(r.updatesPerSecond)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${fmt(r.rssMb)} | ${fmt(r.cpuS, 2)} | ${fmt(cpuPerUpdate(r))} |`,
  );
if (ours && best) {
  console.log(`\nratios to the best peer (${best.target}, by updates/s):`);
  console.log(
    `connect ${fmt(ours.connectMs / best.connectMs, 2)}x time, updates/s ${fmt(ours.updatesPerSecond / best.updatesPerSecond, 2)}x, p50 ${fmt(ours.p50 / best.p50, 2)}x, p99 ${fmt(ours.p99 / best.p99, 2)}x, RSS ${fmt(ours.rssMb / best.rssMb, 2)}x`,
  );
  const frugal = peers.reduce((a, b) => (cpuPerUpdate(b) < cpuPerUpdate(a) ? b : a));
  for (const r of results.filter((x) => x.target.startsWith('thongsuot')))
    console.log(
      `CPU per update (${r.target}): ${fmt(cpuPerUpdate(r) / cpuPerUpdate(frugal), 2)}x the most frugal peer's (${frugal.target})`,
    );
}
process.exit(0);
