// Issue 17, item 16: personal reminders ring with the app closed where the browser can (Web Push,
// a content-free wake-up from the relay; docs/design.md §16), and Settings says plainly, for
// this device, whether they will. Headless Chromium has no push service (FCM) to reach here, so
// subscribing fails: Settings must then say reminders ring only while the app is open.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from '@thongsuot/shared';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { phoneContext, SCREENSHOTS, screenshot, signIn } from './support/browser.ts';
import { useRig } from './support/rig.ts';
import { freePort, ServerProcess } from './support/server-process.ts';

let clientRoot = '';
const rig = useRig('push-reminders', (dataDir) => {
  // A copy of the build: both servers serve it, whatever is rebuilt meanwhile.
  clientRoot = join(dataDir, 'client');
  cpSync(fileURLToPath(new URL('../client/dist/', import.meta.url)), clientRoot, { recursive: true });
  return clientRoot;
});
const contexts: BrowserContext[] = [];
let pushOff: ServerProcess | null = null;

afterAll(async () => {
  for (const context of contexts) await context.close();
  await pushOff?.kill();
});

const OPEN_ONLY = 'Nhắc việc chỉ đổ chuông khi ứng dụng đang mở; nhắc bị lỡ sẽ đổ khi mở lại.';
const RINGS_CLOSED = 'Trên thiết bị này, nhắc việc sẽ đổ chuông cả khi ứng dụng đã đóng.';

async function phone(baseUrl: string, username: string): Promise<Page> {
  const context = await phoneContext(rig.browser);
  contexts.push(context);
  await context.grantPermissions(['notifications'], { origin: baseUrl });
  const page = await context.newPage();
  await signIn(page, baseUrl, username, DEMO_PASSWORD);
  return page;
}

/** The push section's state once it has looked (`data-state`), and its text. */
async function pushSection(page: Page, not: readonly string[] = ['checking']) {
  const section = page.getByTestId('push-settings');
  await section.waitFor();
  await page.waitForFunction(
    (skip) => {
      const state = document.querySelector('[data-testid="push-settings"]')?.getAttribute('data-state');
      const busy = document.querySelector('[data-testid="push-settings"] button[disabled]');
      return state !== undefined && state !== null && !skip.includes(state) && busy === null;
    },
    not,
    { timeout: 60_000 },
  );
  return { state: await section.getAttribute('data-state'), text: (await section.textContent()) ?? '' };
}

const hasSubscription = (page: Page) =>
  page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return (await registration?.pushManager.getSubscription()) != null;
  });

it('Settings states what this device does with the app closed, and after trying to turn it on', async () => {
  const page = await phone(rig.server.url, 'saigon');
  await page.goto(`${rig.server.url}/settings`);
  await page.getByRole('heading', { name: 'Nhắc việc khi ứng dụng đóng' }).waitFor();

  // Notifications allowed, a browser with Web Push, a server with keys, not subscribed yet.
  const before = await pushSection(page);
  expect(before.state).toBe('off');
  expect(before.text).toContain(OPEN_ONLY);
  expect(before.text).toContain('Chưa bật cho thiết bị này.');
  expect(await hasSubscription(page)).toBe(false);

  await page.getByRole('button', { name: 'Bật nhắc việc khi đóng ứng dụng' }).click();
  const after = await pushSection(page, ['checking', 'off']);
  const subscribed = await hasSubscription(page);
  // Whatever happened, what it says matches what the browser holds.
  if (after.state === 'on') {
    expect(subscribed).toBe(true);
    expect(after.text).toContain(RINGS_CLOSED);
    expect(after.text).not.toContain(OPEN_ONLY);
  } else {
    expect(after.state).toBe('pushServiceUnreachable');
    expect(subscribed).toBe(false);
    expect(after.text).toContain(OPEN_ONLY);
    expect(after.text).toContain('Không kết nối được dịch vụ thông báo của trình duyệt');
    expect(after.text).not.toContain(RINGS_CLOSED);
    await page.getByRole('button', { name: 'Thử lại' }).waitFor();
  }
  console.log(`headless Chromium after "turn on": ${after.state}`);
  await screenshot(page, 'push-settings-phone');
  await page.getByTestId('push-settings').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}push-settings-phone-section.png` });

  // Still said after a restart of the app (the failure or the subscription is remembered).
  await page.reload();
  const reloaded = await pushSection(page);
  expect(reloaded.state).toBe(after.state);
});

it('says so when the server has push turned off', async () => {
  process.env.PUSH = 'off';
  pushOff = new ServerProcess(await freePort(), join(rig.dataDir, 'off'), clientRoot);
  const started = pushOff.start();
  delete process.env.PUSH;
  await started;
  const page = await phone(pushOff.url, 'saigon');
  await page.goto(`${pushOff.url}/settings`);
  const { state, text } = await pushSection(page);
  expect(state).toBe('serverOff');
  expect(text).toContain(OPEN_ONLY);
  expect(text).toContain('Máy chủ của thành phố không bật thông báo đẩy.');
  expect(await page.getByRole('button', { name: 'Bật nhắc việc khi đóng ứng dụng' }).count()).toBe(0);
  await screenshot(page, 'push-settings-server-off-phone');
});

/** The reminder rows on the device, as the app stores them (Dexie's `reminders` table). */
function reminderRows(page: Page): Promise<{ id: string; text: string; dueAt: number; firedFor?: number }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('thongsuot-u-saigon');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('reminders').objectStore('reminders').getAll();
          all.onsuccess = () => {
            db.close();
            resolve(all.result);
          };
        };
      }),
  );
}

it('a push with the app closed shows the reminder due from the device, and the app does not ring it again', async () => {
  const page = await phone(rig.server.url, 'saigon');
  await page.clock.install();
  await page.goto(`${rig.server.url}/reminders`);
  const addReminder = async (text: string) => {
    await page.getByLabel('Nhắc gì').fill(text);
    // Due within the next two minutes (in the page's time zone): a push this early is still
    // taken as its own (the relay's clock may run ahead of the device's).
    const local = await page.evaluate(() => {
      const due = new Date(Date.now() + 90_000);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${due.getFullYear()}-${pad(due.getMonth() + 1)}-${pad(due.getDate())}T${pad(due.getHours())}:${pad(due.getMinutes())}`;
    });
    await page.getByLabel('Lúc').fill(local);
    await page.getByRole('button', { name: 'Đặt lời nhắc' }).click();
  };
  await addReminder('Họp giao ban phường');
  await expect.poll(async () => (await reminderRows(page)).length, { timeout: 15_000 }).toBe(1);

  // The worker's registration, then the app closed: no window of the app remains.
  const cdp = await page.context().newCDPSession(page);
  const registrationId = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const ours = registrations.find((r) => r.scopeURL.startsWith(rig.server.url) && !r.isDeleted);
      if (ours) resolve(ours.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  const id = await registrationId;
  await page.goto('about:blank');
  // What the relay sends: a push with no data.
  await cdp.send('ServiceWorker.deliverPushMessage', { origin: rig.server.url, registrationId: id, data: '' });

  await page.goto(`${rig.server.url}/reminders`);
  await expect
    .poll(async () => (await reminderRows(page)).map((r) => r.firedFor === r.dueAt), { timeout: 15_000 })
    .toEqual([true]);
  const shown = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    const list = (await registration?.getNotifications()) ?? [];
    return list.map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      actions: (n as Notification & { actions?: { action: string; title: string }[] }).actions?.map((a) => a.title),
    }));
  });
  // As the app itself shows a reminder (reminders/notify.ts): one tag per reminder, "remind me later".
  const [row] = await reminderRows(page);
  expect(shown).toEqual([
    { title: 'Nhắc việc', body: 'Họp giao ban phường', tag: `reminder:${row?.id}`, actions: ['Nhắc lại sau 10 phút'] },
  ]);

  // A second reminder the worker never saw, as a control: the app rings that one at its time.
  await addReminder('Gọi cho tổ dân phố 5');
  await expect.poll(async () => (await reminderRows(page)).length, { timeout: 15_000 }).toBe(2);
  await page.clock.fastForward('03:00');
  const ringing = page.getByTestId('ringing');
  await ringing.getByText('Gọi cho tổ dân phố 5').waitFor({ timeout: 15_000 });
  expect(await ringing.getByText('Họp giao ban phường').count()).toBe(0);
});
