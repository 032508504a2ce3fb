import { appendFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from '@thongsuot/shared';
import type { BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { expect, it } from 'vitest';
import { compressFile } from '../client/scripts/compress.mjs';
import { desktopContext, phoneContext, screenshot, signIn, syncState } from './support/browser.ts';
import { useRig } from './support/rig.ts';

// The platform's promises, each on the real server and the built PWA: it starts with no network,
// offline edits arrive exactly once, tabs share one connection, sign-out leaves nothing behind,
// and a new version deployed while edits wait loses none of them.

const TITLE = 'Rà soát hộ kinh doanh trên đường Nguyễn Huệ';
let clientRoot: string;

const rig = useRig('platform', (dataDir) => {
  // A copy of the build, so a test can deploy "the next version" under the running app.
  clientRoot = join(dataDir, 'client');
  cpSync(fileURLToPath(new URL('../client/dist/', import.meta.url)), clientRoot, { recursive: true });
  return clientRoot;
});

async function assignTask(page: Page, title: string): Promise<void> {
  await page.getByRole('link', { name: 'Nhiệm vụ', exact: true }).click();
  await page.getByRole('link', { name: '+ Giao việc' }).click();
  await page.getByLabel('Tên nhiệm vụ').fill(title);
  await page.getByLabel('Đơn vị nhận').selectOption({ label: 'Phường Bến Thành' });
  await page.getByRole('button', { name: 'Giao việc' }).click();
  await page.getByTestId('task-card').filter({ hasText: title }).waitFor();
}

async function report(page: Page, text: string): Promise<void> {
  await page.getByLabel('Nội dung báo cáo').fill(text);
  await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await page.getByTestId('reports').getByText(text).waitFor();
}

/** Counts the sync sockets a page opens and how many are still open. */
function watchSockets(page: Page): { open: () => number } {
  let open = 0;
  page.on('websocket', (ws) => {
    if (new URL(ws.url()).pathname !== '/sync') return;
    open += 1;
    ws.on('close', () => {
      open -= 1;
    });
  });
  return { open: () => open };
}

let issuer: BrowserContext;
let issuerPage: Page;
let ward: BrowserContext;
let wardPage: Page;

it('starts with no network: the shell from the service worker, the inbox from IndexedDB', async () => {
  issuer = await desktopContext(rig.browser);
  issuerPage = await issuer.newPage();
  await signIn(issuerPage, rig.server.url, 'vanphong', DEMO_PASSWORD);
  await assignTask(issuerPage, TITLE);
  await issuerPage.getByTestId('item-sync').filter({ hasText: 'Đã lưu trên máy chủ' }).waitFor({ timeout: 30_000 });

  ward = await phoneContext(rig.browser);
  wardPage = await ward.newPage();
  await signIn(wardPage, rig.server.url, 'benthanh', DEMO_PASSWORD);
  await wardPage.getByTestId('inbox-list').getByText(TITLE).waitFor({ timeout: 30_000 });
  await syncState(wardPage, 'Đã đồng bộ');

  // The phone loses the network; the app is closed and opened again from the home screen.
  await ward.setOffline(true);
  await wardPage.close();
  wardPage = await ward.newPage();
  await wardPage.goto(rig.server.url);
  await wardPage.getByRole('heading', { name: 'Việc đến' }).waitFor();
  await wardPage.getByTestId('inbox-list').getByText(TITLE).waitFor();
  await syncState(wardPage, 'Ngoại tuyến');
  expect(await wardPage.getByTestId('unread-count').textContent()).toContain('1');
  await screenshot(wardPage, '10-phone-starts-offline-inbox');
});

it('edits offline, across a reload, arrive exactly once when the network returns', async () => {
  await wardPage.getByTestId('inbox-list').getByText(TITLE).click();
  await report(wardPage, 'Báo cáo 1: đã liên hệ tổ dân phố.');
  await wardPage.reload();
  await report(wardPage, 'Báo cáo 2: đã kiểm tra 12 hộ.');
  await report(wardPage, 'Báo cáo 3: còn 3 hộ chưa có giấy phép.');
  await wardPage.getByTestId('sync-pending').waitFor();
  await screenshot(wardPage, '11-phone-offline-edits-waiting');

  await ward.setOffline(false);
  await syncState(wardPage, 'Đã đồng bộ');
  await wardPage.getByTestId('item-sync').filter({ hasText: 'Người nhận đã xem' }).waitFor({ timeout: 30_000 });

  // The issuer sees each report once, and "seen by the recipient" from the relayed `read`.
  await issuerPage.getByTestId('task-card').filter({ hasText: TITLE }).getByRole('link').click();
  await issuerPage.getByTestId('reports').getByText('Báo cáo 3').waitFor({ timeout: 30_000 });
  expect(await issuerPage.getByTestId('reports').locator('li').count()).toBe(3);
  await issuerPage.getByTestId('item-sync').filter({ hasText: 'Người nhận đã xem' }).waitFor({ timeout: 30_000 });
  await screenshot(issuerPage, '12-desktop-issuer-sees-reports-and-seen');

  // And so does a fresh device, from the server alone.
  const fresh = await desktopContext(rig.browser);
  const other = await fresh.newPage();
  await signIn(other, rig.server.url, 'benthanh.cv', DEMO_PASSWORD);
  // A specialist reads the ward's work in the list of all tasks; his to-do holds only what awaits him.
  await other.goto(`${rig.server.url}/tasks`);
  await other.getByTestId('task-list').getByText(TITLE).click({ timeout: 30_000 });
  await other.getByTestId('reports').getByText('Báo cáo 3').waitFor({ timeout: 30_000 });
  expect(await other.getByTestId('reports').locator('li').count()).toBe(3);
  await fresh.close();
});

it('two tabs share one connection and see each other’s edits at once', async () => {
  const first = wardPage;
  const firstSockets = watchSockets(first);
  await first.reload();
  await syncState(first, 'Đã đồng bộ');
  const second = await ward.newPage();
  const secondSockets = watchSockets(second);
  await second.goto(first.url());
  await second.getByTestId('reports').getByText('Báo cáo 3').waitFor();
  await syncState(second, 'Đã đồng bộ');
  expect(firstSockets.open() + secondSockets.open()).toBe(1);

  // A report from the tab without the socket shows in the other tab and reaches the issuer.
  const leaderFirst = firstSockets.open() === 1;
  const [leader, follower] = leaderFirst ? [first, second] : [second, first];
  await report(follower, 'Báo cáo 4: gửi từ thẻ thứ hai.');
  await leader.getByTestId('reports').getByText('Báo cáo 4').waitFor();
  await issuerPage.getByTestId('reports').getByText('Báo cáo 4').waitFor({ timeout: 30_000 });
  expect(await issuerPage.getByTestId('reports').locator('li').count()).toBe(4);
  await syncState(follower, 'Đã đồng bộ');

  // Closing the tab that holds the connection hands it to the other.
  await leader.close();
  await syncState(follower, 'Đã đồng bộ');
  await report(follower, 'Báo cáo 5: sau khi đóng thẻ kia.');
  await issuerPage.getByTestId('reports').getByText('Báo cáo 5').waitFor({ timeout: 30_000 });
  wardPage = follower;
});

it('signing out deletes the person’s data from the device, in every tab', async () => {
  const other = await ward.newPage();
  await other.goto(rig.server.url);
  await other.getByRole('heading', { name: 'Việc đến' }).waitFor();
  await wardPage.getByRole('link', { name: 'Cài đặt' }).click();
  await wardPage.getByTestId('storage').getByText('nhiệm vụ').waitFor();
  await screenshot(wardPage, '13-phone-settings');
  await wardPage.getByRole('button', { name: 'Đăng xuất' }).click();
  await wardPage.getByRole('button', { name: 'Đăng nhập' }).waitFor();
  await other.getByRole('button', { name: 'Đăng nhập' }).waitFor();
  const left = await wardPage.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name),
    session: localStorage.getItem('thongsuot.session'),
  }));
  expect(left).toEqual({ databases: [], session: null });
  await ward.close();
});

it('a new version deployed while edits wait in the outbox loses none of them', async () => {
  const context = await desktopContext(rig.browser);
  // The sync socket is held open but unanswered until we let it through: edits keep waiting.
  let passThrough = false;
  const held: WebSocketRoute[] = [];
  await context.routeWebSocket(/\/sync(\?|$)/, (ws) => {
    if (passThrough) ws.connectToServer();
    else held.push(ws);
  });
  passThrough = true;
  const page = await context.newPage();
  await signIn(page, rig.server.url, 'vanphong', DEMO_PASSWORD);
  await syncState(page, 'Đã đồng bộ');
  passThrough = false;
  await context.setOffline(true);
  await assignTask(page, 'Kiểm tra PCCC chợ Bến Thành');
  await assignTask(page, 'Thống kê cây xanh nguy hiểm');
  // Each directive is two changes: the task and its case group (conversations issue).
  await page.getByTestId('sync-pending').filter({ hasText: '4 thay đổi chờ gửi' }).waitFor();

  // Deploy the next version: the service worker script changes on the server.
  appendFileSync(join(clientRoot, 'sw.js'), '\n// next version\n');
  // A real deploy ships the build's compressed twins too (client/scripts/compress.mjs).
  compressFile(join(clientRoot, 'sw.js'));
  await context.setOffline(false); // the app looks for a new version when the network returns
  await page.getByText('Có phiên bản mới của ứng dụng.').waitFor({ timeout: 30_000 });
  await page.getByTestId('sync-pending').filter({ hasText: '4 thay đổi chờ gửi' }).waitFor();
  await screenshot(page, '14-desktop-update-available-with-waiting-edits');
  await page.getByRole('button', { name: 'Cập nhật' }).click();
  await page.waitForEvent('load');
  await page.getByTestId('sync-pending').filter({ hasText: '4 thay đổi chờ gửi' }).waitFor();
  const waiting = page.getByTestId('item-sync').filter({ hasText: 'Chỉ trên thiết bị này' });
  await waiting.nth(1).waitFor();
  expect(await waiting.count()).toBe(2);

  // Let the connection through: both edits reach the server.
  passThrough = true;
  for (const ws of held.splice(0)) await ws.close();
  await syncState(page, 'Đã đồng bộ');
  const ward2 = await phoneContext(rig.browser);
  const officer = await ward2.newPage();
  await signIn(officer, rig.server.url, 'benthanh.cv', DEMO_PASSWORD);
  await officer.goto(`${rig.server.url}/tasks`);
  await officer.getByTestId('task-list').getByText('Kiểm tra PCCC chợ Bến Thành').waitFor({ timeout: 30_000 });
  await officer.getByTestId('task-list').getByText('Thống kê cây xanh nguy hiểm').waitFor({ timeout: 30_000 });
  await screenshot(officer, '15-phone-inbox-after-update');
  await ward2.close();
  await context.close();
  await issuer.close();
});
