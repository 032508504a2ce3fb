// `pnpm bench:control` (docs/benchmarks.md, "The relay's own records on several nodes"), in one
// run: sign-ins' writes (a session row and an audit line, one change) into the relay's default
// (one node, its SQLite: `LocalControl`) and through the log of several nodes (`PgControl`) from
// 1, 2 and 3 nodes in this process, each with its own SQLite file and pool. LANES lanes per
// configuration make changes back to back for SECONDS. Prints changes/s, latency p50/p99, and
// how long a node started afterwards takes to read the log, then the same from a snapshot.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { DEMO_UNITS } from '@thongsuot/shared';
import type { Statement } from 'better-sqlite3';
import pg from 'pg';
import { AccountStore } from '../src/storage/account-store.ts';
import { PgControl } from '../src/storage/pg/pg-control.ts';
import { migratePg, openPool } from '../src/storage/pg/pg-database.ts';
import { openDatabase, type SqliteDatabase } from '../src/storage/sqlite-database.ts';
import { benchOfficial } from './bench-accounts.ts';

const URL = process.env.BENCH_DATABASE_URL ?? `postgres://${userInfo().username}@127.0.0.1:5432/test`;
const LANES = Number(process.env.BENCH_LANES ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'bench-control-'));
const PERSON = benchOfficial('u1');

const sqlite = (): SqliteDatabase => openDatabase(join(dir, `${randomBytes(4).toString('hex')}.sqlite`));

interface Result {
  readonly name: string;
  readonly changes: number;
  readonly seconds: number;
  readonly latencies: number[];
}

interface Node {
  readonly accounts: AccountStore;
  readonly session: Statement<unknown[], unknown>;
  readonly audit: Statement<unknown[], unknown>;
}

/** The stores' statements on a node's handle (the log's recording one on several nodes). */
function nodeOn(db: SqliteDatabase): Node {
  return {
    accounts: new AccountStore(db),
    session: db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)'),
    audit: db.prepare('INSERT INTO audit_log (at, actor_id, action, doc_id, detail) VALUES (?, ?, ?, NULL, ?)'),
  };
}

/** A sign-in's change: its session and its audit line. */
function signIn(node: Node, n: number): Promise<void> {
  return node.accounts.change(() => {
    node.session.run(`h-${n}-${randomBytes(4).toString('hex')}`, PERSON.id, n, n + 1e9);
    node.audit.run(n, PERSON.id, 'session.start', 'bench');
  });
}

async function run(name: string, nodes: Node[]): Promise<Result> {
  const latencies: number[] = [];
  let changes = 0;
  const started = performance.now();
  const until = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: LANES }, async (_, lane) => {
      const node = nodes[lane % nodes.length] as Node;
      while (performance.now() < until) {
        const t = performance.now();
        await signIn(node, changes++);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { name, changes, seconds: (performance.now() - started) / 1000, latencies };
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))] ?? 0;

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: URL });
  await admin.connect();
  const results: Result[] = [];
  const seed = (node: Node) =>
    node.accounts.change(() => {
      node.accounts.insertUnits(DEMO_UNITS);
      node.accounts.insertAccounts([PERSON]);
    });
  // One node, its SQLite: the default deployment, the baseline.
  {
    const db = sqlite();
    const node = nodeOn(db);
    await seed(node);
    results.push(await run('SQLite, 1 node (default)', [node]));
    db.close();
  }
  let replay = { entries: 0, fromLog: 0, fromSnapshot: 0 };
  for (const count of [1, 2, 3]) {
    const schema = `bench_control_${randomBytes(4).toString('hex')}`;
    const options = { url: URL, schema };
    await migratePg(options);
    const open: { control: PgControl; db: SqliteDatabase; pool: pg.Pool }[] = [];
    for (let n = 0; n < count; n++) {
      const db = sqlite();
      const pool = openPool({ ...options, max: 2 });
      open.push({ control: await PgControl.open(db, { pool, pollMs: 60_000, snapshotEvery: 1e12 }), db, pool });
    }
    const nodes = open.map((o) => nodeOn(o.control.db));
    await seed(nodes[0] as Node);
    for (const o of open) await o.control.caughtUp();
    results.push(await run(`log in PostgreSQL, ${count} node${count > 1 ? 's' : ''}`, nodes));
    if (count === 3) {
      // A node started now reads the whole log; then from a snapshot of it.
      const entries = Number((await admin.query(`SELECT count(*) AS n FROM ${schema}.control_log`)).rows[0].n);
      const startNode = async () => {
        const db = sqlite();
        const pool = openPool({ ...options, max: 2 });
        const t = performance.now();
        const control = await PgControl.open(db, { pool, pollMs: 60_000, snapshotEvery: 1e12 });
        const took = performance.now() - t;
        await control.close();
        db.close();
        await pool.end();
        return took;
      };
      const fromLog = await startNode();
      await open[0]?.control.snapshot();
      replay = { entries, fromLog, fromSnapshot: await startNode() };
    }
    for (const o of open) {
      await o.control.close();
      o.db.close();
      await o.pool.end();
    }
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  }
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
  const base = results[0] as Result;
  const rate = (r: Result) => r.changes / r.seconds;
  console.log(
    `\nSign-ins' changes (a session and an audit line), ${LANES} lanes, ${SECONDS} s each (${new Date().toISOString()})\n`,
  );
  console.log('| configuration | changes/s | p50 ms | p99 ms | vs SQLite |');
  console.log('|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${Math.round(rate(r)).toLocaleString('en')} | ${quantile(r.latencies, 0.5).toFixed(1)} | ${quantile(r.latencies, 0.99).toFixed(1)} | ${(rate(r) / rate(base)).toFixed(2)}× |`,
    );
  }
  console.log(
    `\nA node started after the 3-node run: ${replay.entries.toLocaleString('en')} log entries read in ${Math.round(replay.fromLog)} ms; from a snapshot of them, ${Math.round(replay.fromSnapshot)} ms.`,
  );
}

await main();
