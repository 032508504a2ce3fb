import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from '@thongsuot/shared';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags this machine needs (ENVIRONMENT.md): headless, and no calls to Google's hosts. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Debian's Chromium with the flags this machine needs. Playwright hides scrollbars in headless
 * mode; `scrollbars` shows them as a desktop does (a scrollbar appearing narrows the page).
 */
export function launchChromium(options: { scrollbars?: boolean } = {}): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    ...(options.scrollbars ? { ignoreDefaultArgs: ['--hide-scrollbars'] } : {}),
  });
}

export function desktopContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
}

export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
}

export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  // From the top, so the sticky header and the phone's tab bar sit where a person sees them.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expectNoSideways(page, name);
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage });
}

/**
 * Signs in through the real form and waits until the service worker controls the page: a new
 * device installs it after its first sync (docs/design.md §20). `offlineCopy: false` for a test
 * whose first sync cannot complete.
 */
export async function signIn(
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
  { offlineCopy = true } = {},
): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Việc đến' }).waitFor();
  if (!offlineCopy) return;
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
}

/** Waits until the header's sync indicator says `state` (e.g. "Đã đồng bộ", "Ngoại tuyến"). */
export async function syncState(page: Page, state: string): Promise<void> {
  await page.getByTestId('sync-state').filter({ hasText: state }).waitFor({ timeout: 30_000 });
}

/**
 * A new phone (360 px) or desktop, signed in as `username` and synced. Its context is added to
 * `opened`, for the test file to close.
 */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  kind: 'phone' | 'desktop',
  username: string,
  opened: BrowserContext[],
): Promise<Page> {
  const context = kind === 'phone' ? await phoneContext(browser) : await desktopContext(browser);
  opened.push(context);
  const page = await context.newPage();
  await signIn(page, baseUrl, username, DEMO_PASSWORD);
  await syncState(page, 'Đã đồng bộ');
  return page;
}

/**
 * Every screen a test looks at fits its window's width: on a phone, content wider than the window
 * scrolls sideways, and what is past the edge goes unseen. Checked at every screenshot.
 */
export async function expectNoSideways(page: Page, what: string): Promise<void> {
  const fits = await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
  if (fits) return;
  // Only now, to say which elements reach past the edge.
  const widths = await page.evaluate(() => ({
    content: document.documentElement.scrollWidth,
    window: document.documentElement.clientWidth,
    widest: [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`),
  }));
  throw new Error(
    `${what}: the page is ${widths.content} px wide in a ${widths.window}-px window (past the edge: ${widths.widest.join(', ')})`,
  );
}
