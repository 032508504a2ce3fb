// Issue 13, items 3–5: a ward specialist drafts the reply to Phường Sài Gòn on a desktop and submits
// it to the ward's deputy chairman (review) and chairman (signing). The deputy, on a phone with no
// network, approves — the signature made on the device, kept across a reload — and it reaches the
// relay when the network returns; the chairman signs; the clerk issues it and the relay gives the
// outgoing number; the signatures verify on the device and with `pnpm verify-document`; Phường Sài
// Gòn's clerk finds it waiting in "Việc đến" and registers it, pre-filled, as incoming.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { screenshot, signedInPage, syncState } from './support/browser.ts';
import { pdf } from './support/pdf.ts';
import { useRig } from './support/rig.ts';

const rig = useRig('documents-outgoing');
const contexts: BrowserContext[] = [];
afterAll(async () => {
  for (const c of contexts) await c.close();
});

const SUMMARY = 'V/v báo cáo kết quả kiểm tra phòng cháy chữa cháy tại chợ đêm Bến Thành';
const BODY =
  'Kính gửi: Ủy ban nhân dân Phường Sài Gòn.\nThực hiện Công văn số 125/UBND-VX, Ủy ban nhân dân Phường Bến Thành đã kiểm tra 5 chợ đêm; kết quả như báo cáo đính kèm.';

let drafter: Page;

const device = (kind: 'phone' | 'desktop', username: string): Promise<Page> =>
  signedInPage(rig.browser, rig.server.url, kind, username, contexts);

it('a specialist drafts the reply and submits it to the deputy chairman and the chairman', async () => {
  drafter = await device('desktop', 'benthanh.vhxh');
  await drafter.goto(`${rig.server.url}/documents/outgoing`);
  await drafter.getByTestId('draft-outgoing').click({ timeout: 30_000 });
  await drafter.getByTestId('save-draft').click();
  expect(await drafter.getByTestId('field-error').allTextContents()).toEqual([
    'Hãy nhập ký hiệu.',
    'Hãy nhập trích yếu.',
    'Hãy chọn ít nhất một nơi nhận.',
  ]);
  await drafter.getByLabel('Ký hiệu (số do văn thư cấp khi phát hành)').fill('UBND-VHXH');
  await drafter.getByLabel('Trích yếu').fill(SUMMARY);
  await drafter.getByLabel('Nội dung').fill(BODY);
  await drafter.getByPlaceholder('Tìm đơn vị nhận').fill('sai gon');
  await drafter.getByRole('button', { name: '+ Phường Sài Gòn' }).click();
  await drafter.getByTestId('recipient-chips').getByText('Phường Sài Gòn').waitFor();
  await drafter.getByTestId('attach-file').setInputFiles({
    name: 'Bao-cao-kiem-tra-PCCC.pdf',
    mimeType: 'application/pdf',
    buffer: pdf('Bao cao kiem tra PCCC 5 cho dem'),
  });
  await drafter.getByTestId('attach-chosen').filter({ hasText: 'Bao-cao-kiem-tra' }).waitFor({ timeout: 30_000 });
  await drafter.getByTestId('save-draft').click();
  await drafter.getByRole('heading', { name: SUMMARY }).waitFor({ timeout: 30_000 });
  await drafter.getByTestId('flow-status').getByText('Dự thảo').waitFor();
  await drafter.getByTestId('outgoing-number').getByText('Số: …/UBND-VHXH (cấp khi phát hành)').waitFor();
  await drafter
    .getByLabel('Thêm người duyệt')
    .selectOption({ label: 'Trương Văn Phúc · Phó Chủ tịch UBND Phường Bến Thành' });
  await drafter
    .getByLabel('Người ký ban hành')
    .selectOption({ label: 'Huỳnh Thị Ngọc Lan · Chủ tịch UBND Phường Bến Thành' });
  await screenshot(drafter, '101-drafter-desktop-chain');
  await drafter.getByTestId('submit-chain').click();
  await drafter.getByTestId('flow-status').getByText('Đang trình duyệt').waitFor({ timeout: 30_000 });
  await drafter
    .getByTestId('waiting-for')
    .getByText(/^Đang chờ Trương Văn Phúc duyệt \(hạn \d{2}\/\d{2}\/\d{4}\)\.$/)
    .waitFor();
  await drafter.getByText('Đã lưu trên máy chủ').first().waitFor({ timeout: 30_000 });
});

it('the deputy approves with no network, signed on the phone and kept across a reload; the relay takes it on reconnecting', async () => {
  const deputy = await device('phone', 'benthanh.pct');
  await deputy.getByTestId('documents-waiting-approve').getByText('Văn bản chờ duyệt: 1').click({ timeout: 30_000 });
  await deputy.getByTestId('outgoing').filter({ hasText: SUMMARY }).click();
  await deputy.getByRole('heading', { name: SUMMARY }).waitFor();
  await deputy
    .getByTestId('outgoing-body')
    .getByText('Ủy ban nhân dân Phường Bến Thành đã kiểm tra 5 chợ đêm')
    .waitFor();
  await deputy.context().setOffline(true);
  await syncState(deputy, 'Ngoại tuyến');
  await deputy.getByTestId('approve').click();
  await deputy.getByTestId('action-done').getByText('Đã ký trên thiết bị').waitFor({ timeout: 30_000 });
  await deputy
    .getByTestId('waiting-for')
    .getByText(/^Đang chờ Huỳnh Thị Ngọc Lan ký ban hành/)
    .waitFor();
  await deputy.getByText('Chỉ trên thiết bị này').first().waitFor();
  await screenshot(deputy, '102-deputy-phone-approved-offline');
  await deputy.reload();
  await deputy.getByRole('heading', { name: SUMMARY }).waitFor({ timeout: 30_000 });
  await deputy.getByTestId('flow-steps').getByText('Đã duyệt', { exact: false }).waitFor();
  // The drafter's desktop still shows it waiting for the deputy: nothing reached the relay.
  await drafter
    .getByTestId('waiting-for')
    .getByText(/Trương Văn Phúc/)
    .waitFor();
  await deputy.context().setOffline(false);
  await deputy.getByText('Đã lưu trên máy chủ').first().waitFor({ timeout: 60_000 });
  await drafter
    .getByTestId('waiting-for')
    .getByText(/^Đang chờ Huỳnh Thị Ngọc Lan ký ban hành/)
    .waitFor({ timeout: 30_000 });
  await drafter.getByTestId('signatures').getByText('Chưa đủ chữ ký theo quy trình').waitFor({ timeout: 30_000 });
});

it('the chairman signs, the clerk issues it, the relay numbers it, and its signatures verify', async () => {
  const chair = await device('phone', 'benthanh');
  await chair.getByTestId('documents-waiting-sign').getByText('Văn bản chờ ký: 1').click({ timeout: 30_000 });
  await chair.getByTestId('outgoing').filter({ hasText: SUMMARY }).click();
  await chair.getByRole('heading', { name: SUMMARY }).waitFor();
  await screenshot(chair, '103-chair-phone-to-sign');
  await chair.getByTestId('approve').getByText('Ký ban hành').click();
  await chair.getByTestId('flow-status').getByText('Chờ phát hành').waitFor({ timeout: 30_000 });
  await chair.getByText('Đã lưu trên máy chủ').first().waitFor({ timeout: 30_000 });

  const clerk = await device('phone', 'benthanh.cv');
  await clerk.getByTestId('documents-waiting-issue').getByText('Văn bản chờ phát hành: 1').click({ timeout: 30_000 });
  await clerk.getByTestId('outgoing').filter({ hasText: SUMMARY }).click();
  await clerk.getByTestId('issue').click();
  await clerk.getByTestId('outgoing-number').getByText('Số: 1/UBND-VHXH').waitFor({ timeout: 30_000 });
  await clerk.getByTestId('flow-status').getByText('Đã phát hành').waitFor();
  await clerk
    .getByTestId('verdict')
    .getByText('Các chữ ký hợp lệ, văn bản không bị sửa sau khi ký')
    .waitFor({ timeout: 30_000 });
  expect(await clerk.getByTestId('signature').count()).toBe(2);
  await screenshot(clerk, '104-clerk-phone-issued');

  // The signatures as a file, checked on the command line exactly as a third party would.
  const [json] = await Promise.all([clerk.waitForEvent('download'), clerk.getByTestId('download-signatures').click()]);
  expect(json.suggestedFilename()).toBe('1-UBND-VHXH-chu-ky.json');
  const check = spawnSync('pnpm', ['-s', 'verify-document', (await json.path()) as string], {
    cwd: join(import.meta.dirname, '..'),
    encoding: 'utf8',
  });
  expect(check.status, `${check.stdout}\n${check.stderr}`).toBe(0);
  expect(check.stdout).toContain('Hợp lệ');
  const [pdfFile] = await Promise.all([clerk.waitForEvent('download'), clerk.getByTestId('download-pdf').click()]);
  expect(pdfFile.suggestedFilename()).toBe('1-UBND-VHXH.pdf');
  const issued = await PDFDocument.load(readFileSync((await pdfFile.path()) as string));
  expect(issued.getSubject()).toBe('1/UBND-VHXH');
  expect(issued.getTitle()).toBe(SUMMARY);
  expect(issued.getKeywords()).toContain((await clerk.getByTestId('verification-code').textContent()) ?? '-');
});

it('Phường Sài Gòn’s clerk finds it in "Việc đến" and registers it, pre-filled, as incoming', async () => {
  const saigon = await device('desktop', 'saigon.vt');
  await saigon
    .getByTestId('documents-waiting-deliver')
    .getByText('Văn bản gửi đến chờ vào sổ: 1')
    .click({ timeout: 30_000 });
  await saigon.getByTestId('to-register').getByText(SUMMARY).waitFor();
  await saigon.getByTestId('register-delivered').click();
  await expect.poll(() => saigon.getByLabel('Số, ký hiệu').inputValue(), { timeout: 30_000 }).toBe('1/UBND-VHXH');
  expect(await saigon.getByLabel('Trích yếu').inputValue()).toBe(SUMMARY);
  await saigon.getByTestId('delivered-files').getByText('Bao-cao-kiem-tra-PCCC.pdf').waitFor();
  await screenshot(saigon, '105-saigon-desktop-register-delivered');
  await saigon.getByRole('button', { name: 'Vào sổ', exact: true }).click();
  await saigon.getByRole('heading', { name: SUMMARY }).waitFor({ timeout: 30_000 });
  await saigon
    .getByTestId('register-number')
    .getByText(/^Số đến 1\/\d{4}$/)
    .waitFor({ timeout: 30_000 });
  await saigon.getByTestId('delivered-from').waitFor();
  await saigon.getByTestId('attachment').filter({ hasText: 'Bao-cao-kiem-tra' }).waitFor();
  await screenshot(saigon, '106-saigon-desktop-registered');
});
