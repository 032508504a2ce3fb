// The phone half of `pnpm bench:dashboard` (docs/benchmarks.md "Leaders' figures"): the City
// Chairman's phone (360 px, CPU slowed 4×) opens the command dashboard with the network off, on
// the 50,000-official city with 20,000 tasks that the server half generated (BENCH_CITY_DB).
// Timed from the reload to the four figures on screen; the inbox's offline open on the same
// phone in the same run is the reference. Target: ≤ 1 s.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '@thongsuot/shared';
import { launchChromium, phoneContext, screenshot, signIn } from '../support/browser.ts';
import { freePort, ServerProcess } from '../support/server-process.ts';

const CITY = process.env.BENCH_CITY_DB ?? join(tmpdir(), 'thongsuot-dash-city-50000-20000.sqlite');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const USER = process.env.BENCH_USER ?? 'chutich';

if (!existsSync(CITY)) {
  process.stderr.write(`No city at ${CITY}: run the server half first (pnpm bench:dashboard).\n`);
  process.exit(1);
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

const dataDir = mkdtempSync(join(tmpdir(), 'thongsuot-dash-phone-'));
copyFileSync(CITY, join(dataDir, 'thongsuot.sqlite'));
const server = new ServerProcess(await freePort(), dataDir, undefined, { DASHBOARD_REFRESH_MS: '1000' });
const browser = await launchChromium();
try {
  const started = performance.now();
  await server.start();
  const context = await phoneContext(browser);
  // When each screen's figures first appear, in the page's own clock (0 = the navigation started).
  await context.addInitScript(() => {
    const seen: Record<string, number> = {};
    (window as unknown as { __shown: typeof seen }).__shown = seen;
    new MutationObserver(() => {
      if (!('dashboard' in seen) && document.querySelector('[data-testid="tile-overdue"]')) {
        seen.dashboard = performance.now();
      }
      if (!('inbox' in seen) && document.querySelector('h1')?.textContent?.includes('Việc đến')) {
        seen.inbox = performance.now();
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const page = await context.newPage();
  await signIn(page, server.url, USER, DEMO_PASSWORD);
  await page.getByTestId('sync-state').filter({ hasText: 'Đã đồng bộ' }).waitFor({ timeout: 600_000 });
  const syncedS = (performance.now() - started) / 1000;
  await page.goto(`${server.url}/dashboard`);
  await page.getByTestId('tile-overdue').waitFor({ timeout: 120_000 });
  const overdue = ((await page.getByTestId('tile-overdue').textContent()) ?? '').replace(/\s+/g, ' ');

  await context.setOffline(true);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const open = async (path: string, key: string, ready: () => Promise<void>): Promise<number[]> => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.goto(`${server.url}/settings`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.goto(`${server.url}${path}`);
      await ready();
      times.push(
        await page.evaluate(
          (k) => (window as unknown as { __shown: Record<string, number> }).__shown[k] ?? Number.NaN,
          key,
        ),
      );
    }
    return times;
  };
  const dashboard = await open('/dashboard', 'dashboard', () => page.getByTestId('tile-overdue').waitFor());
  await screenshot(page, 'bench-dashboard-offline-phone');
  const inbox = await open('/', 'inbox', () => page.getByRole('heading', { name: 'Việc đến' }).waitFor());
  await context.close();

  const row = (name: string, v: number[]) =>
    `| ${name.padEnd(44)} | ${String(v.length).padStart(4)} | ${`${quantile(v, 0.5).toFixed(0)} ms`.padStart(8)} | ${`${Math.max(...v).toFixed(0)} ms`.padStart(8)} |`;
  process.stdout.write(`
Phone (360 px, CPU 4× slower, network off) — ${USER}, start, sign-in and first sync ${syncedS.toFixed(0)} s; dashboard tile: "${overdue}"

| offline open (navigation start → on screen)    | runs | median   | max      |
|----------------------------------------------|-----:|---------:|---------:|
${row('command dashboard (/dashboard), target ≤ 1 s', dashboard)}
${row('reference: the inbox heading (/)', inbox)}
`);
} finally {
  await browser.close();
  await server.kill();
  rmSync(dataDir, { recursive: true, force: true });
}
