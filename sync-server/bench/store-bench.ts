// `pnpm bench:store` (docs/benchmarks.md, "Document store: SQLite and PostgreSQL"), in one run:
// the same stream of batched writes into the relay's default store (SQLite on its writer
// thread, synchronous=FULL) and into PgDocStore from 1, 2 and 3 "nodes" (each its own pool),
// plus 3 nodes without the commit-order lock: what that lock costs. Each configuration runs
// LANES lanes that append batches of BATCH writes back to back for SECONDS; a write is a small
// Yjs update to one of the lane's docs (the first write of a doc sets its readers).
// Prints writes/s, batch commit latency p50/p99, and the ratio to SQLite.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import * as Y from 'yjs';
import type { DocStore, DocWrite } from '../src/storage/doc-store.ts';
import { migratePg, openPool } from '../src/storage/pg/pg-database.ts';
import { PgDocStore } from '../src/storage/pg/pg-doc-store.ts';
import { openDatabase } from '../src/storage/sqlite-database.ts';
import { SqliteDocStore } from '../src/storage/sqlite-doc-store.ts';
import { ThreadedSqliteStore } from '../src/storage/threaded-sqlite-store.ts';

const URL = process.env.BENCH_DATABASE_URL ?? `postgres://${userInfo().username}@127.0.0.1:5432/test`;
const LANES = Number(process.env.BENCH_LANES ?? 12);
const BATCH = Number(process.env.BENCH_BATCH ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const DOCS_PER_LANE = 50;

/** Each lane's writes, made before timing: real Yjs updates, ~60–90 bytes each. */
function laneWrites(lane: number, count: number): DocWrite[] {
  const docs = Array.from({ length: DOCS_PER_LANE }, () => new Y.Doc());
  return Array.from({ length: count }, (_, i) => {
    const d = i % DOCS_PER_LANE;
    const doc = docs[d] as Y.Doc;
    const before = Y.encodeStateVector(doc);
    doc.getArray('messages').push([{ id: `m${i}`, by: `u${lane}`, text: `Tin nhắn số ${i}` }]);
    return {
      docId: `conv/l${lane}-d${d}`,
      kind: 'conv',
      update: Y.encodeStateAsUpdate(doc, before),
      projection: i < DOCS_PER_LANE ? { readers: [`user:u${lane}`, 'unit:ubnd-tp'] } : null,
      audit: [],
    };
  });
}

interface Result {
  readonly name: string;
  readonly writes: number;
  readonly seconds: number;
  readonly latencies: number[];
}

/** LANES lanes over the given stores (lane i uses store i mod n), for SECONDS. */
async function run(name: string, stores: DocStore[], writes: DocWrite[][]): Promise<Result> {
  const latencies: number[] = [];
  let total = 0;
  const started = performance.now();
  const until = started + SECONDS * 1000;
  await Promise.all(
    writes.map(async (mine, lane) => {
      const store = stores[lane % stores.length] as DocStore;
      let next = 0;
      while (performance.now() < until && next + BATCH <= mine.length) {
        const batch = mine.slice(next, next + BATCH);
        next += BATCH;
        const t = performance.now();
        await store.appendBatch(batch, Date.now());
        latencies.push(performance.now() - t);
        total += batch.length;
      }
    }),
  );
  return { name, writes: total, seconds: (performance.now() - started) / 1000, latencies };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

const perLane = Math.ceil((40_000 * SECONDS) / LANES / BATCH) * BATCH;
const writes = Array.from({ length: LANES }, (_, lane) => laneWrites(lane, perLane));
const scratch = mkdtempSync(join(tmpdir(), 'bench-store-'));
const schemas: string[] = [];
const results: Result[] = [];

async function pgNodes(count: number, commitOrder: 'lock' | 'none'): Promise<PgDocStore[]> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  schemas.push(schema);
  await migratePg({ url: URL, schema });
  return Array.from(
    { length: count },
    () => new PgDocStore(openPool({ url: URL, schema, max: Math.ceil(LANES / count) }), { commitOrder }),
  );
}

try {
  const path = join(scratch, 'store.sqlite');
  const sqlite = new ThreadedSqliteStore(path, new SqliteDocStore(openDatabase(path)));
  results.push(await run('SQLite (writer thread, synchronous=FULL)', [sqlite], writes));
  await sqlite.close();
  for (const n of [1, 2, 3]) {
    const nodes = await pgNodes(n, 'lock');
    results.push(await run(`PostgreSQL, ${n} node${n > 1 ? 's' : ''}`, nodes, writes));
    for (const node of nodes) await node.close();
  }
  const naive = await pgNodes(3, 'none');
  results.push(await run('PostgreSQL, 3 nodes, no commit-order lock (unsafe)', naive, writes));
  for (const node of naive) await node.close();
} finally {
  const admin = new pg.Client({ connectionString: URL });
  await admin.connect();
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
  rmSync(scratch, { recursive: true, force: true });
}

const base = results[0] as Result;
const rate = (r: Result) => r.writes / r.seconds;
console.log(
  `\nDocument store, ${LANES} lanes × batches of ${BATCH} writes, ${SECONDS} s each; ${new Date().toISOString()}\n`,
);
console.log('| store | writes/s | batch commit p50 ms | p99 ms | vs SQLite |');
console.log('|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.name} | ${Math.round(rate(r)).toLocaleString('en')} | ${quantile(r.latencies, 0.5).toFixed(1)} | ${quantile(r.latencies, 0.99).toFixed(1)} | ${(rate(r) / rate(base)).toFixed(2)}× |`,
  );
}
