// docs/design.md §14, the leaders' command dashboard against the real relay process (figures
// refreshed every second here): the Chairman's directives to wards and a department, one of them
// already overdue, seeded by the client's sync engine in Node; the Chairman's 360-px phone reads
// the figures the relay computed, drills from a figure to the task in three taps, keeps them
// offline across a reload and sees them move after reconnecting; a ward leader sees only the
// ward's own; a table exported as CSV, the page as printed.
import 'fake-indexeddb/auto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addProgressReport,
  BUCKETS,
  type Bucket,
  createTask,
  DEMO_PASSWORD,
  dashDocId,
  docId,
  newId,
  readDashboard,
  readTask,
  setAssignmentStatus,
  vietnamDate,
} from '@thongsuot/shared';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { TestServer } from '../sync-server/src/testing/test-server.ts';
import { launchChromium, screenshot, signedInPage, syncState } from './support/browser.ts';
import { type NodeDevice, NodeDevices, statusWhere, synced } from './support/node-device.ts';
import { freePort, ServerProcess } from './support/server-process.ts';

const REFRESH_MS = 1_000;
const DAY_MS = 86_400_000;

let server: ServerProcess;
let browser: Browser;
let dataDir = '';
const contexts: BrowserContext[] = [];
const devices = new NodeDevices();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'thongsuot-dashboard-'));
  server = new ServerProcess(await freePort(), join(dataDir, 'db'), undefined, {
    DASHBOARD_REFRESH_MS: String(REFRESH_MS),
  });
  await server.start();
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await devices.closeAll();
  await browser?.close();
  await server?.kill();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** What NodeDevices needs of a server (sign-in and the socket), for the relay's own process. */
const relay = {
  get wsUrl(): string {
    return `${server.url.replace('http', 'ws')}/sync`;
  },
  async signIn(username: string): Promise<string> {
    const response = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ts_session='));
    if (!response.ok || !cookie) throw new Error(`sign-in failed for ${username}: ${response.status}`);
    return cookie.split(';')[0] as string;
  },
} as unknown as TestServer;

async function nodeDevice(username: string): Promise<NodeDevice> {
  const device = await devices.open(relay, username, `dash-${username}`);
  device.sync.start();
  await statusWhere(device.sync, synced);
  return device;
}

/** Waits (on stored changes) until the device's copy of a doc satisfies `test`. */
async function docWhere(d: NodeDevice, id: string, test: (doc: Y.Doc) => boolean, timeoutMs = 20_000): Promise<Y.Doc> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const doc = await d.repository.open(id);
    if (test(doc)) return doc;
    if (Date.now() > until) throw new Error(`${id} never satisfied the test on the device`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.min(500, until - Date.now()));
      const stop = d.repository.onStored(() => {
        clearTimeout(timer);
        stop();
        resolve();
      });
    });
  }
}

// The directives the Chairman gives: deadlines in days from today (Vietnam calendar), negative = past.
const DIRECTIVES = {
  budget: { title: 'Báo cáo tiến độ giải ngân vốn đầu tư công quý IV', days: 5, to: ['phuong-ben-thanh'] },
  flood: {
    title: 'Rà soát các điểm ngập nước trước đợt triều cường',
    days: -3,
    to: ['phuong-sai-gon', 'phuong-ben-thanh'],
  },
  fire: { title: 'Kiểm tra phòng cháy chữa cháy tại các chung cư cũ', days: 7, to: ['so-noi-vu', 'phuong-sai-gon'] },
  staff: { title: 'Tổng hợp hồ sơ cán bộ diện quy hoạch nhiệm kỳ mới', days: -12, to: ['so-noi-vu'] },
} as const;
type Key = keyof typeof DIRECTIVES;
/** The units the directives go to, as the relay names them. */
const UNITS: Record<string, string> = {
  'phuong-sai-gon': 'Phường Sài Gòn',
  'phuong-ben-thanh': 'Phường Bến Thành',
  'so-noi-vu': 'Sở Nội vụ',
};
const ids = Object.fromEntries(Object.keys(DIRECTIVES).map((k) => [k, newId()])) as Record<Key, string>;
/** Assignments the issuer side confirmed complete (each reported today): `key:recipient`. */
const completed = new Set<string>();

type Counts = Record<Bucket, number>;
/** The four buckets the relay must publish, worked out from what the test did (measures.ts). */
function expected(recipient?: string): { buckets: Counts; total: number; ages: [number, number, number] } {
  const buckets: Counts = { on_time: 0, late: 0, open: 0, overdue: 0 };
  const ages: [number, number, number] = [0, 0, 0];
  for (const [key, d] of Object.entries(DIRECTIVES)) {
    for (const to of d.to) {
      if (recipient && to !== recipient) continue;
      // Done today: on time unless the deadline has passed; open work is overdue after it.
      if (completed.has(`${key}:${to}`)) buckets[d.days >= 0 ? 'on_time' : 'late'] += 1;
      else if (d.days >= 0) buckets.open += 1;
      else {
        buckets.overdue += 1;
        ages[-d.days <= 7 ? 0 : -d.days <= 30 ? 1 : 2] += 1;
      }
    }
  }
  return { buckets, total: Object.values(buckets).reduce((s, n) => s + n, 0), ages };
}

async function tiles(page: Page): Promise<Counts> {
  const dash = page.getByTestId('dashboard');
  const out = {} as Counts;
  for (const b of BUCKETS) {
    out[b] = Number(await dash.getByTestId(`tile-${b}`).locator('.fig-tile-count').textContent());
  }
  return out;
}

/** The cells of one CSV line (RFC 4180 quoting, as export/csv.ts writes). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (quoted && c === '"' && line.charAt(i + 1) === '"') {
      cell += c;
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      out.push(cell);
      cell = '';
    } else cell += c;
  }
  out.push(cell);
  return out;
}

const hhmm = (at: number): string => new Date(at + 7 * 3_600_000).toISOString().slice(11, 16);

/** The stamp's words and the instant it stands for (its `<time datetime>`). */
async function stamp(page: Page): Promise<{ text: string; at: number }> {
  const el = page.getByTestId('dash-stamp');
  await el.waitFor();
  return {
    text: (await el.textContent()) ?? '',
    at: Date.parse((await el.locator('time').getAttribute('datetime')) ?? ''),
  };
}

async function report(d: NodeDevice, personId: string, key: Key, unit: string, text: string): Promise<void> {
  const id = docId('task', ids[key]);
  const doc = await docWhere(d, id, (x) => readTask(x)?.assignments.some((a) => a.recipientId === unit) ?? false);
  setAssignmentStatus(doc, unit, 'read', personId, Date.now()); // opened, as the app records it
  const at = Date.now();
  doc.transact(() => {
    addProgressReport(doc, { id: newId(), recipientId: unit, by: personId, at, text, percent: 100 });
    setAssignmentStatus(doc, unit, 'reported', personId, at);
  });
  await d.repository.flushed();
  await statusWhere(d.sync, synced);
}

let chair: Page;
let chairContext: BrowserContext;
let saigonDevice: NodeDevice;

it('the Chairman directs three wards and a department, one directive already overdue; a ward reports, he confirms', async () => {
  const office = await nodeDevice('chutich');
  for (const [key, d] of Object.entries(DIRECTIVES) as [Key, (typeof DIRECTIVES)[Key]][]) {
    createTask(await office.repository.open(docId('task', ids[key])), {
      id: ids[key],
      title: d.title,
      body: 'Các đơn vị triển khai, báo cáo kết quả về UBND Thành phố.',
      issuerId: 'u-chutich',
      issuerUnitId: 'ubnd-tp',
      deadline: vietnamDate(Date.now() + d.days * DAY_MS),
      recipients: d.to.map((id) => ({ id, kind: 'unit' as const })),
      at: Date.now(),
    });
  }
  await office.repository.flushed();
  await statusWhere(office.sync, synced);

  const ward = await nodeDevice('benthanh.cv');
  await report(ward, 'u-benthanh-cv', 'budget', 'phuong-ben-thanh', 'Đã giải ngân 100% kế hoạch vốn được giao.');

  // The Chairman confirms it on his phone, from the task page.
  chair = await signedInPage(browser, server.url, 'phone', 'chutich', contexts);
  chairContext = chair.context();
  await chair.goto(`${server.url}/tasks/${ids.budget}`);
  await chair.getByRole('button', { name: 'Xác nhận hoàn thành' }).click({ timeout: 30_000 });
  completed.add('budget:phuong-ben-thanh');
  // The directive's own figures on the task page, computed on the device.
  await expect
    .poll(() =>
      chair.getByTestId('directive-figures').getByTestId('tile-on_time').locator('.fig-tile-count').textContent(),
    )
    .toBe('1');
  await syncState(chair, 'Đã đồng bộ');
});

it('"Tổng quan" shows the stamp and the counts the relay computed, work handed down first', async () => {
  const want = expected();
  // At least three buckets hold work, or the test proves little.
  expect(Object.values(want.buckets).filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
  await chair.getByRole('link', { name: 'Tổng quan' }).click();
  await chair.getByTestId('dashboard').waitFor();
  await expect.poll(() => tiles(chair), { timeout: 20_000 }).toEqual(want.buckets);
  const { text, at } = await stamp(chair);
  expect(text).toBe(`Số liệu lúc ${hhmm(at)}`);
  expect(Date.now() - at).toBeLessThan(60_000);
  expect(await chair.getByTestId('section-handed').getAttribute('aria-current')).toBe('true');
  expect(await chair.locator('.dash-total').textContent()).toBe(`Tổng số: ${want.total} lượt giao việc`);
  const rate = want.buckets.on_time / (want.buckets.on_time + want.buckets.late + want.buckets.overdue);
  const percent = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 }).format(rate);
  expect(await chair.getByTestId('on-time-rate').locator('.fig-tile-count').textContent()).toBe(percent);
  expect(await chair.getByTestId('overdue-ages').locator('div:not(.fig-list-title) dd').allTextContents()).toEqual(
    want.ages.map(String),
  );
  expect(await chair.getByTestId('extensions-pending').textContent()).toBe('0');
  await chair.getByTestId('chart-ranking').waitFor();
  await chair.getByText('Đang vẽ biểu đồ…').waitFor({ state: 'detached' });
  await screenshot(chair, '107-dash-chair-phone-overview');
});

it('from the overdue figure to the task in three taps', async () => {
  let taps = 0;
  const tap = async (target: Locator): Promise<void> => {
    await target.tap();
    taps += 1;
  };
  await tap(chair.getByTestId('tile-overdue'));
  const units = chair.getByTestId('drill-units');
  await units.waitFor();
  const rows = units.locator('a[data-unit]');
  const listed = await rows.evaluateAll((els) =>
    els.map((el) => [el.getAttribute('data-unit'), Number(el.querySelector('.dash-drill-count')?.textContent)]),
  );
  const overdueByUnit = Object.keys(UNITS).map((u) => [u, expected(u).buckets.overdue]);
  expect(Object.fromEntries(listed)).toEqual(Object.fromEntries(overdueByUnit));
  await screenshot(chair, '108-dash-chair-phone-drill-units');

  await tap(units.locator('a[data-unit="phuong-ben-thanh"]'));
  const work = chair.getByTestId('drill-assignments');
  await work.waitFor();
  const item = work.locator(`[data-ref="${ids.flood}:phuong-ben-thanh"]`);
  await item.getByText(DIRECTIVES.flood.title).waitFor();
  expect(await work.locator('[data-ref]').count()).toBe(1);
  await screenshot(chair, '109-dash-chair-phone-drill-assignments');

  await tap(item.getByRole('link'));
  await chair.getByRole('heading', { name: DIRECTIVES.flood.title }).waitFor();
  expect(new URL(chair.url()).pathname).toBe(`/tasks/${ids.flood}`);
  expect(taps).toBeLessThanOrEqual(3);
  // The same directive's figures on its page: both wards overdue.
  const figures = chair.getByTestId('directive-figures');
  expect(await figures.getByTestId('tile-overdue').locator('.fig-tile-count').textContent()).toBe('2');
});

it('offline, the figures reload from the device; a ward reports meanwhile, and online they move', async () => {
  await chair.goto(`${server.url}/dashboard`);
  const before = expected().buckets;
  await expect.poll(() => tiles(chair), { timeout: 20_000 }).toEqual(before);
  const first = await stamp(chair);

  await chairContext.setOffline(true);
  await chair.reload();
  await chair.getByTestId('dashboard').waitFor();
  expect(await tiles(chair)).toEqual(before);
  expect(await stamp(chair)).toEqual(first);
  await chair.getByText('Thiết bị đang không có mạng').waitFor();
  await screenshot(chair, '110-dash-chair-phone-offline-reloaded');

  // Meanwhile Phường Sài Gòn reports its overdue work and the Vice Chairman confirms it (late).
  saigonDevice = await nodeDevice('saigon');
  await report(saigonDevice, 'u-saigon', 'flood', 'phuong-sai-gon', 'Đã rà soát 14 điểm ngập, lắp 3 trạm bơm tạm.');
  const deputy = await nodeDevice('phochutich');
  const flood = await docWhere(
    deputy,
    docId('task', ids.flood),
    (x) => readTask(x)?.assignments.find((a) => a.recipientId === 'phuong-sai-gon')?.status === 'reported',
  );
  setAssignmentStatus(flood, 'phuong-sai-gon', 'completed', 'u-phochutich', Date.now());
  await deputy.repository.flushed();
  await statusWhere(deputy.sync, synced);
  completed.add('flood:phuong-sai-gon');
  // Still offline: the phone shows what it had.
  expect(await tiles(chair)).toEqual(before);

  const after = expected().buckets;
  expect(after).not.toEqual(before);
  const back = Date.now();
  await chairContext.setOffline(false);
  await expect.poll(() => tiles(chair), { timeout: 20_000 }).toEqual(after);
  expect(Date.now() - back).toBeLessThan(REFRESH_MS + 20_000);
  const moved = await stamp(chair);
  expect(moved.at).toBeGreaterThan(first.at);
  expect(moved.text).toBe(`Số liệu lúc ${hhmm(moved.at)}`);
  await chair.getByText('Thiết bị đang không có mạng').waitFor({ state: 'detached' });
});

it('a ward leader sees only the ward’s own figures, never the city’s', async () => {
  const ward = await signedInPage(browser, server.url, 'phone', 'saigon', contexts);
  await ward.getByRole('link', { name: 'Tổng quan' }).click();
  await ward.getByTestId('dashboard').waitFor();
  const own = expected('phuong-sai-gon');
  await expect.poll(() => tiles(ward), { timeout: 20_000 }).toEqual(own.buckets);
  expect(await ward.getByTestId('section-received').getAttribute('aria-current')).toBe('true');
  expect(await ward.locator('.dash-unit').textContent()).toBe('Đơn vị: Phường Sài Gòn');
  expect(await ward.locator('.dash-total').textContent()).toBe(`Tổng số: ${own.total} lượt giao việc`);
  expect(own.total).toBeLessThan(expected().total);
  await screenshot(ward, '111-dash-ward-phone-received');
  // Nothing handed down by the ward: no city figures behind the other half either.
  await ward.getByTestId('section-handed').click();
  await ward
    .getByTestId('section-missing')
    .filter({ hasText: 'Theo số liệu lúc trên, phần này chưa ghi nhận việc nào.' })
    .waitFor();
  expect(await ward.getByTestId('tile-overdue').count()).toBe(0);
  // The relay never gives the ward's devices the city's dashboard doc.
  await statusWhere(saigonDevice.sync, synced);
  expect(readDashboard(await saigonDevice.repository.open(dashDocId('phuong-sai-gon')))).not.toBeNull();
  expect(readDashboard(await saigonDevice.repository.open(dashDocId('ubnd-tp')))).toBeNull();
});

it('on the desk: the overview, a table as CSV for Excel, and the print layout', async () => {
  const desk = await signedInPage(browser, server.url, 'desktop', 'chutich', contexts);
  await desk.goto(`${server.url}/dashboard`);
  const want = expected();
  await expect.poll(() => tiles(desk), { timeout: 20_000 }).toEqual(want.buckets);
  await desk.getByTestId('chart-ranking').waitFor();
  await desk.getByText('Đang vẽ biểu đồ…').waitFor({ state: 'detached' });
  await screenshot(desk, '112-dash-chair-desktop-overview');

  const [download] = await Promise.all([desk.waitForEvent('download'), desk.getByTestId('csv-dash-ranking').click()]);
  expect(download.suggestedFilename()).toMatch(/^so-lieu-viec-da-giao-xep-hang-.+-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
  expect(lines[0]).toMatch(
    /^Hạng,Đơn vị,Nhóm,Hoàn thành đúng hạn,Hoàn thành quá hạn,Đang thực hiện trong hạn,Quá hạn chưa hoàn thành,Tổng số,Tỉ lệ đúng hạn \(%\),/,
  );
  // One line per unit, its buckets as the test made them.
  for (const [unit, name] of Object.entries(UNITS)) {
    const line = lines.map(cells).find((c) => c[1] === name);
    const { buckets: b, total } = expected(unit);
    expect(line?.slice(3, 8)).toEqual([b.on_time, b.late, b.open, b.overdue, total].map(String));
  }
  expect(lines).toHaveLength(1 + Object.keys(UNITS).length);

  await desk.emulateMedia({ media: 'print' });
  await desk.locator('.dash-print-only').waitFor();
  expect(await desk.locator('.app-nav').isVisible()).toBe(false);
  await screenshot(desk, '113-dash-chair-print');
  await desk.emulateMedia({ media: 'screen' });
});
