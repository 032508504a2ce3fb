// `pnpm bench:cluster` (issue 15): the relay as one node on SQLite (the default) against 1, 2 and
// 3 nodes on PostgreSQL + Redis, in one run, under bench:relay's workload (conversations whose
// members write and read). Each node is its own process; the clients of each load process are
// spread over the nodes (client c on node c mod N), so a conversation's members sit on different
// nodes. Measured: updates/s delivered to every member, server CPU per update (the relay
// processes' own counters, and PostgreSQL's and Redis's from /proc), and write → delivery
// latency to a member on the writer's node and on another node.
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Workload } from './bench-workload.ts';
import { cpuSecondsOf, once } from './ipc.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const PG_URL = process.env.TEST_DATABASE_URL ?? `postgres://${userInfo().username}@127.0.0.1:5432/test`;
const CONFIGS = (process.env.BENCH_CONFIGS ?? 'sqlite-1,pg-1,pg-2,pg-3').split(',');
const workload: Workload = {
  workers: env('BENCH_WORKERS', 2),
  clients: env('BENCH_CLIENTS', 250),
  docsPerClient: env('BENCH_DOCS', 20),
  writers: env('BENCH_WRITERS', 25),
  window: env('BENCH_WINDOW', 8),
  seconds: env('BENCH_SECONDS', 10),
};

interface Latency {
  p50: number;
  p99: number;
  n: number;
}
interface Result {
  config: string;
  updatesPerSecond: number;
  updates: number;
  relayCpuS: number;
  pgCpuS: number;
  redisCpuS: number;
  within: Latency;
  across: Latency;
}

/** CPU seconds used so far by every process whose command is `name` (PostgreSQL's, Redis's). */
function cpuOf(name: string): number {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== name) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / tick; // utime, stime
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

async function measure(config: string, w: Workload): Promise<Result> {
  const [kind, count] = config.split('-') as [string, string];
  const nodes = Number(count);
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const channel = `thongsuot:bench:${randomBytes(4).toString('hex')}`;
  const start = (seed: boolean): Promise<{ server: ChildProcess; port: number }> => {
    const server = fork(`${here}bench-server.ts`, [kind === 'pg' ? 'thongsuot-pg' : 'thongsuot', JSON.stringify(w)], {
      execArgv: [
        '--import',
        'tsx',
        '--max-old-space-size=4096',
        ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
      ],
      env: {
        ...process.env,
        BENCH_PG_URL: PG_URL,
        BENCH_PG_SCHEMA: schema,
        BENCH_REDIS_CHANNEL: channel,
        BENCH_SEED: seed ? '1' : '0',
      },
    });
    return once<{ port?: number }>(server, (m) => m.port !== undefined, 180_000, `${config} start`).then((m) => ({
      server,
      port: m.port as number,
    }));
  };
  // The first node creates the schema and the conversations; the others join it.
  const started = [await start(true)];
  for (let n = 1; n < nodes; n++) started.push(await start(false));
  const servers = started.map((s) => s.server);
  const ports = started.map((s) => s.port);
  const workers = Array.from({ length: w.workers }, (_, worker) => {
    const child = fork(`${here}load-worker.ts`, [], { execArgv: ['--import', 'tsx'] });
    child.send({ target: 'thongsuot', port: ports[0], ports, host: `127.0.0.${2 + worker}`, worker, workload: w });
    return child;
  });
  const limit = 300_000 + w.seconds * 1000;
  const syncedP = Promise.all(
    workers.map((c) => once<{ phase?: string }>(c, (m) => m.phase === 'synced', limit, 'sync')),
  );
  const doneP = Promise.all(
    workers.map((c) =>
      once<{ phase?: string; updatesPerSecond: number; within: Latency; across: Latency }>(
        c,
        (m) => m.phase === 'done',
        limit,
        'load',
      ),
    ),
  );
  await syncedP;
  const before = { relay: await cpuSecondsOf(servers), pg: cpuOf('postgres'), redis: cpuOf('redis-server') };
  const done = await doneP;
  const after = { relay: await cpuSecondsOf(servers), pg: cpuOf('postgres'), redis: cpuOf('redis-server') };
  for (const c of workers) c.kill('SIGKILL');
  for (const s of servers) s.kill(process.env.BENCH_PROFILE ? 'SIGINT' : 'SIGKILL');
  if (kind === 'pg') {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
  const updatesPerSecond = done.reduce((n, d) => n + d.updatesPerSecond, 0);
  // The latencies of the load process with the most deliveries of each kind.
  const pick = (which: 'within' | 'across'): Latency =>
    done.map((d) => d[which]).reduce((a, b) => (b.n > a.n ? b : a), { p50: Number.NaN, p99: Number.NaN, n: 0 });
  return {
    config,
    updatesPerSecond,
    // The load's measured window is its own `seconds`; the CPU window also holds its 0.3 s start.
    updates: updatesPerSecond * w.seconds,
    relayCpuS: after.relay - before.relay,
    pgCpuS: kind === 'pg' ? after.pg - before.pg : 0,
    redisCpuS: kind === 'pg' ? after.redis - before.redis : 0,
    within: pick('within'),
    across: pick('across'),
  };
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
console.log(`workload: ${JSON.stringify(workload)}; ${new Date().toISOString()}`);
const results: Result[] = [];
for (const config of CONFIGS) {
  const r = await measure(config, workload);
  results.push(r);
  console.log(`${config}: ${JSON.stringify(r)}`);
}
const base = results.find((r) => r.config === 'sqlite-1');
console.log(
  '\n| configuration | updates/s | relay CPU s | PostgreSQL CPU s | Redis CPU s | updates per server CPU-second | same node p50 / p99 ms | other node p50 / p99 ms |',
);
console.log('|---|---:|---:|---:|---:|---:|---|---|');
for (const r of results) {
  const cpu = r.relayCpuS + r.pgCpuS + r.redisCpuS;
  const perCpu = r.updates / cpu;
  const ratio =
    base && r !== base
      ? ` (${fmt(perCpu / (base.updates / (base.relayCpuS + base.pgCpuS + base.redisCpuS)), 2)}×)`
      : '';
  const upsRatio = base && r !== base ? ` (${fmt(r.updatesPerSecond / base.updatesPerSecond, 2)}×)` : '';
  const lat = (l: Latency) => (l.n > 0 ? `${fmt(l.p50, 1)} / ${fmt(l.p99, 1)}` : '—');
  console.log(
    `| ${r.config} | ${fmt(r.updatesPerSecond)}${upsRatio} | ${fmt(r.relayCpuS, 1)} | ${fmt(r.pgCpuS, 1)} | ${fmt(r.redisCpuS, 1)} | ${fmt(perCpu)}${ratio} | ${lat(r.within)} | ${lat(r.across)} |`,
  );
}
process.exit(0);
