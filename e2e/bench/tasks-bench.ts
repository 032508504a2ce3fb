// `pnpm bench:tasks`: the tasks issue's budgets, in one run on this machine.
// 1. The inbox of a leader who issued 20,000 directives, rendered from the device's store
//    (target ≤ 200 ms), against the same inbox computed by scanning the projection (baseline).
// 2. Creating a directive to 168 recipients on the device (target ≤ 100 ms).
// 3. The relay delivering a directive to 168 connected leaders (target p99 ≤ 500 ms), from a
//    worker process holding 168 plain `ws` sockets on loopback; baseline: one recipient.
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTask, DEMO_PASSWORD, decodeMessage, encodeMessage, syncUpdate } from '@thongsuot/shared';
import type { BrowserContext } from 'playwright-core';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { AccountStore } from '../../sync-server/src/storage/account-store.ts';
import { openDatabase } from '../../sync-server/src/storage/sqlite-database.ts';
import { plainFrame } from '../../sync-server/src/testing/plain-frame.ts';
import { desktopContext, launchChromium, signIn } from '../support/browser.ts';
import { freePort, ServerProcess } from '../support/server-process.ts';
import { bundleHarness, callHarness } from './bundle-harness.ts';
import { signInCookie } from './session.ts';

const TASKS = Number(process.env.BENCH_TASKS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const here = fileURLToPath(new URL('.', import.meta.url));
const LOCAL_KINDS = ['ward', 'commune', 'special_zone'];
const now = (): number => performance.timeOrigin + performance.now();

interface Harness {
  seed(userId: string, unitId: string, units: string[], tasks: number): Promise<number>;
  storeInbox(userId: string, unitId: string): Promise<{ ms: number; items: number; counted: number }>;
  scanInbox(userId: string, unitId: string): Promise<{ ms: number; items: number }>;
  createMany(userId: string, unitId: string, recipients: string[], runs: number): Promise<number[]>;
}
type WithHarness = typeof globalThis & { tasksHarness: Harness };

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}
const median = (values: readonly number[]) => quantile(values, 0.5);
const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;

function harnessCode(): Promise<string> {
  return bundleHarness(join(here, 'tasks-harness.ts'), 'tasksHarnessBundle');
}

/** Waits for one message of `type` (and `docId`) from the worker. */
function fromWorker(worker: ChildProcess, type: string, docId?: string, timeoutMs = 60_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker: no ${type} ${docId ?? ''}`)), timeoutMs);
    const onMessage = (m: { type: string; docId?: string }) => {
      if (m.type !== type || (docId !== undefined && m.docId !== docId)) return;
      clearTimeout(timer);
      worker.off('message', onMessage);
      resolve(m);
    };
    worker.on('message', onMessage);
  });
}

/** The issuer's socket: hello, then one directive at a time, each sent once the last one arrived everywhere. */
async function relayDelivery(
  url: string,
  issuerCookie: string,
  worker: ChildProcess,
  units: string[],
  rounds: number,
  label: string,
) {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/sync`, { headers: { cookie: issuerCookie } });
  await new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('open', () => socket.send(encodeMessage({ type: 'hello', cursor: 0 })));
    socket.on('message', (data: Buffer) => {
      if (decodeMessage(plainFrame(new Uint8Array(data))).type === 'manifest') resolve();
    });
  });
  const sent = new Map<string, number>();
  for (let r = 0; r < rounds; r += 1) {
    const id = `bench-${label}-${r}`;
    const docId = `task/${id}`;
    const doc = new Y.Doc();
    createTask(doc, {
      id,
      title: `Chỉ đạo khẩn số ${r}`,
      issuerId: 'u-chutich',
      issuerUnitId: 'ubnd-tp',
      deadline: '2027-01-31',
      recipients: units.map((u) => ({ id: u, kind: 'unit' as const })),
      at: Date.now(),
    });
    const frame = encodeMessage({ type: 'sync', docId, ref: r + 1, payload: syncUpdate(Y.encodeStateAsUpdate(doc)) });
    worker.send({ type: 'expect', docId, count: units.length });
    await fromWorker(worker, 'expecting', docId);
    const complete = fromWorker(worker, 'complete', docId, 30_000);
    sent.set(docId, now());
    socket.send(frame);
    await complete;
  }
  socket.close();
  return sent;
}

async function latencies(worker: ChildProcess, sent: ReadonlyMap<string, number>): Promise<number[]> {
  worker.send({ type: 'results' });
  const { arrivals } = (await fromWorker(worker, 'results')) as { arrivals: Record<string, number[]> };
  return [...sent].flatMap(([docId, at]) => (arrivals[docId] ?? []).map((t) => t - at));
}

async function coldStart(
  context: BrowserContext,
  url: string,
): Promise<{ start: number; render: number; rows: number }> {
  const page = await context.newPage();
  await page.goto(url);
  const handle = await page.waitForFunction(
    () => {
      const done = performance.getEntriesByName('inbox-rendered')[0] as PerformanceMark | undefined;
      const query = performance.getEntriesByName('inbox-query')[0];
      const rows = (done?.detail as { rows: number } | undefined)?.rows ?? 0;
      return done && query && rows > 0
        ? { start: done.startTime, render: done.startTime - query.startTime, rows }
        : null;
    },
    undefined,
    { timeout: 120_000 },
  );
  const result = (await handle.jsonValue()) as { start: number; render: number; rows: number };
  await page.close();
  return result;
}

async function inHarness<K extends keyof Harness>(
  context: BrowserContext,
  url: string,
  code: string,
  name: K,
  args: Parameters<Harness[K]>,
): Promise<Awaited<ReturnType<Harness[K]>>> {
  return (await callHarness(context, url, code, 'tasksHarness', name, args)) as Awaited<ReturnType<Harness[K]>>;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'thongsuot-bench-tasks-'));
  const server = new ServerProcess(await freePort(), dataDir);
  await server.start();
  const worker = fork(join(here, 'relay-receivers.ts'), [], { execArgv: ['--import', 'tsx'] });
  const browser = await launchChromium();
  try {
    // The generated city the server seeded: the leaders (rank 1) of the 168 local units.
    const db = openDatabase(join(dataDir, 'thongsuot.sqlite'));
    const accounts = new AccountStore(db);
    const local = accounts.units().filter((u) => LOCAL_KINDS.includes(u.kind));
    const officials = accounts.officials();
    const leaders = local.map((u) => {
      const head = officials.filter((o) => o.unitId === u.id).sort((a, b) => a.rank - b.rank)[0];
      if (!head) throw new Error(`no leader for ${u.id}`);
      return head;
    });
    db.close();

    // 3. Relay: 168 leaders connected from a worker process; the Chairman assigns.
    const cookies: string[] = [];
    for (const leader of leaders) cookies.push(await signInCookie(server.url, leader.username));
    const issuerCookie = await signInCookie(server.url, 'chutich');
    await fromWorker(worker, 'booted');
    worker.send({ type: 'start', url: `${server.url.replace('http', 'ws')}/sync`, cookies, prefix: 'task/bench-' });
    await fromWorker(worker, 'ready');
    const unitIds = local.map((u) => u.id);
    const single = await latencies(
      worker,
      await relayDelivery(server.url, issuerCookie, worker, unitIds.slice(0, 1), ROUNDS, 'one'),
    );
    const fanOut = await latencies(
      worker,
      await relayDelivery(server.url, issuerCookie, worker, unitIds, ROUNDS, 'all'),
    );

    // 1–2. The leader's device in Chromium.
    const code = await harnessCode();
    const context = await desktopContext(browser);
    const first = await context.newPage();
    await signIn(first, server.url, 'chutich', DEMO_PASSWORD);
    const me = (await first.evaluate(() => JSON.parse(localStorage.getItem('thongsuot.session') ?? '{}'))) as {
      id: string;
      unitId: string;
    };
    await first.addScriptTag({ content: code });
    const seedStarted = Date.now();
    const seeded = await first.evaluate(
      ([id, unit, units, n]) => (globalThis as WithHarness).tasksHarness.seed(id, unit, units, n),
      [me.id, me.unitId, unitIds, TASKS] as const,
    );
    const seedMs = Date.now() - seedStarted;
    await first.close();
    await context.setOffline(true);
    const cold: { start: number; render: number; rows: number }[] = [];
    const store: { ms: number; items: number; counted: number }[] = [];
    const scan: { ms: number; items: number }[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      cold.push(await coldStart(context, server.url));
      store.push(await inHarness(context, server.url, code, 'storeInbox', [me.id, me.unitId]));
      scan.push(await inHarness(context, server.url, code, 'scanInbox', [me.id, me.unitId]));
    }
    const create168 = await inHarness(context, server.url, code, 'createMany', [me.id, me.unitId, unitIds, 20]);
    const create1 = await inHarness(context, server.url, code, 'createMany', [
      me.id,
      me.unitId,
      unitIds.slice(0, 1),
      20,
    ]);
    await context.close();

    const results = {
      data: { tasksIssued: seeded, seedMs, runs: RUNS, relayRounds: ROUNDS, receivers: leaders.length },
      inbox: {
        appRenderMs: median(cold.map((c) => c.render)),
        coldStartMs: median(cold.map((c) => c.start)),
        rows: cold[0]?.rows,
        storeMs: median(store.map((s) => s.ms)),
        scanBaselineMs: median(scan.map((s) => s.ms)),
        items: store[0]?.items,
        awaiting: store[0]?.counted,
      },
      createMs: { to168: { median: median(create168), p95: quantile(create168, 0.95) }, to1: median(create1) },
      relayMs: {
        to168: {
          p50: median(fanOut),
          p95: quantile(fanOut, 0.95),
          p99: quantile(fanOut, 0.99),
          max: Math.max(...fanOut),
          samples: fanOut.length,
        },
        to1: { p50: median(single), p99: quantile(single, 0.99), samples: single.length },
      },
    };
    console.log(JSON.stringify(results, null, 2));
    const r = results;
    console.log(`
| measure | result | target |
|---|---|---|
| inbox of a leader who issued ${seeded.toLocaleString('en')} tasks, in the app: query start → rows rendered (median of ${RUNS}) | ${ms(r.inbox.appRenderMs)} | ≤ 200 ms |
| same, offline cold start: navigation → rows rendered | ${ms(r.inbox.coldStartMs)} | — |
| inbox data from the store (index ranges + counts), fresh tab | ${ms(r.inbox.storeMs)} | — |
| baseline: scan the projection of every issued task and sort | ${ms(r.inbox.scanBaselineMs)} → store ${(r.inbox.scanBaselineMs / r.inbox.storeMs).toFixed(1)}× faster | — |
| create a directive to 168 recipients on the device (median, p95 of 20) | ${ms(r.createMs.to168.median)}, p95 ${ms(r.createMs.to168.p95)} | ≤ 100 ms |
| baseline: the same to 1 recipient | ${ms(r.createMs.to1)} | — |
| relay → 168 connected leaders (${r.relayMs.to168.samples} deliveries) p50 / p95 / p99 / max | ${ms(r.relayMs.to168.p50)} / ${ms(r.relayMs.to168.p95)} / ${ms(r.relayMs.to168.p99)} / ${ms(r.relayMs.to168.max)} | p99 ≤ 500 ms |
| baseline: relay → 1 leader, p50 / p99 | ${ms(r.relayMs.to1.p50)} / ${ms(r.relayMs.to1.p99)} | — |`);
  } finally {
    worker.send({ type: 'stop' });
    await browser.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
