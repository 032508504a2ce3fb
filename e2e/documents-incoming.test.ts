// Issue 13, items 1 and 2: a ward clerk registers an incoming PDF with no network; it waits "Chờ
// cấp số" across a reload and gets the ward's incoming number when the network returns. The ward's
// chairman finds it in "Việc đến", instructs and assigns it (a task linked both ways), while the
// clerk, offline again, corrects its summary: both survive.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { screenshot, signedInPage, syncState } from './support/browser.ts';
import { pdf } from './support/pdf.ts';
import { useRig } from './support/rig.ts';

const rig = useRig('documents-incoming');
const contexts: BrowserContext[] = [];
afterAll(async () => {
  for (const c of contexts) await c.close();
});

const SUMMARY = 'V/v kiểm tra an toàn phòng cháy chữa cháy tại các chợ đêm';
const CORRECTED = 'V/v kiểm tra an toàn phòng cháy chữa cháy tại các chợ đêm trên địa bàn phường';
const FILE = 'Cong-van-125-UBND-PCCC-cho-dem.pdf';

let clerk: Page;
let chair: Page;

const device = (kind: 'phone' | 'desktop', username: string): Promise<Page> =>
  signedInPage(rig.browser, rig.server.url, kind, username, contexts);

it('a ward clerk registers an incoming PDF offline: "Chờ cấp số" across a reload, numbered on reconnecting', async () => {
  clerk = await device('phone', 'benthanh.cv');
  await clerk.goto(`${rig.server.url}/documents`);
  await clerk.getByTestId('register-incoming').waitFor({ timeout: 30_000 });
  await clerk.context().setOffline(true);
  await syncState(clerk, 'Ngoại tuyến');
  await clerk.getByTestId('register-incoming').click();
  // Every problem in Vietnamese next to its field.
  await clerk.getByRole('button', { name: 'Vào sổ', exact: true }).click();
  expect(await clerk.getByTestId('field-error').allTextContents()).toEqual([
    'Hãy nhập cơ quan ban hành.',
    'Hãy nhập số, ký hiệu.',
    'Hãy nhập trích yếu.',
  ]);
  await clerk.getByLabel('Cơ quan ban hành').fill('Ủy ban nhân dân Thành phố');
  await clerk.getByLabel('Số, ký hiệu').fill('125/UBND-VX');
  await clerk.getByLabel('Độ khẩn').selectOption({ label: 'Khẩn' });
  await clerk.getByLabel('Trích yếu').fill(SUMMARY);
  await clerk.getByTestId('attach-file').setInputFiles({
    name: FILE,
    mimeType: 'application/pdf',
    buffer: pdf('Cong van 125/UBND-VX: kiem tra PCCC cho dem'),
  });
  await clerk.getByTestId('attach-chosen').filter({ hasText: 'Cong-van-125' }).waitFor({ timeout: 30_000 });
  // Still offline, and the header says so (never "Đã đồng bộ" with no network).
  expect(await clerk.getByTestId('sync-state').textContent()).toContain('Ngoại tuyến');
  await screenshot(clerk, '95-clerk-phone-register-incoming');
  await clerk.getByRole('button', { name: 'Vào sổ', exact: true }).click();
  await clerk.getByRole('heading', { name: SUMMARY }).waitFor();
  await clerk.getByTestId('register-number').getByText('Chờ cấp số').waitFor();
  await clerk.getByText('Chỉ trên thiết bị này').first().waitFor();
  await clerk.reload();
  await clerk.getByRole('heading', { name: SUMMARY }).waitFor({ timeout: 30_000 });
  await clerk.getByTestId('register-number').getByText('Chờ cấp số').waitFor();
  await clerk.locator('.header-bell').waitFor({ timeout: 10_000 });
  await screenshot(clerk, '96-clerk-phone-awaiting-number-offline');

  await clerk.context().setOffline(false);
  await clerk
    .getByTestId('register-number')
    .getByText(/^Số đến 1\/\d{4}$/)
    .waitFor({ timeout: 30_000 });
  await clerk.getByText('Đã lưu trên máy chủ').first().waitFor({ timeout: 30_000 });
  await screenshot(clerk, '97-clerk-phone-numbered');

  // The register (sổ văn bản đến) for the last 30 days, as a CSV Excel opens with Vietnamese intact.
  await clerk.getByRole('link', { name: /Danh sách văn bản đến/ }).click();
  await clerk.getByText('Xuất sổ văn bản đến (CSV)').click();
  const [download] = await Promise.all([clerk.waitForEvent('download'), clerk.getByTestId('export-register').click()]);
  expect(download.suggestedFilename()).toMatch(/^so-van-ban-den-\d{4}-\d{2}-\d{2}-den-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString('utf8').slice(1).split('\r\n');
  expect(lines[0]).toBe(
    'Số đến,Ngày đến,Tác giả,"Số, ký hiệu",Ngày văn bản,Tên loại và trích yếu nội dung,Đơn vị hoặc người nhận (chủ trì),Ghi chú',
  );
  expect(lines[1]).toMatch(
    new RegExp(
      `^1/\\d{4},"\\d{2}:\\d{2}, \\d{2}/\\d{2}/\\d{4}",Ủy ban nhân dân Thành phố,125/UBND-VX,\\d{2}/\\d{2}/\\d{4},Công văn: ${SUMMARY},,Chờ xử lý$`,
    ),
  );
});

it('the chairman finds it in "Việc đến", instructs and assigns it while the clerk corrects it offline; both survive', async () => {
  chair = await device('phone', 'benthanh');
  await chair
    .getByTestId('documents-waiting-incoming')
    .getByText('Văn bản đến chờ xử lý: 1')
    .click({ timeout: 30_000 });
  await chair.getByTestId('document').filter({ hasText: SUMMARY }).click();
  await chair.getByRole('heading', { name: SUMMARY }).waitFor();
  await chair.getByTestId('attachment').filter({ hasText: 'Cong-van-125' }).waitFor();

  // The clerk, offline again, corrects the summary meanwhile.
  await clerk.getByTestId('document').filter({ hasText: SUMMARY }).click();
  await clerk.getByRole('heading', { name: SUMMARY }).waitFor();
  await clerk.context().setOffline(true);
  await syncState(clerk, 'Ngoại tuyến');
  await clerk.getByText('Sửa trích yếu').click();
  await clerk.getByLabel('Trích yếu mới').fill(CORRECTED);
  await clerk.getByRole('button', { name: 'Lưu trích yếu' }).click();
  await clerk.getByRole('heading', { name: CORRECTED }).waitFor();
  // Saved on the device: the correction form closes.
  await clerk.getByRole('button', { name: 'Lưu trích yếu' }).waitFor({ state: 'hidden' });

  await chair.getByLabel('Ý kiến chỉ đạo').fill('Giao đồng chí Hùng chủ trì kiểm tra 5 chợ đêm, báo cáo kết quả.');
  await chair.getByLabel('Chủ trì').selectOption({ label: 'Bùi Văn Hùng · Chuyên viên' });
  await screenshot(chair, '98-chair-phone-instruction');
  await chair.getByRole('button', { name: 'Giao việc theo văn bản' }).click();
  // The task it created, linked back to the document.
  await chair.getByTestId('task-title').getByText(SUMMARY).waitFor({ timeout: 30_000 });
  await chair.getByText('125/UBND-VX').first().waitFor();
  // Given at the ward's own level, by its chairman, from the document.
  await chair.getByText('Phường, xã, đặc khu', { exact: true }).waitFor();
  await chair.getByTestId('issued-by').getByText('Huỳnh Thị Ngọc Lan · Phường Bến Thành').waitFor();
  await chair.getByTestId('source-document').waitFor();
  await chair.goBack();
  await chair.getByTestId('instruction').waitFor({ timeout: 30_000 });
  await chair.getByTestId('instruction').getByText('Giao đồng chí Hùng chủ trì').waitFor();
  await chair
    .getByTestId('instruction-people')
    .getByText(/^Chủ trì: Bùi Văn Hùng · Hạn xử lý: \d{2}\/\d{2}\/\d{4}$/)
    .waitFor();

  await clerk.context().setOffline(false);
  await syncState(clerk, 'Đã đồng bộ');
  // The clerk (who leads the work now) sees the instruction; the chairman, nothing lost.
  await clerk.getByTestId('instruction').waitFor({ timeout: 30_000 });
  await chair.getByRole('heading', { name: CORRECTED }).waitFor({ timeout: 30_000 });
  await clerk.getByTestId('instruction-task').click();
  await clerk.getByTestId('task-title').getByText(SUMMARY).waitFor({ timeout: 30_000 });
  await screenshot(clerk, '99-clerk-phone-task-from-document');
  await chair
    .getByTestId('register-number')
    .getByText(/^Số đến 1\/\d{4}$/)
    .waitFor();
  await screenshot(chair, '100-chair-phone-document-instructed');
});
