import { DEMO_PASSWORD } from '@thongsuot/shared';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { desktopContext, phoneContext, screenshot, signIn } from './support/browser.ts';
import { useRig } from './support/rig.ts';

// The city directory on the real server and the built PWA: the whole generated city (189 units,
// ~4,000 officials) on a phone, searched without diacritics, browsed as a tree, kept by a
// ward's directory admin offline, merged with a colleague's concurrent edit, and signing keys
// published for everyone.

let phone: BrowserContext;
let admin: Page;
let desk: BrowserContext;
let colleague: Page;

const rig = useRig('directory');

beforeAll(async () => {
  phone = await phoneContext(rig.browser);
  admin = await phone.newPage();
  desk = await desktopContext(rig.browser);
  colleague = await desk.newPage();
});

async function openDirectory(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Danh bạ' }).first().click();
  await page.getByRole('heading', { name: 'Danh bạ' }).waitFor();
  await page.getByLabel('Tìm theo tên, chức vụ, đơn vị hoặc số điện thoại').and(page.locator(':enabled')).waitFor({
    timeout: 30_000,
  });
}

async function search(page: Page, query: string): Promise<string[]> {
  if ((await page.getByLabel('Tìm theo tên, chức vụ, đơn vị hoặc số điện thoại').count()) === 0)
    await openDirectory(page);
  await page.getByLabel('Tìm theo tên, chức vụ, đơn vị hoặc số điện thoại').fill(query);
  // The list answers this query, not the one before it (the index answers from a worker).
  await page.locator(`[data-testid="found-count"][data-query="${query}"]`).waitFor();
  return page.getByTestId('people').locator('.person-name').allInnerTexts();
}

it('downloads the whole directory to a phone and finds people without diacritics, by position, unit or phone', async () => {
  await signIn(admin, rig.server.url, 'benthanh.cv', DEMO_PASSWORD);
  await openDirectory(admin);
  await expect.poll(() => admin.locator('.page-intro').innerText()).toMatch(/^[\d.]{5,} cán bộ trong danh bạ$/);
  await screenshot(admin, 'directory-tree-phone');
  // The tree: a closed group's units appear when it is opened, each a link to the unit's page.
  const wards = admin.locator('details.org-group').filter({ has: admin.locator('summary', { hasText: /^Phường \(/ }) });
  expect(await wards.getByRole('link').count()).toBe(0);
  await wards.locator('summary').click();
  await wards.getByRole('link', { name: 'Phường Bến Thành', exact: true }).click();
  await admin.getByRole('heading', { name: 'Phường Bến Thành' }).waitFor();
  await openDirectory(admin);

  expect((await search(admin, 'huynh thi ngoc lan'))[0]).toBe('Huỳnh Thị Ngọc Lan');
  expect((await search(admin, 'lan ngoc HUYNH'))[0]).toBe('Huỳnh Thị Ngọc Lan');
  expect((await search(admin, 'tran minh duc'))[0]).toBe('Trần Minh Đức'); // đ typed as d
  expect(await search(admin, '0908100008')).toEqual(['Huỳnh Thị Ngọc Lan']);
  await search(admin, 'pho chu tich ben thanh');
  const first = admin.getByTestId('people').locator('.person-row').first();
  await expect.poll(() => first.locator('.person-position').innerText()).toBe('Phó Chủ tịch UBND Phường Bến Thành');
  await screenshot(admin, 'directory-search-phone');

  // The person card: phone and email to tap, and what to do with a colleague.
  await search(admin, 'huynh thi ngoc lan');
  await admin.getByTestId('people').getByText('Huỳnh Thị Ngọc Lan').click();
  await admin.getByRole('heading', { name: 'Huỳnh Thị Ngọc Lan' }).waitFor();
  expect(await admin.getByRole('link', { name: '0908100008' }).getAttribute('href')).toBe('tel:0908100008');
  expect(await admin.getByRole('link', { name: 'benthanh@thongsuot.gov.vn' }).getAttribute('href')).toBe(
    'mailto:benthanh@thongsuot.gov.vn',
  );
  await admin.getByRole('link', { name: 'Nhắn tin' }).waitFor();
  await admin.getByRole('link', { name: 'Giao việc' }).waitFor();
  await screenshot(admin, 'directory-person-phone');
});

it('keeps working offline across a reload, and an admin edits the unit page offline; it reaches a colleague and merges with their edit', async () => {
  await signIn(colleague, rig.server.url, 'benthanh', DEMO_PASSWORD);
  await openDirectory(colleague);

  await phone.setOffline(true);
  await admin.reload();
  await openDirectory(admin);
  expect((await search(admin, 'huynh lan'))[0]).toBe('Huỳnh Thị Ngọc Lan');

  // The ward's directory admin, offline: a new colleague joins, and the Chairman's position changes.
  await search(admin, 'phuong ben thanh');
  await admin.getByRole('link', { name: 'Phường Bến Thành', exact: true }).click();
  await admin.getByRole('heading', { name: 'Phường Bến Thành' }).waitFor();
  await admin.getByRole('button', { name: 'Thêm cán bộ' }).click();
  await admin.getByLabel('Họ và tên').fill('Đặng Văn Đông');
  await admin.getByLabel('Chức vụ').fill('Chuyên viên Văn phòng');
  await admin.getByLabel('Điện thoại').fill('09 ab');
  await admin.getByRole('button', { name: 'Lưu' }).click();
  await admin.getByRole('alert').filter({ hasText: 'Số điện thoại không hợp lệ' }).waitFor();
  await admin.getByLabel('Điện thoại').fill('0912 345 678');
  await admin.getByRole('button', { name: 'Lưu' }).click();
  await admin.getByTestId('unit-sync-state').filter({ hasText: 'chưa gửi' }).waitFor();
  expect(await search(admin, 'dang van dong')).toEqual(['Đặng Văn Đông']);

  await admin.getByTestId('people').getByText('Đặng Văn Đông').click();
  await admin.getByRole('button', { name: 'Sửa thông tin' }).click();
  await admin.getByLabel('Chức vụ').fill('Phó Chánh Văn phòng');
  await admin.getByRole('button', { name: 'Lưu' }).click();
  await admin.getByText('Phó Chánh Văn phòng').first().waitFor();
  await screenshot(admin, 'directory-offline-edit-phone');

  // Meanwhile, online, the ward's Chairman changes her own phone on the same page.
  await search(colleague, 'huynh thi ngoc lan');
  await colleague.getByTestId('people').getByText('Huỳnh Thị Ngọc Lan').click();
  await colleague.getByRole('button', { name: 'Sửa thông tin' }).click();
  await colleague.getByLabel('Điện thoại').fill('0909 888 777');
  await colleague.getByRole('button', { name: 'Lưu' }).click();
  await colleague
    .getByTestId('unit-sync-state')
    .filter({ hasText: 'đã lưu trên máy chủ' })
    .waitFor({ timeout: 30_000 });

  // Back online: both edits on both devices.
  await phone.setOffline(false);
  await admin.getByTestId('unit-sync-state').filter({ hasText: 'đã lưu trên máy chủ' }).waitFor({ timeout: 30_000 });
  await openDirectory(admin);
  await search(admin, 'huynh thi ngoc lan');
  await admin.getByTestId('people').getByText('0909 888 777').waitFor({ timeout: 30_000 });
  await openDirectory(colleague);
  await search(colleague, 'dang van dong pho chanh');
  await colleague.getByTestId('people').getByText('Đặng Văn Đông').waitFor({ timeout: 30_000 });
  await screenshot(colleague, 'directory-merged-desktop');
});

it('publishes a signing key made on the device, for everyone to verify', async () => {
  await search(admin, 'bui van hung ben thanh');
  await admin.getByTestId('people').getByText('Bùi Văn Hùng').click();
  await admin.getByRole('button', { name: 'Tạo khóa ký cho thiết bị này' }).click();
  await admin
    .getByTestId('public-keys')
    .getByText(/ECDSA-P256/)
    .waitFor();
  const fingerprint = await admin.getByTestId('public-keys').locator('code').innerText();
  expect(fingerprint).toMatch(/^Dấu vân tay ([0-9A-F]{2} ){7}[0-9A-F]{2}$/);
  await screenshot(admin, 'directory-signing-key-phone');

  await search(colleague, 'bui van hung ben thanh');
  await colleague.getByTestId('people').getByText('Bùi Văn Hùng').click();
  await colleague
    .getByTestId('public-keys')
    .locator('code')
    .filter({ hasText: fingerprint })
    .waitFor({ timeout: 30_000 });
  // Someone else's card: their keys to verify, none to create.
  expect(await colleague.getByRole('button', { name: 'Tạo khóa ký cho thiết bị này' }).count()).toBe(0);
});
