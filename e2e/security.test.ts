// Issue 16 item 2, people's own security, on 360-px phones: a ward deputy turns two-step sign-in on
// in Settings (the code computed here from the secret the page shows, as an authenticator app
// would), signs out and in again with password and code, signs in on a second phone with a
// recovery code, and from the first phone signs the second out; the second shows it is signed out.
// Last, a locked account's phone says so over the whole screen.
import { DEMO_PASSWORD } from '@thongsuot/shared';
import { Secret, TOTP } from 'otpauth';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { phoneContext, SCREENSHOTS, screenshot, signIn, syncState } from './support/browser.ts';
import { useRig } from './support/rig.ts';

const rig = useRig('security');
const opened: BrowserContext[] = [];
afterAll(async () => {
  for (const context of opened) await context.close();
});

/**
 * Codes as the phone's app makes them. The relay takes each 30-second step once, and one step
 * either side of its clock: each code is for the step after the last one used (never waiting).
 */
class Authenticator {
  #last = 0;
  constructor(readonly secret: string) {}
  code(): string {
    const step = Math.max(this.#last + 1, Math.floor(Date.now() / 30_000));
    this.#last = step;
    const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(this.secret) });
    return totp.generate({ timestamp: step * 30_000 + 1000 });
  }
}

async function phone(): Promise<Page> {
  const context = await phoneContext(rig.browser);
  opened.push(context);
  const page = await context.newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  return page;
}

async function password(page: Page, username: string): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

async function openSecurity(page: Page): Promise<void> {
  await page.goto(`${rig.server.url}/settings`);
  await page.getByRole('heading', { name: 'Bảo mật' }).waitFor();
}

let app: Authenticator;
let recoveryCodes: string[] = [];
let first: Page;
let second: Page;

it('a deputy sees the deadline, turns two-step sign-in on in Settings and keeps the recovery codes', async () => {
  first = await phone();
  await signIn(first, rig.server.url, 'benthanh.pct', DEMO_PASSWORD);
  await syncState(first, 'Đã đồng bộ');
  const notice = first.getByTestId('two-step-notice');
  await notice.getByText(/Bạn cần bật đăng nhập hai bước trước ngày \d{2}\/\d{2}\/\d{4}/).waitFor();
  await screenshot(first, 'security-1-deadline-notice', { fullPage: false });

  await openSecurity(first);
  await first.getByRole('button', { name: 'Bật đăng nhập hai bước' }).click();
  const secret = first.getByTestId('totp-secret');
  await secret.waitFor();
  const text = (await secret.textContent()) ?? '';
  expect(text).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
  app = new Authenticator(text.replace(/ /g, ''));
  const qr = first.getByRole('img', { name: /Mã QR/ });
  await qr.scrollIntoViewIfNeeded();
  expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await qr.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await first.evaluate(() => window.scrollBy(0, -180));
  await first.screenshot({ path: `${SCREENSHOTS}security-2-enrol.png` });
  await first.getByLabel('Mã xác thực (6 số)').fill(app.code());
  await first.getByRole('button', { name: 'Xác nhận' }).click();

  const codes = first.getByTestId('recovery-codes');
  await codes.waitFor();
  recoveryCodes = (await codes.locator('li').allTextContents()).map((c) => c.trim());
  expect(recoveryCodes).toHaveLength(10);
  const done = first.getByRole('button', { name: 'Xong' });
  expect(await done.isDisabled()).toBe(true);
  const [download] = await Promise.all([
    first.waitForEvent('download'),
    first.getByRole('button', { name: 'Tải về' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('thongsuot-ma-khoi-phuc.txt');
  await first.getByRole('heading', { name: 'Mã khôi phục' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await first.evaluate(() => window.scrollBy(0, -90));
  await first.screenshot({ path: `${SCREENSHOTS}security-3-recovery-codes.png` });
  await first.getByLabel('Tôi đã lưu các mã này').check();
  await done.click();
  await first.getByText('Đang bật: mỗi lần đăng nhập cần thêm mã 6 số từ ứng dụng xác thực.').waitFor();
  // Once it is on, the reminder is gone.
  expect(await first.getByTestId('two-step-notice').count()).toBe(0);
});

it('signs out and in again with the password and a code', async () => {
  await first.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
  await first.getByLabel('Tên đăng nhập').waitFor();
  await password(first, 'benthanh.pct');
  const code = first.getByLabel('Mã xác thực (6 số)');
  await code.waitFor();
  expect(await code.getAttribute('inputmode')).toBe('numeric');
  expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
  await screenshot(first, 'security-4-second-step', { fullPage: false });
  // A wrong code is refused with the server's words.
  await code.fill('000000');
  await first.getByRole('button', { name: 'Xác nhận' }).click();
  await first.getByText('Mã xác thực không đúng hoặc đã được dùng; hãy nhập mã mới trên ứng dụng.').waitFor();
  await code.fill(app.code());
  await first.getByRole('button', { name: 'Xác nhận' }).click();
  // Back in the app, on the page it was on (Settings).
  await first.getByRole('heading', { name: 'Bảo mật' }).waitFor();
});

it('signs in on a second phone with a recovery code', async () => {
  second = await phone();
  await second.goto(rig.server.url);
  await password(second, 'benthanh.pct');
  await second.getByRole('button', { name: 'Dùng mã khôi phục' }).click();
  await second.getByLabel('Mã khôi phục').fill(recoveryCodes[3] as string);
  await screenshot(second, 'security-5-recovery-code', { fullPage: false });
  await second.getByRole('button', { name: 'Xác nhận' }).click();
  await second.getByRole('heading', { name: 'Việc đến' }).waitFor();
  await syncState(second, 'Đã đồng bộ');
});

it('signs the second phone out from the first; the second shows it is signed out', async () => {
  await openSecurity(first);
  const devices = first.getByTestId('device');
  await expect.poll(() => devices.count(), { timeout: 15_000 }).toBe(2);
  const other = first.locator('[data-testid="device"][data-current="false"]');
  await other.getByText(/Chrome trên /).waitFor(); // Headless Chromium says Linux
  await first.getByRole('heading', { name: 'Thiết bị đã đăng nhập' }).evaluate((el) => el.scrollIntoView());
  await first.evaluate(() => window.scrollBy(0, -90));
  await first.screenshot({ path: `${SCREENSHOTS}security-6-devices.png` });
  await other.getByRole('button', { name: 'Đăng xuất thiết bị này' }).click();
  await expect.poll(() => devices.count(), { timeout: 15_000 }).toBe(1);

  await second.getByText('Phiên đăng nhập đã hết hạn').waitFor({ timeout: 15_000 });
  await second.getByLabel('Tên đăng nhập').waitFor();
  await screenshot(second, 'security-7-signed-out', { fullPage: false });
});

it('a locked account’s phone says it is locked, and keeps what it holds', async () => {
  const locked = await phone();
  await signIn(locked, rig.server.url, 'benthanh.cv', DEMO_PASSWORD);
  await syncState(locked, 'Đã đồng bộ');
  // An administrator locks the account (the admin console's route).
  const admin = await fetch(`${rig.server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'quantri', password: DEMO_PASSWORD }),
  });
  const cookie = (admin.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const lock = await fetch(`${rig.server.url}/api/admin/accounts/u-benthanh-cv/disable`, {
    method: 'POST',
    headers: { cookie },
  });
  expect(lock.status).toBe(200);
  await locked.getByTestId('account-locked').getByText('Tài khoản của bạn đã bị khóa').waitFor({ timeout: 15_000 });
  await locked.getByText(/Dữ liệu trên thiết bị không bị xóa/).waitFor();
  await screenshot(locked, 'security-8-locked', { fullPage: false });
  const kept = await locked.evaluate(async () => ({
    databases: (await indexedDB.databases()).length,
    session: localStorage.getItem('thongsuot.session') !== null,
  }));
  expect(kept.databases).toBeGreaterThan(0);
  expect(kept.session).toBe(true);
});
