// `pnpm bench:client`: the client platform's benchmarks in headless Chromium, in one run.
// Offline cold start to an interactive inbox over 2,000 task docs and 50,000 directory
// entries, against the y-indexeddb baseline (one database per doc) on the same docs; initial
// JavaScript; a reconnect after offline edits, counted in round trips; and a new device's first
// sync on the 50,000-official city against the old way (first-sync.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from '@thongsuot/shared';
import type { BrowserContext, Page } from 'playwright-core';
import { initialJs } from '../../client/scripts/initial-js.mjs';
import { desktopContext, launchChromium, signIn } from '../support/browser.ts';
import { freePort, ServerProcess } from '../support/server-process.ts';
import { bundleHarness, callHarness } from './bundle-harness.ts';
import { firstSyncTable, measureFirstSync } from './first-sync.ts';
import { type FrameLog, roundTrips } from './round-trips.ts';

const TASKS = Number(process.env.BENCH_TASKS ?? 2000);
const OFFICIALS = Number(process.env.BENCH_OFFICIALS ?? 50_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// The new-device first sync (first-sync.ts): directives on the relay, runs per user and way.
const CITY_TASKS = Number(process.env.BENCH_CITY_TASKS ?? 3000);
const FIRST_SYNC_RUNS = Number(process.env.BENCH_FIRST_SYNC_RUNS ?? 3);
/** `BENCH_ONLY=first-sync` runs that part alone (while iterating on it). */
const ONLY = process.env.BENCH_ONLY;
const clientDir = fileURLToPath(new URL('../../client/', import.meta.url));

interface Harness {
  seed(userId: string, recipientId: string, tasks: number, officials: number): Promise<void>;
  storeInbox(userId: string, ids: string[]): Promise<number>;
  yIndexedDbInbox(count: number, ids: string[]): Promise<number>;
  storeOpenAll(userId: string, count: number): Promise<number>;
  yIndexedDbOpenAll(count: number): Promise<number>;
  offlineEdits(userId: string, recipientId: string, docs: number): Promise<number>;
}
type WithHarness = typeof globalThis & { benchHarness: Harness };

function harnessCode(): Promise<string> {
  return bundleHarness(join(clientDir, 'bench/harness.ts'), 'benchHarnessBundle');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function session(page: Page): Promise<{ id: string; unitId: string }> {
  return page.evaluate(() => JSON.parse(localStorage.getItem('thongsuot.session') ?? '{}'));
}

/** Opens the installed app in a new tab (offline) and times navigation → inbox rows rendered. */
async function coldStart(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  await page.goto(url);
  const handle = await page.waitForFunction(
    () => {
      const mark = performance.getEntriesByName('inbox-rendered')[0] as PerformanceMark | undefined;
      return mark && (mark.detail as { rows: number }).rows > 0 ? mark.startTime : null;
    },
    undefined,
    { timeout: 60_000 },
  );
  const ms = (await handle.jsonValue()) as number;
  await page.getByTestId('task-card').first().waitFor();
  await page.close();
  return ms;
}

/** Runs one harness measurement in a fresh tab on the app's origin (offline). */
async function inHarness<K extends keyof Harness>(
  context: BrowserContext,
  url: string,
  code: string,
  name: K,
  args: Parameters<Harness[K]>,
): Promise<number> {
  return (await callHarness(context, url, code, 'benchHarness', name, args)) as number;
}

async function reconnect(context: BrowserContext, url: string, code: string, docs: number) {
  const page = await context.newPage();
  await signIn(page, url, 'vanphong', DEMO_PASSWORD);
  await page.getByTestId('sync-state').filter({ hasText: 'Đã đồng bộ' }).waitFor({ timeout: 30_000 });
  const me = await session(page);
  await context.setOffline(true);
  await page.getByTestId('sync-state').filter({ hasText: 'Ngoại tuyến' }).waitFor();
  await page.addScriptTag({ content: code });
  const waiting = await page.evaluate(
    ([id, n]) => (globalThis as WithHarness).benchHarness.offlineEdits(id, 'phuong-ben-thanh', n),
    [me.id, docs] as const,
  );
  const log: FrameLog = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => log.push({ sent: true, payload: f.payload }));
    ws.on('framereceived', (f) => log.push({ sent: false, payload: f.payload }));
  });
  const started = Date.now();
  await context.setOffline(false);
  await page.getByTestId('sync-state').filter({ hasText: 'Đã đồng bộ' }).waitFor({ timeout: 60_000 });
  await page.getByTestId('sync-pending').waitFor({ state: 'detached' });
  const ms = Date.now() - started;
  await context.close();
  return { edits: waiting, docs, ms, ...roundTrips(log) };
}

async function firstSyncOnly(): Promise<void> {
  const browser = await launchChromium();
  try {
    const first = await measureFirstSync(browser, { officials: OFFICIALS, tasks: CITY_TASKS, runs: FIRST_SYNC_RUNS });
    console.log(JSON.stringify(first, null, 2));
    console.log(`\n${firstSyncTable(first)}`);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  if (ONLY === 'first-sync') return firstSyncOnly();
  const dataDir = mkdtempSync(join(tmpdir(), 'thongsuot-bench-'));
  const server = new ServerProcess(await freePort(), dataDir);
  await server.start();
  const browser = await launchChromium();
  try {
    const code = await harnessCode();
    const bundle = initialJs(join(clientDir, 'dist/'));

    // One officer of a ward whose device holds the whole load.
    const context = await desktopContext(browser);
    const first = await context.newPage();
    await signIn(first, server.url, 'benthanh', DEMO_PASSWORD);
    const me = await session(first);
    const ids = [me.id, me.unitId];
    await first.addScriptTag({ content: code });
    const seedStarted = Date.now();
    await first.evaluate(([id, unit, t, o]) => (globalThis as WithHarness).benchHarness.seed(id, unit, t, o), [
      me.id,
      me.unitId,
      TASKS,
      OFFICIALS,
    ] as const);
    const seedMs = Date.now() - seedStarted;
    await first.close();
    await context.setOffline(true);

    const cold: number[] = [];
    const storeInbox: number[] = [];
    const yInbox: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      cold.push(await coldStart(context, server.url));
      storeInbox.push(await inHarness(context, server.url, code, 'storeInbox', [me.id, ids]));
      yInbox.push(await inHarness(context, server.url, code, 'yIndexedDbInbox', [TASKS, ids]));
    }
    const storeOpen = await inHarness(context, server.url, code, 'storeOpenAll', [me.id, TASKS]);
    const yOpen = await inHarness(context, server.url, code, 'yIndexedDbOpenAll', [TASKS]);
    await context.close();

    const small = await reconnect(await desktopContext(browser), server.url, code, 10);
    const large = await reconnect(await desktopContext(browser), server.url, code, 100);
    await server.kill();
    const firstSync = await measureFirstSync(browser, {
      officials: OFFICIALS,
      tasks: CITY_TASKS,
      runs: FIRST_SYNC_RUNS,
    });

    const results = {
      data: { tasks: TASKS, officials: OFFICIALS, runs: RUNS, seedMs },
      coldStartMs: { median: median(cold), runs: cold.map(Math.round) },
      inboxQueryMs: { store: median(storeInbox), yIndexedDb: median(yInbox) },
      openAllDocsMs: { store: storeOpen, yIndexedDb: yOpen },
      initialJsGzipKb: bundle.gzip / 1000,
      reconnect: [small, large],
      firstSync,
    };
    console.log(JSON.stringify(results, null, 2));
    const ratio = (a: number, b: number): string => `${(b / a).toFixed(1)}×`;
    console.log(`
cold start, offline, ${TASKS} task docs + ${OFFICIALS} people: ${median(cold).toFixed(0)} ms median of ${RUNS} (target ≤ 1000)
inbox from the store: ${median(storeInbox).toFixed(0)} ms · from y-indexeddb: ${median(yInbox).toFixed(0)} ms · y-indexeddb/store ${ratio(median(storeInbox), median(yInbox))}
open all ${TASKS} docs: store ${storeOpen.toFixed(0)} ms · y-indexeddb ${yOpen.toFixed(0)} ms · y-indexeddb/store ${ratio(storeOpen, yOpen)}
initial JavaScript: ${(bundle.gzip / 1000).toFixed(1)} KB gzipped (target ≤ 150)
reconnect: ${small.edits} edits in ${small.docs} docs → ${small.roundTrips} round trips, ${small.ms} ms; ${large.edits} edits in ${large.docs} docs → ${large.roundTrips} round trips, ${large.ms} ms

${firstSyncTable(firstSync)}`);
  } finally {
    await browser.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
