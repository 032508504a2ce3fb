import { DEMO_PASSWORD } from '@thongsuot/shared';
import type { BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { desktopContext, phoneContext, SCREENSHOTS, screenshot, signIn, syncState } from './support/browser.ts';
import { useRig } from './support/rig.ts';

let phone: BrowserContext;
let phonePage: Page;
let leaderPage: Page;

const TITLE = 'Kiểm tra an toàn phòng cháy chữa cháy chợ Bến Thành';
const URGE_TEXT = 'Đôn đốc Phường Bến Thành khẩn trương thực hiện nhiệm vụ';
const MENTION = '@Huynh Thi Ngoc Lan chị cho biết tiến độ trước 17 giờ nhé.';

const rig = useRig('notify');

it('offline, the ward leader misses a directive, an urge and a mention', async () => {
  phone = await phoneContext(rig.browser);
  phonePage = await phone.newPage();
  await signIn(phonePage, rig.server.url, 'benthanh', DEMO_PASSWORD);
  await syncState(phonePage, 'Đã đồng bộ');
  expect(await phonePage.getByTestId('notification-count').count()).toBe(0);
  await phone.setOffline(true);
  await syncState(phonePage, 'Ngoại tuyến');

  const desk = await desktopContext(rig.browser);
  leaderPage = await desk.newPage();
  await signIn(leaderPage, rig.server.url, 'chutich', DEMO_PASSWORD);
  await syncState(leaderPage, 'Đã đồng bộ');
  await leaderPage.goto(`${rig.server.url}/tasks/new`);
  await leaderPage.getByLabel('Tên nhiệm vụ').fill(TITLE);
  await leaderPage
    .getByLabel('Nội dung chỉ đạo')
    .fill('Rà soát lối thoát hiểm, bình chữa cháy và hệ thống điện của chợ.');
  const soon = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
  await leaderPage.getByLabel('Hạn xử lý').fill(soon);
  await leaderPage.getByLabel('Đơn vị nhận').selectOption({ label: 'Phường Bến Thành' });
  await leaderPage.getByRole('button', { name: 'Giao việc', exact: true }).click();
  await leaderPage.getByTestId('task-card').filter({ hasText: TITLE }).click();

  // The urge: an event in the task and a message in the case's thread with that ward; the row links to it.
  await leaderPage.getByRole('button', { name: 'Đôn đốc Phường Bến Thành' }).click();
  const link = leaderPage.getByTestId('assignment').filter({ hasText: 'Phường Bến Thành' }).getByTestId('urge-link');
  await link.waitFor();
  expect(await link.textContent()).toMatch(/Đã đôn đốc .* · xem trong trao đổi riêng/);
  await leaderPage.getByTestId('assignment').screenshot({ path: `${SCREENSHOTS}49-notify-leader-urge-row.png` });
  await link.click();
  await leaderPage.getByRole('heading', { name: TITLE }).waitFor();
  await leaderPage.getByTestId('thread-with').getByText('Trao đổi riêng với Phường Bến Thành').waitFor();
  await leaderPage.getByTestId('message').filter({ hasText: URGE_TEXT }).waitFor();
  await leaderPage.getByLabel('Nhập tin nhắn').fill(MENTION);
  await leaderPage.getByRole('button', { name: 'Gửi', exact: true }).click();
  await leaderPage.getByTestId('message').filter({ hasText: MENTION }).getByText('Đã lưu trên máy chủ').waitFor({
    timeout: 30_000,
  });
  await leaderPage.getByTestId('message').filter({ hasText: URGE_TEXT }).getByText('Đã lưu trên máy chủ').waitFor({
    timeout: 30_000,
  });
});

it('after reconnecting, her bell counts them and the notification center lists them', async () => {
  await phone.setOffline(false);
  await syncState(phonePage, 'Đã đồng bộ');
  const count = phonePage.getByTestId('notification-count');
  await count.filter({ hasText: '3' }).waitFor({ timeout: 30_000 });
  await screenshot(phonePage, '50-notify-phone-bell', { fullPage: false });

  await phonePage.getByTestId('notification-bell').click();
  await phonePage.getByRole('heading', { name: 'Thông báo' }).waitFor();
  const items = phonePage.getByTestId('notification');
  await items.nth(2).waitFor({ timeout: 30_000 });
  const kinds = await items.locator('.notification-kind').allTextContents();
  expect(kinds.map((k) => k.replace(' (chưa đọc)', ''))).toEqual([
    'Được nhắc đến trong trao đổi',
    'Được đôn đốc',
    'Nhiệm vụ mới được giao',
  ]);
  expect(await items.locator('.notification-title').allTextContents()).toEqual([TITLE, TITLE, TITLE]);
  await phonePage.getByTestId('notifications-summary').filter({ hasText: '3 thông báo chưa đọc' }).waitFor();
  await screenshot(phonePage, '51-notify-phone-center', { fullPage: false });
});

it('the mention opens the case group, where the urge message is there once; read marks stay', async () => {
  await phonePage.getByTestId('notification').filter({ hasText: 'Được nhắc đến' }).click();
  await phonePage.getByRole('heading', { name: TITLE }).waitFor();
  await phonePage.getByTestId('message').filter({ hasText: MENTION }).waitFor();
  expect(await phonePage.getByTestId('message').filter({ hasText: URGE_TEXT }).count()).toBe(1);
  await screenshot(phonePage, '52-notify-phone-case-group-urge', { fullPage: false });

  await phonePage.getByTestId('notification-count').filter({ hasText: '2' }).waitFor();
  await phonePage.getByTestId('notification-bell').click();
  await phonePage.getByRole('button', { name: 'Đánh dấu tất cả đã đọc' }).click();
  await phonePage.getByTestId('notifications-summary').filter({ hasText: '0 thông báo chưa đọc' }).waitFor();
  expect(await phonePage.getByTestId('notification-count').count()).toBe(0);
  // Read marks are in the person's doc, stored on the device: a reload keeps them.
  await phonePage.reload();
  await phonePage.getByTestId('notification').first().waitFor();
  expect(await phonePage.getByTestId('notification-count').count()).toBe(0);
});
