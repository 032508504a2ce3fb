import { DEMO_PASSWORD } from '@thongsuot/shared';
import type { BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { desktopContext, phoneContext, SCREENSHOTS, screenshot, signIn, syncState } from './support/browser.ts';
import { useRig } from './support/rig.ts';

let phone: BrowserContext;
let phonePage: Page;
let desk: BrowserContext;
let deskPage: Page;

const FIRST = 'Chào anh Khang, chiều nay phường Bến Thành họp giao ban lúc 14 giờ.';
const OFFLINE = ['Mất sóng ở khu phố 3, em gửi tạm báo cáo nhanh.', 'Đã dọn xong 5 điểm rác tồn đọng.'];
const CASE_TITLE = 'Giải tỏa lấn chiếm vỉa hè tuyến Lê Lợi';
const CASE_MESSAGE = 'Đề nghị hai phường thống nhất phương án trước thứ Sáu.';
const GROUP_TITLE = 'Tổ công tác phòng chống bão số 9';
const NEWS_TITLE = 'Bão số 9 đổ bộ đêm nay: triển khai phương án phòng chống';
const WHILE_OFFLINE = 'Nhận được, chị gửi thêm ảnh hiện trường khi có mạng nhé.';

const rig = useRig('chat');

function texts(page: Page): Promise<string[]> {
  return page.getByTestId('message').locator('.message-text').allTextContents();
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel('Nhập tin nhắn').fill(text);
  await page.getByRole('button', { name: 'Gửi', exact: true }).click();
  await page.getByTestId('message').filter({ hasText: text }).waitFor();
}

/**
 * The month logs of the conversations on the device, from the summary rows the app keeps with
 * them (IndexedDB `convLogs`): messages live in `convlog/<id>_<YYYYMM>` docs, not in `conv/<id>`.
 */
function monthRows(page: Page): Promise<{ docId: string; period: string; count: number }[]> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name ?? '');
    const name = names.find((n) => n.startsWith('thongsuot-')) ?? '';
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const rows = await new Promise<{ docId: string; period: string; count: number }[]>((resolve, reject) => {
      const request = db.transaction('convLogs').objectStore('convLogs').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return rows.map(({ docId, period, count }) => ({ docId, period, count }));
  });
}

it('a ward leader writes from the directory card; the other sees it unread and reads it', async () => {
  phone = await phoneContext(rig.browser);
  phonePage = await phone.newPage();
  await signIn(phonePage, rig.server.url, 'benthanh', DEMO_PASSWORD);
  desk = await desktopContext(rig.browser);
  deskPage = await desk.newPage();
  await signIn(deskPage, rig.server.url, 'saigon', DEMO_PASSWORD);
  await syncState(phonePage, 'Đã đồng bộ');

  // From the person's card in the directory on the device: "Nhắn tin".
  await phonePage.getByRole('link', { name: 'Danh bạ' }).first().click();
  const find = phonePage.getByLabel('Tìm theo tên, chức vụ, đơn vị hoặc số điện thoại');
  await find.and(phonePage.locator(':enabled')).waitFor({ timeout: 30_000 });
  await find.fill('do minh khang');
  await phonePage.getByTestId('people').getByText('Đỗ Minh Khang').click();
  await phonePage.getByRole('link', { name: 'Nhắn tin' }).click();
  await phonePage.getByRole('heading', { name: 'Đỗ Minh Khang' }).waitFor({ timeout: 30_000 });
  expect(phonePage.url()).toContain('/conversations?with=u-saigon');
  await send(phonePage, FIRST);
  const first = phonePage.getByTestId('message').filter({ hasText: FIRST });
  await first.getByText('Đã lưu trên máy chủ').waitFor({ timeout: 30_000 });

  await deskPage.goto(`${rig.server.url}/conversations`);
  const item = deskPage.getByTestId('conversation').filter({ hasText: FIRST });
  await item.waitFor({ timeout: 30_000 });
  expect(await item.getByTestId('unread').textContent()).toBe('1');
  await item.click();
  await deskPage.getByTestId('message').filter({ hasText: FIRST }).waitFor();
  await first.getByText(/Đã xem: Đỗ Minh Khang/).waitFor({ timeout: 30_000 });
  await screenshot(phonePage, '40-chat-phone-read-receipt', { fullPage: false });
});

it('offline, the phone keeps writing; its messages wait on the device while the other writes too', async () => {
  await phone.setOffline(true);
  await syncState(phonePage, 'Ngoại tuyến');
  for (const text of OFFLINE) await send(phonePage, text);
  for (const text of OFFLINE) {
    await phonePage.getByTestId('message').filter({ hasText: text }).getByText('Chỉ trên thiết bị này').waitFor();
  }
  await send(deskPage, WHILE_OFFLINE);
  await screenshot(phonePage, '41-chat-phone-offline-waiting', { fullPage: false });
  expect(await texts(phonePage)).toEqual([FIRST, ...OFFLINE]);
});

it('after reconnecting every message is there once, in the same order, with receipts', async () => {
  await phone.setOffline(false);
  await syncState(phonePage, 'Đã đồng bộ');
  await phonePage.getByTestId('message').filter({ hasText: WHILE_OFFLINE }).waitFor({ timeout: 30_000 });
  for (const text of OFFLINE) {
    await deskPage.getByTestId('message').filter({ hasText: text }).waitFor({ timeout: 30_000 });
    await phonePage
      .getByTestId('message')
      .filter({ hasText: text })
      .getByText(/Đã xem: Đỗ Minh Khang/)
      .waitFor({ timeout: 30_000 });
  }
  const onPhone = await texts(phonePage);
  const onDesk = await texts(deskPage);
  expect(onPhone).toHaveLength(4);
  expect(new Set(onPhone).size).toBe(4);
  expect([...onPhone].sort()).toEqual([FIRST, ...OFFLINE, WHILE_OFFLINE].sort());
  expect(onDesk).toEqual(onPhone);
  // What the phone wrote offline stays in the order it was written.
  expect(onPhone.indexOf(OFFLINE[0] ?? '')).toBeLessThan(onPhone.indexOf(OFFLINE[1] ?? ''));
  // Filed by month on both devices (Vietnam time), none in the head doc.
  for (const page of [phonePage, deskPage]) {
    const rows = await monthRows(page);
    expect(rows.every((r) => r.docId.startsWith('convlog/') && /^\d{6}$/.test(r.period))).toBe(true);
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(4);
  }
  // The desk's own message is read by the phone, which had the conversation open.
  await deskPage
    .getByTestId('message')
    .filter({ hasText: WHILE_OFFLINE })
    .getByText(/Đã xem: Huỳnh Thị Ngọc Lan/)
    .waitFor({ timeout: 30_000 });
  await screenshot(phonePage, '42-chat-phone-after-reconnect', { fullPage: false });

  // Across a reload, the same messages in the same order, and nothing waits any more.
  await phonePage.reload();
  await phonePage.getByTestId('message').first().waitFor();
  expect(await texts(phonePage)).toEqual(onPhone);
  expect(await phonePage.locator('[data-state=local]').count()).toBe(0);
  await phonePage.goto(`${rig.server.url}/conversations`);
  const item = phonePage.getByTestId('conversation').filter({ hasText: 'Đỗ Minh Khang' });
  await item.waitFor();
  expect(await item.getByTestId('unread').count()).toBe(0);
  await screenshot(phonePage, '43-chat-phone-list', { fullPage: false });
});

it('a directive comes with its case group, and an announcement reaches the ward leader who was offline', async () => {
  await phone.setOffline(true);
  await syncState(phonePage, 'Ngoại tuyến');
  const leader = await desktopContext(rig.browser);
  const leaderPage = await leader.newPage();
  await signIn(leaderPage, rig.server.url, 'chutich', DEMO_PASSWORD);
  await syncState(leaderPage, 'Đã đồng bộ');
  await leaderPage.goto(`${rig.server.url}/tasks/new`);
  await leaderPage.getByLabel('Tên nhiệm vụ').fill(CASE_TITLE);
  await leaderPage.getByLabel('Nội dung chỉ đạo').fill('Hai phường phối hợp giải tỏa lấn chiếm vỉa hè tuyến Lê Lợi.');
  const soon = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  await leaderPage.getByLabel('Hạn xử lý').fill(soon);
  await leaderPage.getByLabel('Đơn vị nhận').selectOption({ label: 'Phường Bến Thành' });
  await leaderPage.getByLabel('Đơn vị nhận').selectOption({ label: 'Phường Sài Gòn' });
  await leaderPage.getByRole('button', { name: 'Giao việc', exact: true }).click();
  await leaderPage.getByTestId('task-card').filter({ hasText: CASE_TITLE }).click();
  await leaderPage.getByTestId('case-group-link').click();
  await leaderPage.getByRole('heading', { name: CASE_TITLE }).waitFor();
  await send(leaderPage, CASE_MESSAGE);

  // Item 1: a task assigned from inside the case group, prefilled from it (the last message as
  // its title, the directive's recipient units), lands back in the group as a message linking it.
  await leaderPage.getByTestId('assign-task').click();
  await leaderPage.getByText('Giao việc từ cuộc trao đổi').waitFor();
  expect(await leaderPage.getByLabel('Tên nhiệm vụ').inputValue()).toBe(CASE_MESSAGE);
  await leaderPage.getByLabel('Nội dung chỉ đạo').fill('Hai phường gửi phương án chung về Văn phòng trước thứ Sáu.');
  await leaderPage.getByLabel('Hạn xử lý').fill(soon);
  await leaderPage.screenshot({ path: `${SCREENSHOTS}44a-chat-leader-assign-from-case-group.png` });
  await leaderPage.getByRole('button', { name: 'Giao việc', exact: true }).click();
  await leaderPage.getByRole('heading', { name: CASE_TITLE }).waitFor();
  const assigned = leaderPage.getByTestId('message').filter({ hasText: `Đã giao việc: ${CASE_MESSAGE}` });
  await assigned.waitFor();
  await leaderPage.screenshot({ path: `${SCREENSHOTS}44b-chat-leader-task-message.png` });
  await assigned.locator('.message-task').click();
  await leaderPage.getByRole('heading', { name: CASE_MESSAGE }).waitFor();
  await leaderPage.getByText('Phường Sài Gòn').first().waitFor();
  await leaderPage.goBack();
  await leaderPage.getByRole('heading', { name: CASE_TITLE }).waitFor();

  // The online ward leader is in it at once; the offline one finds it on reconnecting.
  await deskPage.goto(`${rig.server.url}/conversations`);
  await deskPage.getByTestId('conversation').filter({ hasText: CASE_TITLE }).waitFor({ timeout: 30_000 });
  await phone.setOffline(false);
  await phonePage.goto(`${rig.server.url}/conversations`);
  const item = phonePage.getByTestId('conversation').filter({ hasText: CASE_TITLE });
  await item.waitFor({ timeout: 30_000 });
  // The leader's message and the one linking the task assigned from the group.
  expect(await item.getByTestId('unread').textContent()).toBe('2');
  await screenshot(phonePage, '44-chat-phone-case-group-in-list', { fullPage: false });
  await item.click();
  await phonePage.getByTestId('message').filter({ hasText: CASE_MESSAGE }).first().waitFor();
  await phonePage.getByTestId('message').filter({ hasText: 'Đã giao việc:' }).locator('.message-task').waitFor();
  await phonePage.getByText(/\d+ thành viên/).waitFor();
  await screenshot(phonePage, '45-chat-phone-case-group', { fullPage: false });

  // Item 6, second half: an announcement reaches a ward leader who was offline when it was sent.
  await phone.setOffline(true);
  await syncState(phonePage, 'Ngoại tuyến');
  await leaderPage.goto(`${rig.server.url}/conversations/announcements`);
  await leaderPage.getByText('Đăng thông báo').click();
  await leaderPage.getByLabel('Tiêu đề thông báo').fill(NEWS_TITLE);
  await leaderPage.getByLabel('Nội dung').fill('Các đơn vị chủ động sơ tán dân ở khu vực nguy hiểm trước 18 giờ.');
  await leaderPage.getByLabel('Mức độ').selectOption({ label: 'Khẩn' });
  await leaderPage.getByLabel('Gửi đến').selectOption({ label: 'Các phường, xã, đặc khu' });
  await screenshot(leaderPage, '46a-chat-publish-form');
  await leaderPage.getByRole('button', { name: 'Đăng', exact: true }).click();
  await leaderPage.getByTestId('announcement').filter({ hasText: NEWS_TITLE }).waitFor();
  await syncState(leaderPage, 'Đã đồng bộ');

  await phone.setOffline(false);
  // Notifications are not allowed in this browser: the news shows inside the app, on any page.
  await phonePage.goto(rig.server.url);
  await phonePage.getByTestId('news-notice').filter({ hasText: NEWS_TITLE }).waitFor({ timeout: 30_000 });
  await screenshot(phonePage, '46-chat-phone-announcement-notice', { fullPage: false });
  await phonePage.goto(`${rig.server.url}/conversations`);
  const link = phonePage.getByTestId('announcements-link');
  await link.getByText('1 mới').waitFor({ timeout: 30_000 });
  await screenshot(phonePage, '47-chat-phone-announcement-waiting', { fullPage: false });
  await link.click();
  const news = phonePage.getByTestId('announcement').filter({ hasText: NEWS_TITLE });
  await news.waitFor();
  expect(await news.getAttribute('data-new')).toBe('true');
  await news.getByText('Khẩn').waitFor();
  await screenshot(phonePage, '48-chat-phone-announcement', { fullPage: false });
  // Seen once: the count goes.
  await phonePage.goto(`${rig.server.url}/conversations`);
  await phonePage.getByTestId('announcements-link').waitFor();
  expect(await phonePage.getByTestId('announcements-link').getByText('1 mới').count()).toBe(0);
  await leader.close();
});

it('a group started from the directory on the device reaches its members', async () => {
  await deskPage.goto(`${rig.server.url}/conversations`);
  await deskPage.getByRole('link', { name: 'Tạo nhóm trao đổi' }).click();
  await deskPage.getByLabel('Tên nhóm').fill(GROUP_TITLE);
  await deskPage.getByLabel('Tìm người (gõ không dấu cũng được)').fill('huynh thi ngoc lan');
  await deskPage
    .getByLabel(/Huỳnh Thị Ngọc Lan/)
    .first()
    .check();
  await deskPage.getByTestId('group-chosen').getByText('Huỳnh Thị Ngọc Lan').waitFor();
  await screenshot(deskPage, '49a-chat-new-group-form');
  await deskPage.getByRole('button', { name: 'Tạo nhóm' }).click();
  await deskPage.getByRole('heading', { name: GROUP_TITLE }).waitFor();
  await send(deskPage, 'Nhóm này để điều phối lực lượng hai phường khi có bão.');

  await phonePage.goto(`${rig.server.url}/conversations`);
  const item = phonePage.getByTestId('conversation').filter({ hasText: GROUP_TITLE });
  await item.waitFor({ timeout: 30_000 });
  expect(await item.getByTestId('unread').textContent()).toBe('1');
  await phonePage.getByTestId('unread-messages').waitFor();
  await screenshot(phonePage, '49-chat-phone-group-in-list', { fullPage: false });
  await phone.close();
  await desk.close();
});
