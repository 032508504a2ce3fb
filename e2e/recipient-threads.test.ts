// Issue 17, items 7 and 11: a recipient shows "Đã nhận" only once the work reached a device on its
// side (never the moment it is issued), and an urge to one ward goes to the case's thread with that
// ward — its leaders and the issuer side — not to every recipient. The thread is started by either
// side, even both at once while one is offline; nothing is lost and nobody else reads it.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { screenshot, signedInPage, syncState } from './support/browser.ts';
import { useRig } from './support/rig.ts';

const rig = useRig('recipient-threads');
const contexts: BrowserContext[] = [];
afterAll(async () => {
  for (const c of contexts) await c.close();
});

const TITLE = 'Kiểm tra an toàn phòng cháy chợ đêm';
const URGE = 'Đôn đốc Phường Bến Thành khẩn trương thực hiện';
const QUESTION = 'Phường xin hỏi: có cần báo cáo kèm ảnh hiện trường không ạ?';

const device = (kind: 'phone' | 'desktop', username: string): Promise<Page> =>
  signedInPage(rig.browser, rig.server.url, kind, username, contexts);

const row = (page: Page, unit: string) => page.getByTestId('assignment').filter({ hasText: unit });

let leader: Page;

it('a directive reads "Chưa nhận" per ward until a device of that ward has it', async () => {
  leader = await device('phone', 'chutich');
  await leader.goto(`${rig.server.url}/tasks/new`);
  await leader.getByLabel('Tên nhiệm vụ').fill(TITLE);
  await leader.getByLabel('Nội dung chỉ đạo').fill('Rà soát lối thoát hiểm, bình chữa cháy, điện của các sạp.');
  await leader.getByLabel('Hạn xử lý').fill(new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10));
  await leader.getByLabel('Đơn vị nhận').selectOption({ label: 'Phường Bến Thành' });
  await leader.getByLabel('Đơn vị nhận').selectOption({ label: 'Phường Sài Gòn' });
  await leader.getByRole('button', { name: 'Giao việc', exact: true }).click();
  const card = leader.getByTestId('task-card').filter({ hasText: TITLE });
  await card.getByText('Đã lưu trên máy chủ').waitFor({ timeout: 30_000 });
  // Issued and saved, yet no ward has it: the card says so, never "Đã nhận".
  await card.getByText('Chưa nhận 2').waitFor();
  await card.click();
  await leader.getByRole('heading', { name: TITLE }).waitFor();
  await row(leader, 'Phường Bến Thành').getByText('Chưa nhận', { exact: true }).waitFor();
  await row(leader, 'Phường Sài Gòn').getByText('Chưa nhận', { exact: true }).waitFor();
  await screenshot(leader, '90-leader-phone-not-yet-received');

  // Sài Gòn's chairman signs in on his desk: the work reaches his device, and the Chairman sees it.
  const saigon = await device('desktop', 'saigon');
  await saigon.getByTestId('inbox-list').getByText(TITLE).waitFor({ timeout: 30_000 });
  await row(leader, 'Phường Sài Gòn').getByText('Đã nhận', { exact: true }).waitFor({ timeout: 30_000 });
  expect(await row(leader, 'Phường Bến Thành').getByText('Chưa nhận', { exact: true }).count()).toBe(1);
  await screenshot(leader, '91-leader-phone-received-by-one-ward');
});

it('an urge made offline goes to the ward’s thread; the ward, starting it at the same time, asks there; both arrive', async () => {
  const ward = await device('phone', 'benthanh');
  await ward.getByTestId('inbox-list').getByText(TITLE).click();
  await ward.getByRole('heading', { name: TITLE }).waitFor();
  await row(leader, 'Phường Bến Thành').getByText('Đã xem', { exact: true }).waitFor({ timeout: 30_000 });

  // The Chairman urges with no network, and reloads at once: the urge and its message survive.
  await leader.context().setOffline(true);
  await syncState(leader, 'Ngoại tuyến');
  await leader.getByRole('button', { name: 'Đôn đốc Phường Bến Thành' }).click();
  // Reloaded the moment the urge shows on the row: its message may not be written yet.
  await row(leader, 'Phường Bến Thành').getByTestId('urge-link').waitFor();
  await leader.reload();
  await leader.getByRole('heading', { name: TITLE }).waitFor();
  await row(leader, 'Phường Bến Thành').getByTestId('urge-link').click();
  await leader.getByTestId('thread-with').getByText('Trao đổi riêng với Phường Bến Thành').waitFor();
  const urged = leader.getByTestId('message').filter({ hasText: URGE });
  await urged.waitFor({ timeout: 30_000 });
  await urged.getByText('Chỉ trên thiết bị này').waitFor();

  // Meanwhile the ward starts the same thread from its side and asks the issuer.
  await ward.getByRole('button', { name: 'Trao đổi riêng với đơn vị giao việc' }).click();
  await ward.getByTestId('thread-with').getByText('Trao đổi riêng với Phường Bến Thành').waitFor();
  await ward.getByLabel('Nhập tin nhắn').fill(QUESTION);
  await ward.getByRole('button', { name: 'Gửi', exact: true }).click();
  await ward.getByTestId('message').filter({ hasText: QUESTION }).getByText('Đã lưu trên máy chủ').waitFor({
    timeout: 30_000,
  });

  // The Chairman's network returns: the two starts merge, nothing is refused, both messages are on both.
  await leader.context().setOffline(false);
  await syncState(leader, 'Đã đồng bộ');
  await leader.getByTestId('message').filter({ hasText: QUESTION }).waitFor({ timeout: 30_000 });
  await urged.and(leader.locator('[data-state="saved"], [data-state="read"]')).waitFor({ timeout: 30_000 });
  expect(await leader.locator('.notice-error[role=alert]').count()).toBe(0);
  await ward.getByTestId('message').filter({ hasText: URGE }).waitFor({ timeout: 30_000 });
  await screenshot(leader, '92-leader-phone-thread-with-ward');
  await screenshot(ward, '93-ward-phone-thread-with-issuer');
});

it('another ward’s chairman has no part of it: his list holds the case group only', async () => {
  const saigon = await device('desktop', 'saigon');
  await saigon.goto(`${rig.server.url}/conversations`);
  const list = saigon.getByTestId('conversation-list');
  await list.getByTestId('conversation').filter({ hasText: TITLE }).first().waitFor({ timeout: 30_000 });
  // Synced (the thread has existed on the relay since before this device connected), and not in it.
  await syncState(saigon, 'Đã đồng bộ');
  const titles = await list.getByTestId('conversation').allTextContents();
  expect(titles.filter((t) => t.includes(TITLE))).toHaveLength(1);
  expect(titles.some((t) => t.includes('Trao đổi riêng') || t.includes(URGE))).toBe(false);
  await screenshot(saigon, '94-other-ward-desk-case-group-only');
});
