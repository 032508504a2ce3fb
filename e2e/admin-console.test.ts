// Issue 16 item 1, the administrator's console: on a 1280-px desktop the city's administrator
// imports HR's CSV of 500 new officials (a bad file first: every problem by line, nothing imported),
// downloads their temporary passwords, and finds one of them without diacritics. On a 360-px phone
// that official signs in with the temporary password and must set a new one. Then the administrator
// locks a ward specialist who is signed in on two phones: the connected one says "locked" within
// 5 s; the other, offline with a change not yet sent, says so when it is back online and keeps it.
import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD, foldVietnamese } from '@thongsuot/shared';
import { Random } from '@thongsuot/shared/generator/prng';
import { vietnameseName } from '@thongsuot/shared/generator/vietnamese-names';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, it, vi } from 'vitest';
import { desktopContext, phoneContext, screenshot, signIn, syncState } from './support/browser.ts';
import { useRig } from './support/rig.ts';

vi.setConfig({ testTimeout: 400_000 });

const rig = useRig('admin-console');
const opened: BrowserContext[] = [];
afterAll(async () => {
  for (const context of opened) await context.close();
});

const UNITS = ['Phường Bến Thành', 'Phường Sài Gòn', 'Xã Cần Giờ', 'Đặc khu Côn Đảo', 'Sở Nội vụ'];
const POSITIONS = ['Chuyên viên', 'Chuyên viên chính', 'Phó Trưởng phòng', 'Nhân viên', 'Trưởng phòng'];
const DIVISIONS = ['Văn phòng HĐND và UBND', 'Phòng Văn hóa - Xã hội', ''];

/** HR's export as Excel in vi-VN saves it: BOM, semicolons, Vietnamese headers. */
function hrCsv(count: number): string {
  const random = new Random(2026);
  const lines = ['Họ và tên;Đơn vị;Phòng/ban;Chức vụ;Điện thoại;Email'];
  for (let i = 0; i < count; i++) {
    const name = vietnameseName(random).fullName;
    const unit = UNITS[i % UNITS.length];
    lines.push(
      [name, unit, DIVISIONS[i % 3], POSITIONS[i % 5], `09${String(20_000_000 + i)}`, `cb${i}@hr.tphcm.gov.vn`].join(
        ';',
      ),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const BAD_CSV = [
  'Họ và tên;Đơn vị;Phòng/ban;Chức vụ;Điện thoại;Email',
  'Trần Văn Một;Phường Không Có;;Chuyên viên;;',
  ';Phường Bến Thành;;Chuyên viên;0908;',
  'Lê Thị Ba;Xã Cần Giờ;;Chuyên viên;;ba@x.vn',
  'Lê Thị Bốn;Xã Cần Giờ;;Chuyên viên;;ba@x.vn',
].join('\r\n');

async function page(kind: 'desktop' | 'phone'): Promise<Page> {
  const context = kind === 'desktop' ? await desktopContext(rig.browser) : await phoneContext(rig.browser);
  opened.push(context);
  return context.newPage();
}

/** Outbox entries in the page's local databases: changes made on the device and not yet acknowledged. */
function outboxCount(p: Page): Promise<number> {
  return p.evaluate(async () => {
    let total = 0;
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      if (db.objectStoreNames.contains('outbox')) {
        total += await new Promise<number>((resolve) => {
          const count = db.transaction('outbox').objectStore('outbox').count();
          count.onsuccess = () => resolve(count.result);
        });
      }
      db.close();
    }
    return total;
  });
}

let admin: Page;
let newcomer: { fullName: string; username: string; password: string };

it('imports 500 officials from HR’s CSV on a desktop, after a bad file is refused line by line', async () => {
  admin = await page('desktop');
  await signIn(admin, rig.server.url, 'quantri', DEMO_PASSWORD);
  await admin.getByRole('link', { name: 'Cài đặt' }).first().click();
  await admin.getByTestId('admin-console-link').click();
  await admin.getByRole('heading', { name: 'Quản trị hệ thống' }).waitFor();
  await admin.getByTestId('admin-accounts').waitFor();
  await screenshot(admin, 'admin-1-accounts-desktop', { fullPage: false });

  await admin.getByRole('button', { name: 'Nhập từ tệp CSV' }).click();
  const file = admin.getByLabel('Chọn tệp CSV');
  await file.setInputFiles({ name: 'loi.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_CSV) });
  const errors = admin.getByTestId('admin-import-errors');
  await errors.waitFor();
  await admin.getByText('Tệp có 4 lỗi; chưa nhập ai. Hãy sửa tệp rồi chọn lại.').waitFor();
  expect(await errors.locator('tbody tr').allInnerTexts()).toEqual([
    expect.stringMatching(/^2\s+Đơn vị\s+Không tìm thấy đơn vị “Phường Không Có”\.$/),
    expect.stringMatching(/^3\s+Họ và tên\s+Thiếu họ và tên\.$/),
    expect.stringMatching(/^3\s+Điện thoại\s+Số điện thoại “0908” không hợp lệ\.$/),
    expect.stringMatching(/^5\s+Email\s+Email “ba@x\.vn” trùng với dòng 4\.$/),
  ]);
  await screenshot(admin, 'admin-2-import-errors-desktop', { fullPage: true });

  await file.setInputFiles({ name: 'can-bo-moi.csv', mimeType: 'text/csv', buffer: Buffer.from(hrCsv(500)) });
  await admin.getByText('Sẵn sàng nhập 500 tài khoản').waitFor();
  await screenshot(admin, 'admin-3-import-ready-desktop', { fullPage: false });
  const started = Date.now();
  await admin.getByRole('button', { name: 'Nhập 500 tài khoản' }).click();
  await admin.getByText(/Đang tạo mật khẩu tạm và tài khoản: \d+\/500/).waitFor();
  await admin.getByText('Đã nhập 500 tài khoản trên máy chủ.').waitFor({ timeout: 300_000 });
  console.log(`500 accounts imported through the console in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await screenshot(admin, 'admin-4-import-done-desktop', { fullPage: false });

  const [download] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByRole('button', { name: 'Tải danh sách mật khẩu tạm' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^mat-khau-tam-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync(await download.path(), 'utf8');
  expect(text.startsWith('\uFEFFHọ và tên,Đơn vị,Tên đăng nhập,Mật khẩu tạm\r\n')).toBe(true);
  const rows = text
    .slice(1)
    .trimEnd()
    .split('\r\n')
    .slice(1)
    .map((line) => line.split(','));
  expect(rows).toHaveLength(500);
  expect(new Set(rows.map((r) => r[2])).size).toBe(500);
  const [fullName, unit, username, password] = rows[1] as string[];
  expect(unit).toBe('Phường Sài Gòn');
  expect(password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  newcomer = { fullName: fullName as string, username: username as string, password: password as string };

  // Found without diacritics, with the badge that says the temporary password is still unchanged.
  await admin.getByLabel('Tìm theo tên hoặc tên đăng nhập').fill(foldVietnamese(newcomer.fullName));
  const row = admin.getByTestId('admin-account-row').filter({ hasText: newcomer.username });
  await row.getByText('Chưa đổi mật khẩu tạm').waitFor();
  await row.getByText('Phường Sài Gòn').waitFor();
  await screenshot(admin, 'admin-5-search-desktop', { fullPage: false });
});

it('the new official signs in on a phone with the temporary password and must set a new one', async () => {
  const phone = await page('phone');
  await phone.goto(rig.server.url);
  await phone.getByLabel('Tên đăng nhập').fill(newcomer.username);
  await phone.getByLabel('Mật khẩu', { exact: true }).fill(newcomer.password);
  await phone.getByRole('button', { name: 'Đăng nhập' }).click();
  await phone.getByRole('heading', { name: 'Đặt mật khẩu mới' }).waitFor({ timeout: 30_000 });
  await screenshot(phone, 'admin-6-new-official-phone', { fullPage: false });
  await phone.getByLabel('Mật khẩu tạm (được cấp)').fill(newcomer.password);
  await phone.getByLabel('Mật khẩu mới', { exact: true }).fill('Phuong Sai Gon moi 2026');
  await phone.getByLabel('Nhập lại mật khẩu mới').fill('Phuong Sai Gon moi 2026');
  await phone.getByRole('button', { name: 'Lưu mật khẩu mới' }).click();
  await phone.getByRole('heading', { name: 'Việc đến' }).waitFor({ timeout: 30_000 });
});

it('locks a specialist signed in on two phones: the connected one says so within 5 s; the offline one keeps its unsent change', async () => {
  const connected = await page('phone');
  await signIn(connected, rig.server.url, 'benthanh.cv', DEMO_PASSWORD);
  await syncState(connected, 'Đã đồng bộ');
  const field = await page('phone');
  await signIn(field, rig.server.url, 'benthanh.cv', DEMO_PASSWORD);
  await syncState(field, 'Đã đồng bộ');

  // In the field, offline: he adds a colleague to his ward's directory page.
  await field.context().setOffline(true);
  await field.getByRole('link', { name: 'Danh bạ' }).first().click();
  await field.getByLabel('Tìm theo tên, chức vụ, đơn vị hoặc số điện thoại').fill('phuong ben thanh');
  await field.getByRole('link', { name: 'Phường Bến Thành', exact: true }).click();
  await field.getByRole('button', { name: 'Thêm cán bộ' }).click();
  await field.getByLabel('Họ và tên').fill('Đặng Văn Đông');
  await field.getByLabel('Chức vụ').fill('Chuyên viên Văn phòng');
  await field.getByRole('button', { name: 'Lưu' }).click();
  await field.getByTestId('unit-sync-state').filter({ hasText: 'chưa gửi' }).waitFor();
  expect(await outboxCount(field)).toBe(1);

  // The administrator finds him without diacritics and locks the account.
  await admin.getByRole('link', { name: 'Tài khoản', exact: true }).click();
  await admin.getByLabel('Tìm theo tên hoặc tên đăng nhập').fill('bui van hung');
  await admin.getByTestId('admin-account-row').filter({ hasText: 'benthanh.cv' }).getByRole('link').click();
  await admin.getByRole('heading', { name: 'Bùi Văn Hùng' }).waitFor();
  await admin.getByTestId('admin-devices').getByText('Đang kết nối').first().waitFor();
  await admin.getByRole('button', { name: 'Khóa tài khoản' }).click();
  await admin
    .getByRole('alertdialog')
    .getByText(/Khóa tài khoản của Bùi Văn Hùng\?/)
    .waitFor();
  await screenshot(admin, 'admin-7-lock-confirm-desktop', { fullPage: false });
  const clicked = Date.now();
  await admin.getByRole('alertdialog').getByRole('button', { name: 'Xác nhận' }).click();
  await admin.getByText('Đã khóa tài khoản trên máy chủ.').waitFor();

  await connected.getByText('Tài khoản của bạn đã bị khóa').waitFor({ timeout: 5000 });
  expect(Date.now() - clicked).toBeLessThan(5000);
  await screenshot(connected, 'admin-8-locked-phone', { fullPage: false });

  // Back online, the field phone learns it is locked, and the change it could not send is kept.
  await field.context().setOffline(false);
  const online = Date.now();
  await field.getByText('Tài khoản của bạn đã bị khóa').waitFor({ timeout: 5000 });
  expect(Date.now() - online).toBeLessThan(5000);
  expect(await outboxCount(field)).toBe(1);
  await screenshot(field, 'admin-9-locked-offline-change-kept-phone', { fullPage: false });
  await admin.getByText('Đã khóa', { exact: true }).first().waitFor();
});

it('works as cards on a 360-px phone for the administrator too', async () => {
  const phone = await page('phone');
  await signIn(phone, rig.server.url, 'quantri', DEMO_PASSWORD);
  await phone.goto(`${rig.server.url}/admin`);
  await phone.getByTestId('admin-accounts').waitFor();
  await screenshot(phone, 'admin-10-accounts-phone', { fullPage: false });
  await phone.getByLabel('Tìm theo tên hoặc tên đăng nhập').fill('bui van hung');
  await phone.getByTestId('admin-account-row').filter({ hasText: 'benthanh.cv' }).getByRole('link').click();
  await phone.getByRole('heading', { name: 'Bùi Văn Hùng' }).waitFor();
  await screenshot(phone, 'admin-11-account-phone', { fullPage: true });
  await phone.getByRole('link', { name: 'Đơn vị', exact: true }).click();
  await phone.getByTestId('admin-units').waitFor();
  await phone.getByRole('link', { name: 'Phường Sài Gòn' }).click();
  await phone.getByRole('combobox', { name: 'Đơn vị nhận sáp nhập' }).selectOption({ label: 'Phường Bến Thành' });
  await phone.getByRole('button', { name: 'Xem trước' }).click();
  await phone
    .getByRole('alertdialog')
    .getByText(/Sáp nhập Phường Sài Gòn vào Phường Bến Thành: \d+ người/)
    .waitFor();
  await screenshot(phone, 'admin-12-merge-confirm-phone', { fullPage: true });
  await phone.getByRole('alertdialog').getByRole('button', { name: 'Hủy' }).click();

  // Offline, the console says it needs the network rather than showing stale data.
  await phone.context().setOffline(true);
  await phone.getByText('Bảng quản trị cần kết nối mạng.').waitFor({ timeout: 15_000 });
  await screenshot(phone, 'admin-13-offline-phone', { fullPage: false });
});

it('the audit log shows the import, the lock and a failed sign-in; an inspector reads it on a phone and exports it', async () => {
  // Someone tries a ward chairman's account with a wrong password.
  const refused = await fetch(`${rig.server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'benthanh', password: 'doan-mo-mat-khau' }),
  });
  expect(refused.status).toBe(401);

  // The administrator, on the desktop: what administrators did today.
  await admin.getByRole('link', { name: 'Nhật ký', exact: true }).click();
  const panel = admin.getByTestId('audit-panel');
  await panel.getByLabel('Loại thao tác').selectOption({ label: 'Thao tác quản trị' });
  await panel.getByRole('button', { name: 'Lọc', exact: true }).click();
  const lines = panel.getByTestId('audit-line');
  await lines.filter({ hasText: 'admin.account.import' }).first().waitFor();
  await lines.filter({ hasText: 'admin.account.disable' }).first().waitFor();
  for (const text of await lines.allInnerTexts()) expect(text).toContain('admin.');
  await panel.getByText(/Nhật ký được lưu 730 ngày/).waitFor();
  await screenshot(admin, 'admin-14-audit-desktop', { fullPage: false });

  // The inspector, on a phone: only the log, filtered to failed sign-ins, exported as CSV.
  const inspector = await page('phone');
  await signIn(inspector, rig.server.url, 'thanhtra', DEMO_PASSWORD);
  await inspector.getByRole('link', { name: 'Cài đặt' }).first().click();
  await inspector.getByTestId('audit-log-link').click();
  const mine = inspector.getByTestId('audit-panel');
  await mine.waitFor();
  expect(await inspector.getByRole('link', { name: 'Tài khoản', exact: true }).count()).toBe(0);
  await mine.getByLabel('Loại thao tác').selectOption({ label: 'Đăng nhập sai' });
  await mine.getByRole('button', { name: 'Lọc', exact: true }).click();
  const failed = mine.getByTestId('audit-line').filter({ hasText: 'session.refused' });
  await failed.filter({ hasText: 'benthanh' }).first().waitFor();
  expect(await mine.getByTestId('audit-line').count()).toBe(await failed.count());
  await screenshot(inspector, 'admin-15-audit-inspector-phone', { fullPage: false });
  const [download] = await Promise.all([
    inspector.waitForEvent('download'),
    mine.getByRole('button', { name: 'Xuất CSV' }).click(),
  ]);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.startsWith('\uFEFFThời gian,Người thực hiện (tên đăng nhập),Đơn vị,Thao tác,Dữ liệu,Chi tiết\r\n')).toBe(
    true,
  );
  const rows = csv.trimEnd().split('\r\n').slice(1);
  expect(rows.length).toBe(await failed.count());
  expect(rows.every((row) => row.includes('session.refused'))).toBe(true);
});
