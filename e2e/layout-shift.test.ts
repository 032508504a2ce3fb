// Issue 18 item 3: no layout shift on the main screens. Each screen is loaded cold on a signed-in
// 360-px phone with the CPU slowed 4× (as Lighthouse's phone profile does) and on a desktop, and
// its cumulative layout shift is read from the browser's own `layout-shift` entries (the
// Layout Instability API Lighthouse uses) until the screen has been still for a while: while the
// sync connects, the storage estimate arrives and late data fills in.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { screenshot, signedInPage } from './support/browser.ts';
import { useRig } from './support/rig.ts';

const rig = useRig('layout-shift');
const opened: BrowserContext[] = [];
afterAll(async () => {
  for (const context of opened) await context.close();
});

const SCREENS = ['/', '/tasks', '/directory', '/conversations', '/dashboard', '/settings'] as const;
/** The bound on every main screen. */
const MAX_CLS = 0.02;

/** Installs the observer before the app runs; the page keeps the shifts not caused by input. */
async function watchShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shifts: { value: number; at: number; sources: string[] }[] = [];
    (window as unknown as { __shifts: typeof shifts }).__shifts = shifts;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & {
        value: number;
        hadRecentInput: boolean;
        sources?: { node?: Node; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
      })[]) {
        if (entry.hadRecentInput) continue;
        shifts.push({
          value: entry.value,
          at: entry.startTime,
          sources: (entry.sources ?? []).map((s) => {
            const el = s.node instanceof Element ? s.node : s.node?.parentElement;
            const moved = `${Math.round(s.previousRect.y)}→${Math.round(s.currentRect.y)}`;
            return el ? `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}(${moved})` : '?';
          }),
        });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

async function clsOf(page: Page, path: string): Promise<{ cls: number; sources: string[] }> {
  await page.goto(`${rig.server.url}${path}`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  // Still for 1.5 s: the sync has connected and the late data has come (or nothing moved).
  await page.waitForFunction(
    () => {
      const shifts = (window as unknown as { __shifts: { at: number }[] }).__shifts;
      const last = shifts.length ? (shifts[shifts.length - 1]?.at ?? 0) : 0;
      return performance.now() - last > 1500 && performance.now() > 3000;
    },
    undefined,
    { timeout: 30_000, polling: 250 },
  );
  const shifts = await page.evaluate(
    () => (window as unknown as { __shifts: { value: number; sources: string[] }[] }).__shifts,
  );
  return {
    cls: shifts.reduce((sum, s) => sum + s.value, 0),
    sources: shifts.filter((s) => s.value > 0.001).flatMap((s) => s.sources.map((x) => `${x} ${s.value.toFixed(3)}`)),
  };
}

it('no main screen shifts on a slowed phone or a desktop (CLS ≤ 0.02)', async () => {
  const results: string[] = [];
  let worst = 0;
  for (const kind of ['phone', 'desktop'] as const) {
    const page = await signedInPage(rig.browser, rig.server.url, kind, 'benthanh', opened);
    await watchShifts(page);
    if (kind === 'phone') {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    }
    for (const path of SCREENS) {
      const { cls, sources } = await clsOf(page, path);
      if (kind === 'phone' && (path === '/' || path === '/settings')) {
        await screenshot(page, `120-steady-phone${path === '/' ? '-inbox' : path.replace('/', '-')}`);
      }
      worst = Math.max(worst, cls);
      results.push(`${kind} ${path}: ${cls.toFixed(3)} ${sources.join(', ')}`);
    }
  }
  process.stdout.write(`layout shift per screen:\n  ${results.join('\n  ')}\n`);
  expect(worst, results.join('\n')).toBeLessThanOrEqual(MAX_CLS);
}, 180_000);
