// `pnpm bench:web` (issue 18, docs/benchmarks.md "The first visit"): Lighthouse 12 on Debian's
// Chromium, with its default phone profile (simulated slow 4G, CPU slowed 4×) and its desktop
// profile, on the first visit's sign-in and on the main screens signed in (warm: the service
// worker and the synced device in place), against the 50,000-official city. Its accessibility
// category is axe-core's rules. The build before the first-visit work (BENCH_WEB_BEFORE) is built
// in a temporary folder and measured in the same run, each measurement alternating between the
// two so that the machine's noise falls on both. Prints a table of medians and writes the runs
// to BENCH_WEB_OUT.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from '@thongsuot/shared';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/browser.ts';
import { freePort, ServerProcess } from '../support/server-process.ts';
import { buildBefore } from './build-before.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
/** The last commit before the first-visit work (cdc8ef3 is its first). */
const BEFORE = process.env.BENCH_WEB_BEFORE ?? '18b8acde4ecbca9cb3e231c2b555f224dcd9fd5a';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const OFFICIALS = process.env.BENCH_OFFICIALS ?? '50000';
const USER = process.env.BENCH_USER ?? 'benthanh';
const OUT = process.env.BENCH_WEB_OUT ?? join(tmpdir(), 'thongsuot-web-bench.json');
/**
 * The same phone profile (slow 4G, CPU 4×), applied two ways. 'devtools' (the default here)
 * slows the CPU and the network for real while loading. Lighthouse's own default, 'simulate',
 * loads at full speed and predicts the slow load from the trace. On this shared 2-core machine,
 * where Lighthouse and both servers compete for the cores, 'simulate' multiplies that contention
 * by 4. It showed 1.0–2.0 s of blocking on warm screens whose real 4× loads block 0.1–0.4 s.
 * Its figures are in docs/benchmarks.md too.
 */
const THROTTLING = (process.env.BENCH_THROTTLING ?? 'devtools') as 'simulate' | 'devtools';
/** Where to keep each run's whole Lighthouse report (JSON), to look into a figure. */
const LHR_DIR = process.env.BENCH_WEB_LHR_DIR;
const SCREENS = (process.env.BENCH_SCREENS ?? '/,/tasks,/directory,/conversations,/dashboard,/settings').split(',');
const FORMS = ['phone', 'desktop'] as const;
type Form = (typeof FORMS)[number];
/** To look into one profile or one build: BENCH_FORMS=phone, BENCH_BUILDS=ours. */
const FORMS_RUN = (process.env.BENCH_FORMS?.split(',') ?? FORMS) as Form[];
const BUILDS_RUN = process.env.BENCH_BUILDS?.split(',') ?? ['before', 'ours'];

interface Measure {
  build: string;
  form: Form;
  screen: string;
  performance: number;
  accessibility: number;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  /** The longest main-thread task at load (ms): what a first tap can wait. */
  longestTask: number;
  /** Script bytes as sent (compressed or not). */
  scriptBytes: number;
  /** The accessibility audits that failed (axe rules). */
  violations: string[];
  /** Lighthouse's measure of this machine's CPU before slowing it (a Pixel 5 scores about 1,000). */
  benchmarkIndex: number;
}

/** Debian's Chromium with a DevTools port, for Lighthouse and Playwright to share one profile. */
async function debuggableChromium(profile: string): Promise<{ port: number; close: () => void }> {
  const child = spawn(CHROMIUM_PATH, [
    ...CHROMIUM_ARGS,
    `--user-data-dir=${profile}`,
    '--remote-debugging-port=0',
    'about:blank',
  ]);
  const port = await new Promise<number>((resolve, reject) => {
    let said = '';
    child.stderr.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      const match = said.match(/DevTools listening on ws:\/\/[^:]+:(\d+)\//);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`chromium exited with ${code}: ${said}`)));
  });
  return { port, close: () => child.kill('SIGKILL') };
}

/** Signs in on the browser's own profile and waits until the device holds the city's directory. */
async function signInWarm(port: number, url: string): Promise<void> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const context = browser.contexts()[0];
  if (!context) throw new Error('no default context');
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('Tên đăng nhập').fill(USER);
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Việc đến' }).waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 60_000 });
  await page.getByTestId('sync-state').filter({ hasText: 'Đã đồng bộ' }).waitFor({ timeout: 180_000 });
  await page.getByRole('link', { name: 'Danh bạ' }).first().click();
  // The directory's count of people, once the bundle is on the device.
  await page.waitForFunction(
    (n) => Number((document.querySelector('.page-intro')?.textContent ?? '').replace(/\D/g, '')) >= n,
    Number(OFFICIALS),
    { timeout: 180_000, polling: 500 },
  );
  await page.close();
  await browser.close();
}

async function audit(port: number, build: string, url: string, screen: string, form: Form, warm: boolean) {
  const result = await lighthouse(
    `${url}${screen}`,
    {
      port,
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
      disableStorageReset: warm,
      throttlingMethod: THROTTLING,
    },
    form === 'desktop' ? desktopConfig : undefined,
  );
  if (!result) throw new Error(`no Lighthouse result for ${build} ${screen}`);
  const { lhr } = result;
  const numeric = (id: string): number => lhr.audits[id]?.numericValue ?? Number.NaN;
  const items = (id: string) =>
    (lhr.audits[id]?.details as { items?: Record<string, unknown>[] } | undefined)?.items ?? [];
  const a11y = lhr.categories.accessibility;
  const measure: Measure = {
    build,
    form,
    screen: warm ? screen : 'sign-in (first visit)',
    performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    accessibility: Math.round((a11y?.score ?? 0) * 100),
    fcp: numeric('first-contentful-paint'),
    lcp: numeric('largest-contentful-paint'),
    tbt: numeric('total-blocking-time'),
    cls: numeric('cumulative-layout-shift'),
    longestTask: Math.max(0, ...items('long-tasks').map((i) => Number(i.duration) || 0)),
    scriptBytes: Number(items('resource-summary').find((i) => i.resourceType === 'script')?.transferSize ?? 0),
    violations: (a11y?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score === 0)
      .map((ref) => ref.id),
    benchmarkIndex: lhr.environment.benchmarkIndex,
  };
  if (LHR_DIR) {
    mkdirSync(LHR_DIR, { recursive: true });
    const name = `${build}-${form}-${screen.replace(/\W+/g, '_')}-${warm ? 'warm' : 'first'}-${Date.now()}.json`;
    writeFileSync(join(LHR_DIR, name), JSON.stringify(lhr));
    // Each layout shift with the rectangles that moved (before → after), to find what shifted.
    const events = (result.artifacts as { Trace?: { traceEvents: TraceEvent[] } }).Trace?.traceEvents ?? [];
    const navigation = events.find((e) => e.name === 'navigationStart')?.ts ?? 0;
    const shifts = events
      .filter((e) => e.name === 'LayoutShift')
      .map((e) => ({ atMs: Math.round((e.ts - navigation) / 1000), ...(e.args?.data as object) }));
    writeFileSync(join(LHR_DIR, name.replace(/\.json$/, '.shifts.json')), JSON.stringify(shifts, null, 1));
  }
  if (lhr.runtimeError) throw new Error(`${build} ${screen}: ${lhr.runtimeError.message}`);
  return measure;
}

interface TraceEvent {
  readonly name: string;
  readonly ts: number;
  readonly args?: { readonly data?: unknown };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const at = (i: number): number => sorted[i] ?? Number.NaN;
  return sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

const beforeDir = BUILDS_RUN.includes('before') ? buildBefore(BEFORE) : repo;
const dataDir = mkdtempSync(join(tmpdir(), 'thongsuot-web-bench-'));
const env = { SEED_OFFICIALS: OFFICIALS };
const builds = [
  {
    name: 'before',
    server: new ServerProcess(
      await freePort(),
      join(dataDir, 'before'),
      join(beforeDir, 'client/dist/'),
      env,
      join(beforeDir, 'sync-server/'),
    ),
  },
  { name: 'ours', server: new ServerProcess(await freePort(), join(dataDir, 'ours'), undefined, env) },
].filter((build) => BUILDS_RUN.includes(build.name));
const chrome = await debuggableChromium(join(dataDir, 'profile'));
const measures: Measure[] = [];
const startedAt = new Date();
try {
  for (const build of builds) await build.server.start();
  const pass = async (screen: string, warm: boolean): Promise<void> => {
    for (let run = 0; run < RUNS; run++) {
      for (const form of FORMS_RUN) {
        // Alternating, and the first of the pair changing each run.
        const order = run % 2 ? [...builds].reverse() : builds;
        for (const build of order) {
          const m = await audit(chrome.port, build.name, build.server.url, screen, form, warm);
          measures.push(m);
          process.stderr.write(
            `${m.build} ${m.form} ${m.screen}: perf ${m.performance}, FCP ${m.fcp.toFixed(0)} ms, TBT ${m.tbt.toFixed(0)} ms\n`,
          );
        }
      }
    }
  };
  // First visits: Lighthouse clears the origin (storage, caches, service worker) before each.
  await pass('/', false);
  for (const build of builds) await signInWarm(chrome.port, build.server.url);
  for (const screen of SCREENS) await pass(screen, true);
} finally {
  chrome.close();
  for (const build of builds) await build.server.kill();
  rmSync(dataDir, { recursive: true, force: true });
}
writeFileSync(OUT, JSON.stringify({ startedAt, before: BEFORE, runs: RUNS, officials: OFFICIALS, measures }, null, 2));

// The table: medians per screen and profile, the earlier build beside ours.
const groups = new Map<string, Measure[]>();
for (const m of measures) {
  const key = `${m.screen}|${m.form}|${m.build}`;
  groups.set(key, [...(groups.get(key) ?? []), m]);
}
const med = (key: string, pick: (m: Measure) => number): number => median((groups.get(key) ?? []).map(pick));
const ms = (v: number): string => `${Math.round(v).toLocaleString('en')}`;
const hostIndex = measures.map((m) => m.benchmarkIndex);
const rows = [
  `Lighthouse 12.8 (${THROTTLING} throttling), ${RUNS} runs each (median), ${OFFICIALS} officials, as ${USER}; before = ${BEFORE.slice(0, 7)}; ${startedAt.toISOString()}`,
  // The phone profile slows this CPU 4×: how fast it was decides what that emulates.
  `host CPU (Lighthouse benchmarkIndex): median ${Math.round(median(hostIndex))}, ${Math.round(Math.min(...hostIndex))}–${Math.round(Math.max(...hostIndex))}`,
  '',
  '| screen | profile | perf before → ours | FCP ms | LCP ms | TBT ms | longest task ms | CLS | JS KB sent | a11y | failed a11y audits (ours) |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
];
const screens = [...new Set(measures.map((m) => m.screen))];
for (const screen of screens) {
  for (const form of FORMS) {
    const b = `${screen}|${form}|before`;
    const o = `${screen}|${form}|ours`;
    if (!groups.has(o)) continue;
    const pair = (pick: (m: Measure) => number, f: (v: number) => string) =>
      `${f(med(b, pick))} → **${f(med(o, pick))}**`;
    const failed = [...new Set((groups.get(o) ?? []).flatMap((m) => m.violations))];
    rows.push(
      `| ${screen} | ${form} | ${pair((m) => m.performance, String)} | ${pair((m) => m.fcp, ms)} | ${pair((m) => m.lcp, ms)} | ${pair((m) => m.tbt, ms)} | ${pair((m) => m.longestTask, ms)} | ${pair(
        (m) => m.cls,
        (v) => v.toFixed(3),
      )} | ${pair(
        (m) => m.scriptBytes / 1000,
        (v) => v.toFixed(0),
      )} | ${pair((m) => m.accessibility, String)} | ${failed.join(', ') || 'none'} |`,
    );
  }
}
console.log(rows.join('\n'));
