// Issue 18 item 3: no layout shift on the main screens. Each screen is loaded cold on a signed-in
// 360-px phone with the CPU slowed 4× (as Lighthouse's phone profile does) and on a desktop, and
// its cumulative layout shift is read from the browser's own `layout-shift` entries (the
// Layout Instability API Lighthouse uses) until the screen has been still for a while: while the
// sync connects, the storage estimate arrives and late data fills in.
// The desktop shows its scrollbar (headless Chromium hides it): a page growing past the window
// brings the scrollbar in and narrows everything, which Lighthouse counts as a shift.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, screenshot, signedInPage } from './support/browser.ts';
import { useRig } from './support/rig.ts';

const rig = useRig('layout-shift');
const opened: BrowserContext[] = [];
let withScrollbars: Browser;
beforeAll(async () => {
  withScrollbars = await launchChromium({ scrollbars: true });
});
afterAll(async () => {
  for (const context of opened) await context.close();
  await withScrollbars?.close();
});

const SCREENS = ['/', '/tasks', '/directory', '/conversations', '/dashboard', '/settings'] as const;
/** The bound on every main screen. */
const MAX_CLS = 0.02;

/** Installs the observer before the app runs; the page keeps the shifts not caused by input. */
async function watchShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shifts: { value: number; at: number; sources: string[]; sideways: string[] }[] = [];
    (window as unknown as { __shifts: typeof shifts }).__shifts = shifts;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & {
        value: number;
        hadRecentInput: boolean;
        sources?: { node?: Node; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
      })[]) {
        if (entry.hadRecentInput) continue;
        const name = (node?: Node) => {
          const el = node instanceof Element ? node : node?.parentElement;
          return el ? `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}` : '?';
        };
        shifts.push({
          value: entry.value,
          at: entry.startTime,
          sources: (entry.sources ?? []).map(
            (s) => `${name(s.node)}(${Math.round(s.previousRect.y)}→${Math.round(s.currentRect.y)})`,
          ),
          // Centred content moving sideways: the page narrowed (a scrollbar came in).
          sideways: (entry.sources ?? [])
            .filter((s) => s.previousRect.width > 0 && Math.abs(s.currentRect.x - s.previousRect.x) >= 1)
            .map((s) => `${name(s.node)}(x ${Math.round(s.previousRect.x)}→${Math.round(s.currentRect.x)})`),
        });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

async function clsOf(page: Page, path: string): Promise<{ cls: number; sources: string[]; sideways: string[] }> {
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
    () => (window as unknown as { __shifts: { value: number; sources: string[]; sideways: string[] }[] }).__shifts,
  );
  return {
    cls: shifts.reduce((sum, s) => sum + s.value, 0),
    sideways: shifts.flatMap((s) => s.sideways),
    sources: shifts.filter((s) => s.value > 0.001).flatMap((s) => s.sources.map((x) => `${x} ${s.value.toFixed(3)}`)),
  };
}

it('no main screen shifts on a slowed phone or a desktop (CLS ≤ 0.02)', async () => {
  const results: string[] = [];
  let worst = 0;
  const sideways: string[] = [];
  for (const kind of ['phone', 'desktop'] as const) {
    const browser = kind === 'desktop' ? withScrollbars : rig.browser;
    const page = await signedInPage(browser, rig.server.url, kind, 'benthanh', opened);
    await watchShifts(page);
    // Lighthouse's desktop window.
    if (kind === 'desktop') await page.setViewportSize({ width: 1350, height: 940 });
    if (kind === 'phone') {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    }
    for (const path of SCREENS) {
      const { cls, sources, sideways: moved } = await clsOf(page, path);
      sideways.push(...moved.map((m) => `${kind} ${path}: ${m}`));
      if (kind === 'phone' && (path === '/' || path === '/settings')) {
        await screenshot(page, `120-steady-phone${path === '/' ? '-inbox' : path.replace('/', '-')}`);
      }
      if (kind === 'desktop' && path === '/settings') await screenshot(page, '121-steady-desktop-settings');
      worst = Math.max(worst, cls);
      results.push(`${kind} ${path}: ${cls.toFixed(3)} ${sources.join(', ')}`);
    }
  }
  process.stdout.write(`layout shift per screen:\n  ${results.join('\n  ')}\n`);
  expect(worst, results.join('\n')).toBeLessThanOrEqual(MAX_CLS);
  // The bound holds in this window; in a taller one the same sideways move of a long page counts
  // for more (Lighthouse's desktop Settings measured 0.066), so none is allowed.
  expect(sideways).toEqual([]);
}, 180_000);
