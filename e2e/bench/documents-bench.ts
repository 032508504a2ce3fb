// `pnpm bench:documents` (issue 13, item 9): a leader's inbox with 2,000 documents awaiting their
// signature, in headless Chromium, against the same inbox without them in the same run. Two
// devices (browser contexts) of the same ward chairman (`benthanh`), each signed in and synced
// once, hold the same task docs; one also holds the documents (client/bench/documents-harness.ts).
// Offline, alternately, each opens the app cold and is timed to its inbox rows and, with the
// documents, to the "Văn bản chờ ký: 2000" line; then three ways of counting what awaits him.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from '@thongsuot/shared';
import type { Browser, BrowserContext } from 'playwright-core';
import type { Count } from '../../client/bench/documents-harness.ts';
import { desktopContext, launchChromium, signIn } from '../support/browser.ts';
import { freePort, ServerProcess } from '../support/server-process.ts';
import { bundleHarness, callHarness } from './bundle-harness.ts';

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 2000);
const TASKS = Number(process.env.BENCH_TASKS ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BUDGET_MS = 200;
const clientDir = fileURLToPath(new URL('../../client/', import.meta.url));

interface Harness {
  seedDocuments(userId: string, unitId: string, documents: number, tasks: number): Promise<number>;
  countIndexed(userId: string, unitId: string, scope: 'sign' | 'inbox'): Promise<Count>;
  countByRows(userId: string, unitId: string): Promise<Count>;
  countByDocs(userId: string): Promise<Count>;
}
type WithHarness = typeof globalThis & { documentsHarness: Harness };
type Watched = typeof globalThis & { documentsLineAt?: number; documentsLineText?: string };

interface Device {
  readonly context: BrowserContext;
  readonly user: { id: string; unitId: string };
  /** Documents awaiting the signature, as the device's index counts them. */
  readonly signs: number;
  readonly seedMs: number;
}

/** Times navigation start → inbox rows, and → the documents line, of one cold start. */
interface ColdStart {
  /** `inbox-query` → `inbox-rendered` (rows > 0): the inbox budget's measure (bench:tasks). */
  readonly queryToRows: number;
  readonly navToRows: number;
  /** `inbox-query` → the "Văn bản chờ ký: n" line on screen with the full count; null without documents. */
  readonly queryToLine: number | null;
  readonly navToLine: number | null;
  /** The line as shown. */
  readonly lineText: string | null;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;
const ratio = (ours: number, other: number) => `${(other / ours).toFixed(1)}×`;

/**
 * Installed before the app's scripts: notes when the documents line first shows the whole count
 * (React commits it to the DOM; the observer runs right after, before paint). Both devices carry
 * it, so both pay the same for it.
 */
function watchDocumentsLine(expected: number): void {
  new MutationObserver((_, observer) => {
    const text = document.querySelector('[data-testid="documents-waiting-sign"]')?.textContent ?? '';
    const digits = /:\s*([\d.,\s\u00a0]+)$/.exec(text.trim())?.[1]?.replace(/\D/g, '');
    if (digits && Number(digits) === expected) {
      (globalThis as Watched).documentsLineAt = performance.now();
      (globalThis as Watched).documentsLineText = text;
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
}

async function coldStart(device: Device, url: string): Promise<ColdStart> {
  const page = await device.context.newPage();
  await page.addInitScript(watchDocumentsLine, device.signs);
  await page.goto(url);
  const handle = await page.waitForFunction(
    (withLine) => {
      const done = performance
        .getEntriesByName('inbox-rendered')
        .find((m) => ((m as PerformanceMark).detail as { rows: number }).rows > 0);
      const query = performance.getEntriesByName('inbox-query')[0];
      const line = (globalThis as Watched).documentsLineAt;
      if (!done || !query || (withLine && line === undefined)) return null;
      return {
        queryToRows: done.startTime - query.startTime,
        navToRows: done.startTime,
        queryToLine: line === undefined ? null : line - query.startTime,
        navToLine: line ?? null,
        lineText: (globalThis as Watched).documentsLineText ?? null,
      };
    },
    device.signs > 0,
    { timeout: 60_000 },
  );
  const result = (await handle.jsonValue()) as ColdStart;
  await page.getByTestId('task-card').first().waitFor();
  await page.close();
  return result;
}

/** A device of the ward chairman: signed in and synced online, seeded, then offline. */
async function device(browser: Browser, url: string, code: string, documents: number): Promise<Device> {
  const context = await desktopContext(browser);
  const page = await context.newPage();
  await signIn(page, url, 'benthanh', DEMO_PASSWORD);
  await page.getByTestId('sync-state').filter({ hasText: 'Đã đồng bộ' }).waitFor({ timeout: 60_000 });
  const user = await page.evaluate(() => JSON.parse(localStorage.getItem('thongsuot.session') ?? '{}'));
  await page.addScriptTag({ content: code });
  const started = Date.now();
  const signs = await page.evaluate(
    ([id, unit, d, t]) => (globalThis as WithHarness).documentsHarness.seedDocuments(id, unit, d, t),
    [user.id, user.unitId, documents, TASKS] as const,
  );
  const seedMs = Date.now() - started;
  if (signs !== documents) throw new Error(`${signs} documents await the signature, ${documents} were seeded`);
  await page.close();
  await context.setOffline(true);
  return { context, user, signs, seedMs };
}

const COUNTS = ['sign', 'inbox', 'rows', 'docs'] as const;
type CountWay = (typeof COUNTS)[number];

/** One count, in a fresh tab on the app's origin (offline). */
async function count(d: Device, url: string, code: string, way: CountWay): Promise<Count> {
  const call = (name: keyof Harness, args: unknown[]) =>
    callHarness(d.context, url, code, 'documentsHarness', name, args) as Promise<Count>;
  if (way === 'sign' || way === 'inbox') return call('countIndexed', [d.user.id, d.user.unitId, way]);
  if (way === 'rows') return call('countByRows', [d.user.id, d.user.unitId]);
  return call('countByDocs', [d.user.id]);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'thongsuot-bench-'));
  const server = new ServerProcess(await freePort(), dataDir);
  await server.start();
  const browser = await launchChromium();
  try {
    const code = await bundleHarness(join(clientDir, 'bench/documents-harness.ts'), 'documentsHarnessBundle');
    const loaded = await device(browser, server.url, code, DOCUMENTS);
    const baseline = await device(browser, server.url, code, 0);

    const cold: { loaded: ColdStart[]; baseline: ColdStart[] } = { loaded: [], baseline: [] };
    const counts: Record<CountWay, number[]> = { sign: [], inbox: [], rows: [], docs: [] };
    for (let run = 0; run < RUNS; run += 1) {
      // Alternated, so the shared machine's drifts fall on both.
      const order = run % 2 === 0 ? (['loaded', 'baseline'] as const) : (['baseline', 'loaded'] as const);
      for (const which of order) cold[which].push(await coldStart(which === 'loaded' ? loaded : baseline, server.url));
      for (let k = 0; k < COUNTS.length; k += 1) {
        const way = COUNTS[(run + k) % COUNTS.length] as CountWay;
        const result = await count(loaded, server.url, code, way);
        if (result.count !== DOCUMENTS) throw new Error(`count by ${way}: ${result.count}, not ${DOCUMENTS}`);
        counts[way].push(result.ms);
      }
    }
    await loaded.context.close();
    await baseline.context.close();

    type Timed = Exclude<keyof ColdStart, 'lineText'>;
    const m = (list: ColdStart[], key: Timed) => median(list.map((c) => c[key] ?? Number.NaN));
    const round = (values: number[]) => values.map((v) => Math.round(v));
    const results = {
      data: { documents: DOCUMENTS, tasks: TASKS, runs: RUNS, seedMs: loaded.seedMs },
      coldStart: {
        withDocuments: {
          queryToRows: m(cold.loaded, 'queryToRows'),
          navToRows: m(cold.loaded, 'navToRows'),
          queryToLine: m(cold.loaded, 'queryToLine'),
          navToLine: m(cold.loaded, 'navToLine'),
          lineText: cold.loaded[0]?.lineText,
          runs: cold.loaded.map((c) => ({
            queryToRows: Math.round(c.queryToRows),
            navToRows: Math.round(c.navToRows),
            queryToLine: Math.round(c.queryToLine ?? Number.NaN),
            navToLine: Math.round(c.navToLine ?? Number.NaN),
          })),
        },
        withoutDocuments: {
          queryToRows: m(cold.baseline, 'queryToRows'),
          navToRows: m(cold.baseline, 'navToRows'),
          runs: cold.baseline.map((c) => ({
            queryToRows: Math.round(c.queryToRows),
            navToRows: Math.round(c.navToRows),
          })),
        },
      },
      countMs: Object.fromEntries(COUNTS.map((w) => [w, { median: median(counts[w]), runs: round(counts[w]) }])),
    };
    console.log(JSON.stringify(results, null, 2));

    const w = results.coldStart.withDocuments;
    const b = results.coldStart.withoutDocuments;
    const c = Object.fromEntries(COUNTS.map((k) => [k, median(counts[k])])) as Record<CountWay, number>;
    const verdict = (v: number) => (v <= BUDGET_MS ? 'within' : '**OVER**');
    const n = DOCUMENTS.toLocaleString('en');
    console.log(`
| offline cold start, median of ${RUNS} (alternated) | with ${n} documents awaiting | without (baseline) | with / without | budget |
|---|---|---|---|---|
| inbox rows: \`inbox-query\` → \`inbox-rendered\` | ${ms(w.queryToRows)} | ${ms(b.queryToRows)} | ${(w.queryToRows / b.queryToRows).toFixed(2)}× | ≤ ${BUDGET_MS} ms: ${verdict(w.queryToRows)} |
| … navigation → inbox rows | ${ms(w.navToRows)} | ${ms(b.navToRows)} | ${(w.navToRows / b.navToRows).toFixed(2)}× | — |
| "Văn bản chờ ký: ${DOCUMENTS}" on screen: \`inbox-query\` → line | ${ms(w.queryToLine)} | — | — | ≤ ${BUDGET_MS} ms: ${verdict(w.queryToLine)} |
| … navigation → line | ${ms(w.navToLine)} | — | — | — |

| count what awaits the leader (${n} documents), fresh tab, database open, median of ${RUNS} | ms | time ÷ the index count |
|---|---|---|
| ours: \`awaiting\` index, \`sign:<id>\` count | ${ms(c.sign)} | 1.0× |
| ours: every count the inbox asks (use-pending-documents) | ${ms(c.inbox)} | ${ratio(c.sign, c.inbox)} |
| naive: read the unit's ${n} document rows, filter in JS | ${ms(c.rows)} | ${ratio(c.sign, c.rows)} |
| naivest: decode every doc from its updates, \`readDossier\` | ${ms(c.docs)} | ${ratio(c.sign, c.docs)} |

seeding ${n} signed documents + ${TASKS} tasks: ${(loaded.seedMs / 1000).toFixed(1)} s`);
  } finally {
    await browser.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
