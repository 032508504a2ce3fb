import { DEMO_PASSWORD } from '@thongsuot/shared';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { desktopContext, phoneContext, screenshot, signIn, syncState } from './support/browser.ts';
import { useRig } from './support/rig.ts';

const TITLE = 'Khảo sát điểm ngập trên đường Lê Lợi';
const WARD = 'Phường Bến Thành';

const rig = useRig('e2e');

function card(page: Page, title: string) {
  return page.getByTestId('task-card').filter({ hasText: title });
}

it('a task created offline reaches another officer, survives restarts, and concurrent offline edits both survive', async () => {
  // B, a ward officer on a phone, is online and watching the task list.
  const phone = await phoneContext(rig.browser);
  const b = await phone.newPage();
  await signIn(b, rig.server.url, 'benthanh', DEMO_PASSWORD);
  await syncState(b, 'Đã đồng bộ');
  await b.evaluate(() => {
    (window as unknown as { marker: string }).marker = 'not reloaded';
  });

  // A, at the city office, loses the network and assigns a task to ward X.
  const desktop = await desktopContext(rig.browser);
  const a = await desktop.newPage();
  await signIn(a, rig.server.url, 'vanphong', DEMO_PASSWORD);
  await syncState(a, 'Đã đồng bộ');
  await desktop.setOffline(true);
  await syncState(a, 'Ngoại tuyến');
  await a.getByRole('link', { name: 'Nhiệm vụ', exact: true }).click();
  await a.getByRole('link', { name: '+ Giao việc' }).click();
  await a.getByLabel('Tên nhiệm vụ').fill(TITLE);
  await a.getByLabel('Đơn vị nhận').selectOption({ label: WARD });
  await a.getByRole('button', { name: 'Giao việc' }).click();
  await card(a, TITLE).getByText('Chỉ trên thiết bị này').waitFor();
  await a.getByTestId('sync-pending').filter({ hasText: 'thay đổi chờ gửi' }).waitFor();

  // Still offline, A reloads: the shell comes from the service worker, the task from IndexedDB.
  await a.reload();
  await card(a, TITLE).getByText('Chỉ trên thiết bị này').waitFor();
  await syncState(a, 'Ngoại tuyến');
  await screenshot(a, '01-officer-a-offline-after-reload');

  // The server dies hard and comes back while A is still offline.
  await rig.server.kill();
  await rig.server.start();

  // A is back online: the task is sent, stored, acknowledged ...
  await desktop.setOffline(false);
  await card(a, TITLE).getByText('Đã lưu trên máy chủ').waitFor({ timeout: 30_000 });
  await syncState(a, 'Đã đồng bộ');
  // ... and appears on B's phone without B reloading.
  await card(b, TITLE).waitFor({ timeout: 30_000 });
  expect(await b.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('not reloaded');
  await screenshot(b, '02-officer-b-phone-received');

  // Stored for real: after another crash, a colleague of B on a fresh device gets it from the server.
  await rig.server.kill();
  await rig.server.start();
  const fresh = await phoneContext(rig.browser);
  const c = await fresh.newPage();
  await signIn(c, rig.server.url, 'benthanh.cv', DEMO_PASSWORD);
  // A specialist: the ward's task is in the list of all tasks, not in his own to-do.
  await c.goto(`${rig.server.url}/tasks`);
  await card(c, TITLE).waitFor({ timeout: 30_000 });
  await fresh.close();
  await syncState(a, 'Đã đồng bộ');
  await syncState(b, 'Đã đồng bộ');

  // Both go offline and edit the same task.
  await desktop.setOffline(true);
  await phone.setOffline(true);
  await card(a, TITLE).getByRole('link').click();
  await a.getByLabel('Tên nhiệm vụ').fill(`${TITLE} (khẩn)`);
  await a.getByRole('button', { name: 'Lưu' }).first().click();
  await a.getByLabel('Đổi hạn').fill('2027-01-15');
  await a.getByRole('button', { name: 'Lưu' }).nth(1).click();
  await a.getByTestId('task-title').filter({ hasText: '(khẩn)' }).waitFor();

  await card(b, TITLE).getByRole('link').click();
  await b.getByLabel('Cập nhật tình trạng').selectOption({ label: 'Đang thực hiện' });
  await b.getByLabel('Nội dung báo cáo').fill('Đã cử cán bộ đi khảo sát, dự kiến xong trong tuần.');
  await b.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await b.getByTestId('reports').getByText('Đã cử cán bộ').waitFor();
  await b.getByTestId('item-sync').filter({ hasText: 'Chỉ trên thiết bị này' }).waitFor();

  // Reconnect: each sees the other's edits, and nothing was lost.
  await desktop.setOffline(false);
  await phone.setOffline(false);
  await b
    .getByTestId('task-title')
    .filter({ hasText: `${TITLE} (khẩn)` })
    .waitFor({ timeout: 30_000 });
  await b.getByTestId('task-deadline').filter({ hasText: '15/01/2027' }).waitFor({ timeout: 30_000 });
  await a.getByTestId('assignment-status').filter({ hasText: 'Đang thực hiện' }).waitFor({ timeout: 30_000 });
  await a.getByTestId('reports').getByText('Đã cử cán bộ đi khảo sát').waitFor({ timeout: 30_000 });
  // B opened the task, so A's badge goes past "saved" to "seen by the recipient".
  await a.getByTestId('item-sync').filter({ hasText: 'Người nhận đã xem' }).waitFor({ timeout: 30_000 });
  await b.getByTestId('item-sync').filter({ hasText: 'Người nhận đã xem' }).waitFor({ timeout: 30_000 });
  expect(await b.getByTestId('assignment-status').textContent()).toBe('Đang thực hiện');
  await screenshot(a, '03-officer-a-merged');
  await screenshot(b, '04-officer-b-phone-merged');
  await desktop.close();
  await phone.close();
});
