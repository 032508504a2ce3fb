// A new phone on slow 3G (issue 19): the built PWA and the real relay, every byte — the page, its
// workers' fetches and the sync socket — through the shaping proxy (support/shaped-link.ts:
// 400 kbps, 400 ms round trip, 1% loss). The ward chairman signs in; his directives show before
// the directory's bulk; his own unit is searchable while the rest is still coming, and the screen
// says so; the signal is lost mid-way and comes back; in the end everything is on the phone and
// the app starts again with no network.
import { DEMO_PASSWORD } from '@thongsuot/shared';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDirectives } from './bench/first-sync.ts';
import { phoneContext, screenshot, syncState } from './support/browser.ts';
import { useRig } from './support/rig.ts';
import { ShapedLink, SLOW_3G } from './support/shaped-link.ts';

const WARD = 'phuong-ben-thanh';
const rig = useRig('weak-link');
let link: ShapedLink;
let phone: BrowserContext;
let page: Page;
/** Directory parts (not `mine`, not the index) held back until released: the rest of the city "still coming". */
let release: () => void = () => undefined;
const held = new Promise<void>((resolve) => {
  release = resolve;
});
const asked: string[] = [];
/** How many of the ward's directives the phone held when each part after `mine` was asked for. */
const tasksWhenAsked: number[] = [];

function storedTasks(): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('thongsuot-u-benthanh');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('tasks').objectStore('tasks').count();
          count.onsuccess = () => {
            open.result.close();
            resolve(count.result);
          };
        };
      }),
  );
}

beforeAll(async () => {
  await seedDirectives(rig.server.url, [WARD], WARD, 6, 1);
  link = await new ShapedLink(rig.server.port, SLOW_3G, 19).start();
  phone = await phoneContext(rig.browser);
  // The directory download runs in a worker; its fetches are routed like the page's.
  await phone.route(/\/api\/directory\/parts\//, async (route) => {
    const path = new URL(route.request().url()).pathname;
    asked.push(path);
    if (!path.endsWith('/mine')) {
      tasksWhenAsked.push(await storedTasks());
      await held;
    }
    await route.continue();
  });
  page = await phone.newPage();
}, 120_000);

afterAll(async () => {
  release();
  await phone?.close();
  await link?.stop();
});

it('shows the work first, the own unit while the city is coming, and survives a lost signal', async () => {
  await page.goto(link.url, { timeout: 60_000 });
  await page.getByLabel('Tên đăng nhập').fill('benthanh');
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  // The ward's directives arrive while the directory's bulk waits its turn.
  await page.getByText('Chỉ đạo số 5/UBND-TP', { exact: false }).first().waitFor({ timeout: 60_000 });
  // `mine` went first (it may be asked for just after the directives show); the rest of the city
  // only once the work was on the phone.
  await expect.poll(() => asked.length, { timeout: 60_000 }).toBeGreaterThan(0);
  expect(asked[0]).toBe('/api/directory/parts/mine');
  await expect.poll(() => asked.length, { timeout: 60_000 }).toBeGreaterThan(1);
  expect(tasksWhenAsked.every((n) => n === 6)).toBe(true);
  await screenshot(page, '190-weak-link-inbox-phone');

  // The directory: the ward's own people are found already, and the screen says the rest is coming.
  await page.getByRole('link', { name: 'Danh bạ' }).first().click();
  await page.getByRole('heading', { name: 'Danh bạ' }).waitFor({ timeout: 60_000 });
  await expect
    .poll(() => page.locator('.notice').first().textContent(), { timeout: 60_000 })
    .toMatch(/Đang tải phần còn lại của danh bạ: [\d.]+\/[\d.]+ đơn vị đã có/);
  const search = page.getByLabel('Tìm theo tên, chức vụ, đơn vị hoặc số điện thoại').and(page.locator(':enabled'));
  await search.waitFor({ timeout: 60_000 });
  await search.fill('huynh thi ngoc lan');
  await page.getByTestId('people').locator('.person-name').first().waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('people').locator('.person-name').first().textContent()).toBe('Huỳnh Thị Ngọc Lan');
  await screenshot(page, '191-weak-link-directory-partial-phone');

  // The signal goes while the rest is on its way, then comes back: the download resumes.
  link.cut();
  release();
  await expect
    .poll(() => page.locator('.page-intro').textContent(), { timeout: 120_000, interval: 500 })
    .toMatch(/^[\d.]{5,} cán bộ trong danh bạ$/);
  await expect.poll(() => page.locator('.notice').count(), { timeout: 30_000 }).toBe(0);
  await syncState(page, 'Đã đồng bộ');
  await screenshot(page, '192-weak-link-directory-complete-phone');

  // The offline copy of the app is installed after the first sync, and the app starts without network.
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 120_000 });
  await phone.setOffline(true);
  await page.reload();
  await page.getByRole('heading', { name: 'Danh bạ' }).waitFor({ timeout: 30_000 });
  await search.fill('tran minh duc');
  await page.getByTestId('people').locator('.person-name').first().waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('people').locator('.person-name').first().textContent()).toBe('Trần Minh Đức');
  await phone.setOffline(false);
}, 300_000);
