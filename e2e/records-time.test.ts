// Issue 11, times: a device's clock is its claim; the relay records when it received each entry,
// and where a time decides something (who read it first and when) the issuer sees the relay's,
// with the device's beside it when they differ by more than a few minutes.
import { DEMO_PASSWORD } from '@thongsuot/shared';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { phoneContext, SCREENSHOTS, signIn, syncState } from './support/browser.ts';
import { useRig } from './support/rig.ts';

const TITLE = 'Kiểm tra an toàn cầu Kênh Tẻ trước mùa mưa';
/** The ward phone's clock runs this far behind. */
const BEHIND_MS = 40 * 60_000;

const rig = useRig('records-time');
let leader: BrowserContext;
let ward: BrowserContext;

afterAll(async () => {
  await leader?.close();
  await ward?.close();
});

function isoDate(daysFromNow: number): string {
  const d = new Date(Date.now() + daysFromNow * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const hhmm = (at: number) =>
  new Intl.DateTimeFormat('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' }).format(at);

it('a ward phone whose clock is 40 minutes slow reads a directive; the issuer sees when the server received it', async () => {
  leader = await phoneContext(rig.browser);
  const leaderPage: Page = await leader.newPage();
  await signIn(leaderPage, rig.server.url, 'chutich', DEMO_PASSWORD);
  await leaderPage.goto(`${rig.server.url}/tasks/new`);
  await leaderPage.getByLabel('Tên nhiệm vụ').fill(TITLE);
  await leaderPage.getByLabel('Nội dung chỉ đạo').fill('Phường rà soát, báo cáo tình trạng lan can và biển báo.');
  await leaderPage.getByLabel('Hạn xử lý').fill(isoDate(5));
  await leaderPage.getByLabel('Đơn vị nhận').selectOption({ label: 'Phường Bến Thành' });
  await leaderPage.getByRole('button', { name: 'Giao việc', exact: true }).click();
  const card = leaderPage.getByTestId('task-card').filter({ hasText: TITLE });
  await card.getByText('Đã lưu trên máy chủ').waitFor({ timeout: 30_000 });

  ward = await phoneContext(rig.browser);
  await ward.clock.install({ time: Date.now() - BEHIND_MS });
  const wardPage = await ward.newPage();
  await signIn(wardPage, rig.server.url, 'benthanh', DEMO_PASSWORD);
  const deviceSays = await wardPage.evaluate(() => Date.now());
  expect(Date.now() - deviceSays).toBeGreaterThan(BEHIND_MS - 60_000);
  await wardPage.getByTestId('inbox-list').getByText(TITLE).click({ timeout: 30_000 });
  await wardPage.getByRole('heading', { name: /Phần việc của Phường Bến Thành/ }).waitFor();
  await syncState(wardPage, 'Đã đồng bộ');

  await leaderPage.getByTestId('task-card').filter({ hasText: TITLE }).click();
  const row = leaderPage.getByTestId('assignment').filter({ hasText: 'Phường Bến Thành' });
  const read = row.getByText(/Đã xem: Huỳnh Thị Ngọc Lan, máy chủ nhận lúc/);
  await read.waitFor({ timeout: 30_000 });
  const text = (await read.textContent()) ?? '';
  // The relay's time first, the device's in brackets: 40 minutes apart.
  const [relay, device] = [...text.matchAll(/(\d{2}):(\d{2})/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  expect(relay).toBeDefined();
  expect(device).toBeDefined();
  const apart = ((relay as number) - (device as number) + 24 * 60) % (24 * 60);
  expect(apart).toBeGreaterThanOrEqual(39);
  expect(apart).toBeLessThanOrEqual(41);
  expect(text).toContain(`máy chủ nhận lúc ${hhmm(Date.now())}`.slice(0, 19));
  await row.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await leaderPage.screenshot({ path: `${SCREENSHOTS}60-leader-phone-read-times.png` });
});
