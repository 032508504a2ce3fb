// Issue 18 (the first visit on a ward's phone network), what the server sends a phone that has
// never seen the app: the built assets compressed as the browser asks (brotli to Chromium), the
// shell and the service worker never cached for long, hashed assets for a year, robots.txt as
// itself, one manifest link, and a manifest a browser can offer a rich install from (id,
// shortcuts to "Việc đến" and "Giao việc", phone and desktop screenshots of the right size).
// And the sign-in route's own budget: the form comes from a few kilobytes, the app after.

import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from '@thongsuot/shared';
import type { Response } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { initialJs, signInJs } from '../client/scripts/initial-js.mjs';
import { phoneContext, screenshot, signIn } from './support/browser.ts';
import { useRig } from './support/rig.ts';

const rig = useRig('first-visit');
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

interface Manifest {
  id?: string;
  start_url?: string;
  shortcuts?: { name: string; url: string }[];
  screenshots?: { src: string; sizes: string; form_factor?: string; type: string }[];
}

/** Width × height of a WebP (VP8, VP8L or VP8X), from its header. */
function webpSize(bytes: Buffer): string {
  const chunk = bytes.toString('ascii', 12, 16);
  if (chunk === 'VP8X') return `${1 + bytes.readUIntLE(24, 3)}x${1 + bytes.readUIntLE(27, 3)}`;
  if (chunk === 'VP8L') {
    const b = bytes.readUInt32LE(21);
    return `${(b & 0x3fff) + 1}x${((b >> 14) & 0x3fff) + 1}`;
  }
  return `${bytes.readUInt16LE(26) & 0x3fff}x${bytes.readUInt16LE(28) & 0x3fff}`;
}

it('a phone’s first visit gets compressed assets with the right caching, and an installable manifest', async () => {
  const context = await phoneContext(rig.browser);
  closers.push(() => context.close());
  const page = await context.newPage();
  const scripts: Response[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script' && r.url().includes('/assets/')) scripts.push(r);
  });
  const shell = await page.goto(rig.server.url);
  await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();

  // The shell: compressed, revalidated on every load, with the security headers.
  const shellHeaders = (await shell?.allHeaders()) ?? {};
  expect(shellHeaders['content-encoding']).toBe('br');
  expect(shellHeaders['cache-control']).toBe('no-cache');
  expect(shellHeaders['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(shellHeaders['x-content-type-options']).toBe('nosniff');
  // The entry script and its chunks: brotli (those of at least 1 KB; smaller ones gain nothing),
  // immutable for a year.
  expect(scripts.length).toBeGreaterThan(0);
  let compressed = 0;
  for (const script of scripts) {
    const headers = await script.allHeaders();
    if ((await script.body()).length >= 1024) {
      expect(headers['content-encoding'], script.url()).toBe('br');
      compressed++;
    }
    expect(headers['cache-control']).toBe('public, max-age=31536000, immutable');
  }
  expect(compressed).toBeGreaterThan(0);
  // One manifest link (the PWA plugin writes it; the page used to carry a second).
  expect(await page.locator('link[rel="manifest"]').count()).toBe(1);

  const sw = await page.request.get(`${rig.server.url}/sw.js`, { headers: { 'accept-encoding': 'gzip' } });
  expect(sw.headers()['cache-control']).toBe('no-cache');
  expect(sw.headers()['content-encoding']).toBe('gzip');

  const robots = await page.request.get(`${rig.server.url}/robots.txt`);
  expect(robots.headers()['content-type']).toMatch(/^text\/plain/);
  expect(await robots.text()).toContain('Disallow: /');

  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = (await (await page.request.get(`${rig.server.url}${href}`)).json()) as Manifest;
  expect(manifest.id).toBe('/');
  expect(manifest.shortcuts?.map((s) => [s.name, s.url])).toEqual([
    ['Việc đến', '/'],
    ['Giao việc', '/tasks/new'],
  ]);
  const forms = new Set<string>();
  for (const shot of manifest.screenshots ?? []) {
    const image = await page.request.get(`${rig.server.url}${shot.src}`);
    expect(image.status(), shot.src).toBe(200);
    expect(image.headers()['content-type']).toBe(shot.type);
    expect(webpSize(await image.body()), shot.src).toBe(shot.sizes);
    forms.add(shot.form_factor ?? '');
  }
  expect([...forms].sort()).toEqual(['narrow', 'wide']);
});

/** The sign-in route's budget: the bytes of script a first visit downloads before anyone types. */
const SIGN_IN_SCRIPT_BYTES = 8_000;

it('the built app keeps both routes within their script budgets (gzipped)', () => {
  const dist = fileURLToPath(new URL('../client/dist/', import.meta.url));
  expect(initialJs(dist).gzip).toBeLessThanOrEqual(150_000);
  expect(signInJs(dist).gzip).toBeLessThanOrEqual(SIGN_IN_SCRIPT_BYTES);
});

it('a first visit paints the sign-in form from a few kilobytes; the app loads once the person starts typing', async () => {
  const context = await phoneContext(rig.browser);
  closers.push(() => context.close());
  const page = await context.newPage();
  const scripts: { url: string; bytes: number }[] = [];
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) blocked.push(message.text());
  });
  const stylesheets: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'stylesheet') stylesheets.push(request.url());
  });
  // What #root holds when the page is parsed, before the module scripts run.
  await page.addInitScript(() => {
    document.addEventListener('readystatechange', () => {
      if (document.readyState === 'interactive')
        (window as unknown as { __rootAtParse?: string }).__rootAtParse = document.getElementById('root')?.innerHTML;
    });
  });
  const rootAtParse = () => page.evaluate(() => (window as unknown as { __rootAtParse?: string }).__rootAtParse);
  page.on('requestfinished', async (request) => {
    if (request.resourceType() !== 'script') return;
    scripts.push({ url: request.url(), bytes: (await request.sizes()).responseBodySize });
  });
  await page.goto(rig.server.url);
  await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
  await page.waitForLoadState('networkidle');
  await screenshot(page, '114-first-visit-sign-in-phone');

  // Nothing of the app yet: no React, no store, no dictionaries; the form's script within budget.
  const before = scripts.map((s) => s.url);
  expect(before.some((u) => u.includes('/app-root-'))).toBe(false);
  expect(before.some((u) => u.includes('/dexie'))).toBe(false);
  const bytes = scripts.reduce((n, s) => n + s.bytes, 0);
  expect(bytes, before.join(' ')).toBeLessThanOrEqual(SIGN_IN_SCRIPT_BYTES);
  // The stylesheet came inside the page (one round trip to the first paint), allowed by the CSP
  // by its hash: the form is styled, and no stylesheet was fetched or refused.
  expect(await page.locator('main.sign-in').evaluate((el) => getComputedStyle(el).display)).toBe('flex');
  expect(stylesheets).toEqual([]);
  expect(blocked).toEqual([]);
  // Before any script the shell's header is there; an empty page was the first paint before.
  const shell = await (await page.request.get(rig.server.url)).text();
  expect(shell).toMatch(/<div id="root"><header class="app-header"><span class="brand">Thông Suốt<\/span>/);
  // …which the form replaced.
  expect(await page.locator('#root > header').count()).toBe(0);
  // What the first paint shows, before any script has arrived: the app's red header, styled.
  const bare = await rig.browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
  closers.push(() => bare.close());
  const first = await bare.newPage();
  await first.goto(rig.server.url);
  const header = first.locator('#root > header.app-header');
  expect(await header.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(183, 28, 28)');
  await screenshot(first, '117-first-paint-before-script-phone');

  // The wrong password is refused in the form itself, in Vietnamese.
  // Listened for before the first keystroke: focusing the field starts the download at once.
  const app = page.waitForResponse((r) => r.url().includes('/app-root-'));
  await page.getByLabel('Tên đăng nhập').fill('chutich');
  await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('alert').filter({ hasText: 'Sai tên đăng nhập hoặc mật khẩu.' }).waitFor();
  // Typing started the app's download, before the person signs in.
  expect((await app).status()).toBe(200);
  // A relay that could not count the attempt (several nodes, their Redis down) answers 503 as
  // auth/limit-keys.ts does: the form says the server has a problem, not that the password is wrong.
  await page.route('**/api/session', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({
          status: 503,
          headers: { 'retry-after': '30' },
          json: { statusCode: 503, error: 'limits_unavailable', message: 'Máy chủ tạm thời chưa đếm được số lần thử' },
        })
      : route.continue(),
  );
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('alert').filter({ hasText: 'Máy chủ đang tạm thời gặp sự cố' }).waitFor();
  await screenshot(page, '118-sign-in-server-problem-phone');
  await page.unroute('**/api/session');

  expect(await rootAtParse()).toContain('<header class="app-header">');

  await signIn(page, rig.server.url, 'chutich', DEMO_PASSWORD);
  await screenshot(page, '115-first-visit-signed-in-phone');
  // Reloaded from the device, the service worker's shell has no static header: the app, which
  // starts within moments from the cache, paints first.
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null);
  await page.reload();
  await page.getByRole('heading', { name: 'Việc đến' }).waitFor();
  expect(await rootAtParse()).toBe('');
});

it('English loads when chosen, stays across an offline reload, and the sign-in form then speaks it', async () => {
  const context = await phoneContext(rig.browser);
  closers.push(() => context.close());
  const page = await context.newPage();
  await signIn(page, rig.server.url, 'chutich', DEMO_PASSWORD);
  await page.goto(`${rig.server.url}/settings`);
  await page.locator('#language').selectOption('en');
  // The English words are a chunk of their own, fetched on choosing it.
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();

  // Offline, the reload opens in English: the chunk is in the service worker's cache.
  await context.setOffline(true);
  await page.reload();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  await screenshot(page, '116-english-offline-reload-phone');
  await context.setOffline(false);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe('en');
});
