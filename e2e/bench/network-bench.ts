// `pnpm bench:network` (issue 19): a new phone on a weak link. Every byte between Chromium and
// the relay crosses the shaping proxy (support/shaped-link.ts): Chromium's own network emulation
// leaves WebSocket frames and the service worker's fetches alone. On the 50,000-official city with
// the City Chairman's directives, a fresh 360-px phone context opens the app, the ward chairman
// types in (as a person does, a key every 150 ms) and signs in, and is timed to:
//   - the sign-in form shown (from opening the address);
//   - the first own task shown (from the sign-in click; the inbox's `inbox-rendered` mark);
//   - the own unit searchable (its people stored on the device, where the directory's index reads them);
//   - the whole directory searchable (every part stored: `directoryDownloadedAt`);
//   - fully synced ("Đã đồng bộ", nothing pending, for 3 s).
// Bytes towards the device per category (Playwright's encoded sizes; the service worker's own
// fetches and the HTTP headers are the link's count less these). The build before the work
// (BENCH_NETWORK_BEFORE) runs beside ours in the same run, alternating. Then a drop: the link is
// cut once it has carried half the directory's bytes, and the device is timed again.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '@thongsuot/shared';
import type { Browser, BrowserContext } from 'playwright-core';
import { AccountStore } from '../../sync-server/src/storage/account-store.ts';
import { openDatabase } from '../../sync-server/src/storage/sqlite-database.ts';
import { launchChromium, phoneContext } from '../support/browser.ts';
import { freePort, ServerProcess } from '../support/server-process.ts';
import { FOUR_G, type LinkShape, ShapedLink, SLOW_3G } from '../support/shaped-link.ts';
import { buildBefore } from './build-before.ts';
import { seedDirectives } from './first-sync.ts';

/** The last commit before the weak-network work. */
const BEFORE = process.env.BENCH_NETWORK_BEFORE ?? 'ee92c757d79122ac7f18058884d63f0f513fe980';
const OFFICIALS = process.env.BENCH_OFFICIALS ?? '50000';
const TASKS = Number(process.env.BENCH_CITY_TASKS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const SHAPES = (process.env.BENCH_SHAPES ?? 'slow3g,4g').split(',');
const BUILDS = (process.env.BENCH_BUILDS ?? 'before,ours').split(',');
const DROP = process.env.BENCH_DROP !== '0';
const TRACE = process.env.BENCH_TRACE === '1';
const USER = 'benthanh';
const USER_DB = 'thongsuot-u-benthanh';
const WARD = 'phuong-ben-thanh';
const OUT = process.env.BENCH_OUT ?? join(tmpdir(), 'network-bench.json');

type Category = 'document' | 'app code' | 'directory' | 'sync frames' | 'other API';
interface Run {
  build: string;
  shape: string;
  drop: boolean;
  signInFormMs: number;
  firstTaskMs: number;
  ownUnitMs: number;
  directoryMs: number;
  syncedMs: number;
  /** The page's main thread blocked, from opening to fully synced (long tasks past 50 ms). */
  blockedMs: number;
  bytes: Record<Category, number>;
  linkDown: number;
  connections: number;
  /** Whether "no work" was on screen before the person's work arrived (must stay false). */
  saidNoWork: boolean;
}

function category(url: string): Category {
  const path = new URL(url).pathname;
  if (path.startsWith('/api/directory')) return 'directory';
  if (path.startsWith('/api/')) return 'other API';
  if (path.startsWith('/assets/') || path.endsWith('.js') || path.endsWith('.css')) return 'app code';
  return 'document';
}

/** Counts what reaches the device per category, from Playwright's view of the page and its workers. */
function countBytes(context: BrowserContext): Record<Category, number> {
  const bytes: Record<Category, number> = {
    document: 0,
    'app code': 0,
    directory: 0,
    'sync frames': 0,
    'other API': 0,
  };
  context.on('requestfinished', (request) => {
    void request
      .sizes()
      .then((s) => {
        bytes[category(request.url())] += s.responseBodySize + s.responseHeadersSize;
        // BENCH_TRACE=1: each request as it finishes, to see what the first screen waits for.
        if (TRACE) {
          const t = request.timing();
          process.stderr.write(
            `  ${new Date().toISOString().slice(17, 23)} ${String(s.responseBodySize).padStart(8)} B ${Math.round(t.responseEnd)} ms ${new URL(request.url()).pathname}\n`,
          );
        }
      })
      .catch(() => undefined);
  });
  context.on('page', (page) =>
    page.on('websocket', (ws) =>
      ws.on('framereceived', ({ payload }) => {
        bytes['sync frames'] += typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
      }),
    ),
  );
  return bytes;
}

/** Whether the device's IndexedDB has `key` in `meta`, or people of `unitId` in `officials`. */
async function deviceHas(context: BrowserContext, what: { meta: string } | { unitId: string }): Promise<boolean> {
  const page = context.pages()[0];
  if (!page) return false;
  return page
    .evaluate(
      ([name, probe]) =>
        new Promise<boolean>((resolve) => {
          const open = indexedDB.open(name);
          open.onupgradeneeded = () => open.transaction?.abort();
          open.onerror = () => resolve(false);
          open.onsuccess = () => {
            const db = open.result;
            try {
              const req =
                'meta' in probe
                  ? db.transaction('meta').objectStore('meta').count(probe.meta)
                  : db.transaction('officials').objectStore('officials').index('unitId').count(probe.unitId);
              req.onsuccess = () => {
                db.close();
                resolve(req.result > 0);
              };
              req.onerror = () => {
                db.close();
                resolve(false);
              };
            } catch {
              db.close();
              resolve(false);
            }
          };
        }),
      [USER_DB, what] as const,
    )
    .catch(() => false);
}

/** Resolves with the time `test` first holds, checked every `everyMs`. */
async function when(test: () => Promise<boolean>, everyMs = 250, timeoutMs = 300_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await test()) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error('timed out');
}

async function newDevice(
  browser: Browser,
  build: string,
  server: ServerProcess,
  shape: LinkShape,
  dropAfter: number | null,
): Promise<Run> {
  const link = await new ShapedLink(server.port, shape, 19).start();
  const context = await phoneContext(browser);
  const bytes = countBytes(context);
  await context.addInitScript(() => {
    // When "synced" and "no work" first show, as the DOM changes (not polled).
    const seen: Record<string, number> = { blocked: 0 };
    (globalThis as unknown as { benchSeen: Record<string, number> }).benchSeen = seen;
    // The main thread's blocking time: each long task's time past 50 ms, as Lighthouse counts it.
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) seen.blocked = (seen.blocked ?? 0) + Math.max(0, entry.duration - 50);
    }).observe({ type: 'longtask', buffered: true });
    new MutationObserver(() => {
      const state = document.querySelector('[data-testid="sync-state"]')?.textContent ?? '';
      const synced = state.includes('Đã đồng bộ') && !document.querySelector('[data-testid="sync-pending"]');
      if (synced && seen.inSync === undefined) seen.inSync = Date.now();
      if (!synced) delete seen.inSync;
      if (seen.noWork === undefined && document.querySelector('.empty')?.textContent?.startsWith('Chưa có việc')) {
        seen.noWork = Date.now();
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  // The drop: once the link has carried half the directory's bytes since its bulk began.
  let dropWatch: NodeJS.Timeout | null = null;
  if (dropAfter !== null) {
    let from: number | null = null;
    context.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (from === null && path.startsWith('/api/directory/') && !path.endsWith('/mine')) from = link.bytes.down;
    });
    dropWatch = setInterval(() => {
      if (from !== null && link.bytes.down - from >= dropAfter / 2) {
        if (dropWatch) clearInterval(dropWatch);
        process.stderr.write(`  cutting the link at ${link.bytes.down} bytes down\n`);
        link.cut();
      }
    }, 50);
  }
  try {
    const page = await context.newPage();
    const opened = Date.now();
    await page.goto(link.url, { timeout: 120_000 });
    await page.getByLabel('Tên đăng nhập').waitFor({ timeout: 120_000 });
    const formAt = Date.now();
    await page.getByLabel('Tên đăng nhập').pressSequentially(USER, { delay: 150 });
    await page.getByLabel('Mật khẩu').pressSequentially(DEMO_PASSWORD, { delay: 150 });
    const clicked = Date.now();
    if (TRACE) process.stderr.write(`  ${new Date(clicked).toISOString().slice(17, 23)} sign-in clicked\n`);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const taskMark = page.waitForFunction(
      () => {
        const marks = performance.getEntriesByName('inbox-rendered') as PerformanceMark[];
        const mark = marks.find((m) => (m.detail as { rows: number }).rows > 0);
        return mark ? performance.timeOrigin + mark.startTime : null;
      },
      undefined,
      { timeout: 300_000, polling: 100 },
    );
    const ownUnit = when(() => deviceHas(context, { unitId: WARD }));
    const directory = when(() => deviceHas(context, { meta: 'directoryDownloadedAt' }));
    const firstTaskAt = (await (await taskMark).jsonValue()) as number;
    if (TRACE) process.stderr.write(`  ${new Date(firstTaskAt).toISOString().slice(17, 23)} first own task shown\n`);
    const [ownUnitAt, directoryAt] = await Promise.all([ownUnit, directory]);
    const settled = await page.waitForFunction(
      () => {
        const s = (globalThis as unknown as { benchSeen: Record<string, number> }).benchSeen;
        return s.inSync !== undefined && Date.now() - s.inSync >= 3_000 ? s : null;
      },
      undefined,
      { timeout: 300_000, polling: 100 },
    );
    const seen = (await settled.jsonValue()) as { inSync: number; noWork?: number; blocked: number };
    return {
      build,
      shape: shape.name,
      drop: dropAfter !== null,
      signInFormMs: formAt - opened,
      firstTaskMs: firstTaskAt - clicked,
      ownUnitMs: ownUnitAt - clicked,
      directoryMs: directoryAt - clicked,
      syncedMs: seen.inSync - clicked,
      blockedMs: seen.blocked,
      bytes: { ...bytes },
      linkDown: link.bytes.down,
      connections: link.connections,
      saidNoWork: seen.noWork !== undefined && seen.noWork < firstTaskAt,
    };
  } finally {
    if (dropWatch) clearInterval(dropWatch);
    await context.close();
    await link.stop();
  }
}

const LOCAL_KINDS = ['ward', 'commune', 'special_zone'];

async function seededServer(name: string, root: string | undefined, dataDir: string): Promise<ServerProcess> {
  const dir = join(dataDir, name);
  const server = root
    ? new ServerProcess(
        await freePort(),
        dir,
        join(root, 'client/dist/'),
        { SEED_OFFICIALS: OFFICIALS },
        join(root, 'sync-server/'),
      )
    : new ServerProcess(await freePort(), dir, undefined, { SEED_OFFICIALS: OFFICIALS });
  await server.start();
  const db = openDatabase(join(dir, 'thongsuot.sqlite'));
  const units = new AccountStore(db)
    .units()
    .filter((u) => LOCAL_KINDS.includes(u.kind))
    .map((u) => u.id);
  db.close();
  await seedDirectives(server.url, units, WARD, TASKS);
  return server;
}

const beforeDir = BUILDS.includes('before') ? buildBefore(BEFORE) : undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'thongsuot-network-bench-'));
const runs: Run[] = [];
const startedAt = new Date();
const browser = await launchChromium();
const servers: { name: string; server: ServerProcess }[] = [];
try {
  for (const name of BUILDS) {
    process.stderr.write(`seeding ${name}: ${OFFICIALS} officials, ${TASKS} directives…\n`);
    servers.push({ name, server: await seededServer(name, name === 'before' ? beforeDir : undefined, dataDir) });
  }
  const shapes = SHAPES.map((s) => (s === '4g' ? FOUR_G : SLOW_3G));
  for (const shape of shapes) {
    for (let run = 0; run < RUNS; run++) {
      const order = run % 2 ? [...servers].reverse() : servers;
      for (const { name, server } of order) {
        // Each device is new (empty storage). A later one also brings the receipts the earlier
        // ones recorded on the ward's directives: a few KB, the same for both builds.
        const r = await newDevice(browser, name, server, shape, null);
        process.stderr.write(`${shape.name} ${name}: ${JSON.stringify(r)}\n`);
        runs.push(r);
      }
    }
  }
  if (DROP) {
    for (const { name, server } of servers) {
      const clean = runs.find((r) => r.build === name && r.shape === SLOW_3G.name && !r.drop);
      if (!clean) continue;
      const r = await newDevice(browser, name, server, SLOW_3G, clean.bytes.directory);
      process.stderr.write(`${SLOW_3G.name} ${name} with a drop: ${JSON.stringify(r)}\n`);
      runs.push(r);
    }
  }
} finally {
  await browser.close();
  for (const { server } of servers) await server.kill();
  rmSync(dataDir, { recursive: true, force: true });
}

writeFileSync(OUT, JSON.stringify({ startedAt, before: BEFORE, officials: OFFICIALS, tasks: TASKS, runs }, null, 2));
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const s = (ms: number): string => (ms / 1000).toFixed(1);
const kb = (n: number): string => `${Math.round(n / 1024)}`;
const rows: string[] = [];
const keys = [...new Set(runs.map((r) => `${r.shape}|${r.drop ? 'drop at 50%' : ''}`))];
for (const key of keys) {
  const [shape, drop] = key.split('|');
  const of = (build: string) =>
    runs.filter((r) => r.build === build && r.shape === shape && (r.drop ? 'drop at 50%' : '') === drop);
  const cell = (pick: (r: Run) => number, f: (n: number) => string = s) => {
    const values = ['before', 'ours']
      .map((b) => of(b))
      .map((list) => (list.length ? median(list.map(pick)) : Number.NaN));
    const [b, o] = values as [number, number];
    const ratio = Number.isNaN(b) || o === 0 ? '' : ` (${(b / o).toFixed(1)}×)`;
    return `${Number.isNaN(b) ? '–' : f(b)} → **${f(o)}**${ratio}`;
  };
  rows.push(
    `| ${shape}${drop ? `, ${drop}` : ''} | ${cell((r) => r.signInFormMs)} | ${cell((r) => r.firstTaskMs)} | ${cell((r) => r.ownUnitMs)} | ${cell((r) => r.directoryMs)} | ${cell((r) => r.syncedMs)} | ${cell(
      (r) => r.blockedMs,
      (n) => `${Math.round(n)}`,
    )} | ${cell((r) => r.linkDown, kb)} |`,
  );
}
console.log(
  `\nNew phone on a shaped link (shaped-link.ts), ${OFFICIALS} officials, ${TASKS} city directives, as ${USER}; before = ${BEFORE.slice(0, 7)}; ${RUNS} run(s), median; ${startedAt.toISOString()}\n`,
);
console.log(
  '| link | sign-in form s | sign-in → first own task s | → own unit searchable s | → whole directory s | → fully synced s | main thread blocked ms | KB down the link |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log('\nKB towards the device by category (median of the runs without a drop):\n');
console.log(
  '| link | build | document | app code | directory | sync frames | other API | link total (with SW precache, headers) |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const shape of [...new Set(runs.map((r) => r.shape))]) {
  for (const build of ['before', 'ours']) {
    const list = runs.filter((r) => r.build === build && r.shape === shape && !r.drop);
    if (list.length === 0) continue;
    const m = (pick: (r: Run) => number) => kb(median(list.map(pick)));
    console.log(
      `| ${shape} | ${build} | ${m((r) => r.bytes.document)} | ${m((r) => r.bytes['app code'])} | ${m((r) => r.bytes.directory)} | ${m((r) => r.bytes['sync frames'])} | ${m((r) => r.bytes['other API'])} | ${m((r) => r.linkDown)} |`,
    );
  }
}
const said = runs.filter((r) => r.saidNoWork);
console.log(
  `\n"No work" shown before the work arrived: ${said.length === 0 ? 'never' : said.map((r) => `${r.build} ${r.shape}`).join(', ')}.`,
);
console.log(`Raw results: ${OUT}`);
