// Issue 12, attachments: a ward officer on a 360-px phone, offline, attaches a photo to a progress
// report and a PDF to a chat message, reloads, goes online, and the issuer sees both. Files are
// kept in IndexedDB by SHA-256 and say "saved on the server" only once the server holds them.
import { DEMO_PASSWORD } from '@thongsuot/shared';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { desktopContext, phoneContext, SCREENSHOTS, screenshot, signIn, syncState } from './support/browser.ts';
import { pdf } from './support/pdf.ts';
import { useRig } from './support/rig.ts';

const TITLE = 'Khắc phục điểm ngập đường Lê Lợi sau mưa lớn';
const DIRECTIVE_PDF = 'Cong-van-125-UBND-ve-chong-ngap.pdf';
const REPORT_PDF = 'Bao-cao-thiet-hai-phuong-Ben-Thanh.pdf';
const PHOTO = 'IMG_2041.jpg';

const rig = useRig('attachments');
let leader: BrowserContext;
let ward: BrowserContext;

afterAll(async () => {
  await leader?.close();
  await ward?.close();
});

/**
 * An EXIF segment holding only a GPS position (10°46'35"N 106°42'10"E, central Hồ Chí Minh City),
 * as a phone camera writes it: big-endian TIFF, IFD0 pointing at the GPS IFD.
 */
function gpsExif(): Buffer {
  const tiff = Buffer.alloc(128);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8); // IFD0: one entry
  tiff.writeUInt16BE(0x8825, 10); // GPSInfo
  tiff.writeUInt16BE(4, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt32BE(26, 18);
  tiff.writeUInt32BE(0, 22);
  tiff.writeUInt16BE(4, 26); // GPS IFD: four entries
  const entry = (at: number, tag: number, type: number, count: number, value: number | string): void => {
    tiff.writeUInt16BE(tag, at);
    tiff.writeUInt16BE(type, at + 2);
    tiff.writeUInt32BE(count, at + 4);
    if (typeof value === 'string') tiff.write(value, at + 8, 'latin1');
    else tiff.writeUInt32BE(value, at + 8);
  };
  entry(28, 1, 2, 2, 'N\0');
  entry(40, 2, 5, 3, 80);
  entry(52, 3, 2, 2, 'E\0');
  entry(64, 4, 5, 3, 104);
  tiff.writeUInt32BE(0, 76);
  [10, 46, 35, 106, 42, 10].forEach((n, i) => {
    tiff.writeUInt32BE(n, 80 + i * 8);
    tiff.writeUInt32BE(1, 84 + i * 8);
  });
  const header = Buffer.from('Exif\0\0', 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt16BE(0xffe1, 0);
  length.writeUInt16BE(2 + header.length + tiff.length, 2);
  return Buffer.concat([length, header, tiff]);
}

/** A 3000×2000 camera photo (drawn by the browser) with a GPS position in its EXIF. */
async function cameraPhoto(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(3000, 2000);
    const g = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
    const sky = g.createLinearGradient(0, 0, 0, 2000);
    sky.addColorStop(0, '#9fb8cc');
    sky.addColorStop(0.45, '#6d7f8c');
    sky.addColorStop(0.46, '#5b6a55');
    sky.addColorStop(1, '#3c4a52');
    g.fillStyle = sky;
    g.fillRect(0, 0, 3000, 2000);
    g.fillStyle = 'rgba(120, 150, 170, 0.8)';
    g.fillRect(0, 1300, 3000, 700);
    g.fillStyle = '#fff';
    g.font = 'bold 160px sans-serif';
    g.fillText('Ngập đường Lê Lợi', 200, 1150);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (const b of bytes) text += String.fromCharCode(b);
    return btoa(text);
  });
  const jpeg = Buffer.from(base64, 'base64');
  // After SOI, as a camera writes it.
  return Buffer.concat([jpeg.subarray(0, 2), gpsExif(), jpeg.subarray(2)]);
}

function isoDate(daysFromNow: number): string {
  const d = new Date(Date.now() + daysFromNow * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

let leaderPage: Page;
let wardPage: Page;
let taskUrl = '';

it('the issuer attaches the city office PDF to a directive; the ward gets it in the background', async () => {
  leader = await desktopContext(rig.browser);
  leaderPage = await leader.newPage();
  await signIn(leaderPage, rig.server.url, 'chutich', DEMO_PASSWORD);
  await leaderPage.goto(`${rig.server.url}/tasks/new`);
  await leaderPage.getByLabel('Tên nhiệm vụ').fill(TITLE);
  await leaderPage.getByLabel('Nội dung chỉ đạo').fill('Phường khảo sát, chụp ảnh hiện trường và báo cáo thiệt hại.');
  await leaderPage.getByLabel('Hạn xử lý').fill(isoDate(3));
  await leaderPage.getByTestId('attach-file').setInputFiles({
    name: DIRECTIVE_PDF,
    mimeType: 'application/pdf',
    buffer: pdf('Cong van 125/UBND-DT: chong ngap duong Le Loi'),
  });
  await leaderPage.getByTestId('attach-chosen').filter({ hasText: DIRECTIVE_PDF }).waitFor();
  await leaderPage.getByLabel('Đơn vị nhận').selectOption({ label: 'Phường Bến Thành' });
  await leaderPage.getByRole('button', { name: 'Giao việc', exact: true }).click();
  const card = leaderPage.getByTestId('task-card').filter({ hasText: TITLE });
  await card.getByText('Đã lưu trên máy chủ').waitFor({ timeout: 30_000 });
  await card.click();
  taskUrl = leaderPage.url();
  const directiveFile = leaderPage.getByTestId('attachment').filter({ hasText: DIRECTIVE_PDF });
  await directiveFile.and(leaderPage.locator('[data-state="saved"]')).waitFor({ timeout: 30_000 });

  ward = await phoneContext(rig.browser);
  wardPage = await ward.newPage();
  await signIn(wardPage, rig.server.url, 'benthanh', DEMO_PASSWORD);
  await syncState(wardPage, 'Đã đồng bộ');
  await wardPage.getByTestId('inbox-list').getByText(TITLE).click({ timeout: 30_000 });
  await wardPage.getByRole('heading', { name: /Phần việc của Phường Bến Thành/ }).waitFor();
  // Fetched in the background (open work, an unmetered link): on the phone before it goes offline.
  const onPhone = wardPage.getByTestId('attachment').filter({ hasText: DIRECTIVE_PDF });
  await onPhone.and(wardPage.locator('[data-state="saved"]')).waitFor({ timeout: 30_000 });
});

it('offline, the ward officer reports with a camera photo and sends a PDF in the case group; a reload keeps both', async () => {
  // Offline with the read receipt possibly still on its way: the header says so at once.
  await ward.setOffline(true);
  await syncState(wardPage, 'Ngoại tuyến');

  // The directive's PDF opens offline, from the device.
  const popup = ward.waitForEvent('page');
  await wardPage
    .getByTestId('attachment')
    .filter({ hasText: DIRECTIVE_PDF })
    .getByRole('button', { name: 'Mở PDF' })
    .click();
  const viewer = await popup;
  expect(viewer.url()).toMatch(/^blob:/);
  await viewer.close();

  // Meanwhile, the issuer comments on the task (someone else's concurrent edit).
  await leaderPage.getByLabel('Ý kiến của bạn').fill('Đề nghị phường gửi ảnh hiện trường trước 17 giờ.');
  await leaderPage.getByRole('button', { name: 'Gửi ý kiến' }).click();

  const photo = await cameraPhoto(wardPage);
  await wardPage.getByLabel('Nội dung báo cáo').fill('Nước đã rút 70%, còn đọng tại ngã tư Lê Lợi – Pasteur.');
  await wardPage.getByLabel(/^Phần trăm hoàn thành/).fill('70');
  await wardPage
    .getByTestId('attach-camera')
    .first()
    .setInputFiles({ name: PHOTO, mimeType: 'image/jpeg', buffer: photo });
  await wardPage.getByTestId('attach-chosen').filter({ hasText: 'IMG_2041' }).waitFor({ timeout: 30_000 });
  await wardPage.getByRole('button', { name: 'Gửi báo cáo' }).click();
  const reportPhoto = wardPage.getByTestId('reports').getByTestId('attachment').first();
  await reportPhoto.getByTestId('attachment-image').waitFor();
  await reportPhoto.and(wardPage.locator('[data-state="local"]')).waitFor();
  expect(await reportPhoto.getByTestId('attachment-state').textContent()).toBe('Chỉ trên thiết bị này');

  await wardPage.getByTestId('case-group-link').click();
  await wardPage.getByRole('heading', { name: TITLE }).waitFor();
  await wardPage.getByRole('button', { name: 'Đính kèm tệp' }).click();
  await wardPage.getByTestId('attach-file').setInputFiles({
    name: REPORT_PDF,
    mimeType: 'application/pdf',
    buffer: pdf('Bao cao thiet hai: 12 ho dan, 300 m duong ngap'),
  });
  await wardPage.getByTestId('attach-chosen').filter({ hasText: REPORT_PDF }).waitFor();
  await wardPage.getByLabel('Nhập tin nhắn').fill('Gửi Văn phòng báo cáo thiệt hại kèm theo.');
  await wardPage.getByRole('button', { name: 'Gửi', exact: true }).click();
  const sentFile = wardPage.getByTestId('message').getByTestId('attachment').filter({ hasText: REPORT_PDF });
  await sentFile.waitFor();
  await sentFile.and(wardPage.locator('[data-state="local"]')).waitFor();

  // Still offline, a reload: the shell from the service worker, the items and their files from IndexedDB.
  await wardPage.reload();
  await sentFile.waitFor();
  await sentFile.and(wardPage.locator('[data-state="local"]')).waitFor();
  await screenshot(wardPage, '70-attachments-phone-offline-chat-pdf', { fullPage: false });
  await wardPage.goto(taskUrl.replace(rig.server.url, rig.server.url));
  // Issue 17, item 5: the next report starts from the latest percent, not from 50%.
  expect(await wardPage.getByLabel(/^Phần trăm hoàn thành/).inputValue()).toBe('70');
  const afterReload = wardPage.getByTestId('reports').getByTestId('attachment').first();
  await afterReload.getByTestId('attachment-image').waitFor();
  await afterReload.and(wardPage.locator('[data-state="local"]')).waitFor();
  await afterReload.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await wardPage.screenshot({ path: `${SCREENSHOTS}71-attachments-phone-offline-report-photo.png` });
});

it('back online, both files are saved on the server, and the issuer sees them', async () => {
  await ward.setOffline(false);
  const reportPhoto = wardPage.getByTestId('reports').getByTestId('attachment').first();
  await reportPhoto.and(wardPage.locator('[data-state="saved"]')).waitFor({ timeout: 60_000 });
  expect(await reportPhoto.getByTestId('attachment-state').textContent()).toBe('Đã lưu trên máy chủ');
  // The issuer's comment written meanwhile arrives too.
  await wardPage.getByTestId('comments').getByText('Đề nghị phường gửi ảnh hiện trường').waitFor({ timeout: 30_000 });
  await reportPhoto.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await wardPage.screenshot({ path: `${SCREENSHOTS}72-attachments-phone-online-saved.png` });

  // Settings: what the files take on the phone, under which budget; nothing left waiting.
  await wardPage.goto(`${rig.server.url}/settings`);
  const usage = wardPage.getByTestId('attachment-usage');
  await usage.waitFor();
  expect(await usage.textContent()).toMatch(/^3 tệp, .+ trên giới hạn 500 MB$/);
  // No file waiting, said alone or beside waiting changes ("1 thay đổi, 1 tệp chờ gửi").
  expect(await wardPage.locator('.sync-indicator').filter({ hasText: /tệp/ }).count()).toBe(0);
  await wardPage.getByTestId('attachment-settings').evaluate((el) => {
    el.scrollIntoView({ block: 'start' });
    window.scrollBy(0, -110);
  });
  await wardPage.screenshot({ path: `${SCREENSHOTS}75-attachments-phone-settings.png` });
  // The person chooses to keep where photos were taken: it travels in the reference, shown under the photo.
  await wardPage.getByLabel('Giữ vị trí chụp trong ảnh gửi đi').check();
  await wardPage.goBack();
  await wardPage.getByLabel('Ý kiến của bạn').fill('Ảnh điểm ngập còn lại, có vị trí.');
  await wardPage
    .getByTestId('attach-camera')
    .last()
    .setInputFiles({ name: 'IMG_2042.jpg', mimeType: 'image/jpeg', buffer: await cameraPhoto(wardPage) });
  await wardPage.getByTestId('attach-chosen').filter({ hasText: 'IMG_2042' }).waitFor({ timeout: 30_000 });
  await wardPage.getByRole('button', { name: 'Gửi ý kiến' }).click();
  const located = wardPage.getByTestId('comments').getByTestId('attachment').filter({ hasText: 'IMG_2042' });
  await located.getByText('Vị trí chụp: 10.776389, 106.702778').waitFor();

  // The issuer: the report with its photo, downscaled on the phone and stripped of its location.
  await leaderPage.reload();
  const seen = leaderPage.getByTestId('reports').getByTestId('attachment').first();
  await seen.getByTestId('attachment-image').waitFor({ timeout: 30_000 });
  const sha = (await seen.getAttribute('data-sha')) ?? '';
  const served = await leaderPage.evaluate(async (hash) => {
    const response = await fetch(`/api/blobs/${hash}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const bitmap = await createImageBitmap(new Blob([bytes]));
    let exif = false;
    for (let i = 0; i < bytes.length - 4; i++) {
      if (bytes[i] === 0x45 && bytes[i + 1] === 0x78 && bytes[i + 2] === 0x69 && bytes[i + 3] === 0x66) exif = true;
    }
    return {
      status: response.status,
      width: bitmap.width,
      height: bitmap.height,
      exif,
      type: response.headers.get('content-type'),
    };
  }, sha);
  expect(served).toMatchObject({ status: 200, width: 2048, height: 1365, exif: false, type: 'image/jpeg' });
  expect(await seen.getByText(/Vị trí chụp/).count()).toBe(0);
  await seen.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await leaderPage.screenshot({ path: `${SCREENSHOTS}73-attachments-issuer-report-photo.png` });

  // ... and the PDF in the case group, opened in the browser's viewer.
  await leaderPage.getByTestId('case-group-link').click();
  const file = leaderPage.getByTestId('message').getByTestId('attachment').filter({ hasText: REPORT_PDF });
  await file.waitFor({ timeout: 30_000 });
  const popup = leader.waitForEvent('page');
  await file.getByRole('button', { name: 'Mở PDF' }).click();
  const viewer = await popup;
  expect(viewer.url()).toMatch(/^blob:/);
  await file.and(leaderPage.locator('[data-state="saved"]')).waitFor();
  await screenshot(leaderPage, '74-attachments-issuer-case-group-pdf', { fullPage: false });
  await viewer.close();
});

it('an HTML file sent as an attachment is downloaded, never run in the app', async () => {
  const html = Buffer.from(
    '<!doctype html><script>localStorage.setItem("pwned", "1"); document.title = "pwned";</script><p>Hồ sơ</p>',
  );
  await wardPage.getByTestId('case-group-link').click();
  await wardPage.getByRole('button', { name: 'Đính kèm tệp' }).click();
  await wardPage.getByTestId('attach-file').setInputFiles({ name: 'ho-so.html', mimeType: 'text/html', buffer: html });
  await wardPage.getByTestId('attach-chosen').filter({ hasText: 'ho-so.html' }).waitFor();
  await wardPage.getByRole('button', { name: 'Gửi', exact: true }).click();
  const sent = wardPage.getByTestId('message').getByTestId('attachment').filter({ hasText: 'ho-so.html' });
  await sent.and(wardPage.locator('[data-state="saved"]')).waitFor({ timeout: 30_000 });
  const sha = (await sent.getAttribute('data-sha')) ?? '';

  // Opened straight from the server's address in the app's origin: a download, not a page.
  const page = await leader.newPage();
  const download = page.waitForEvent('download');
  await page.goto(`${rig.server.url}/api/blobs/${sha}?name=ho-so.html`).catch(() => undefined);
  expect((await download).suggestedFilename()).toBe('ho-so.html');
  await page.goto(rig.server.url);
  expect(await page.evaluate(() => localStorage.getItem('pwned'))).toBeNull();
  await page.close();
});
