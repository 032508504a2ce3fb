// `pnpm bench:directory`: the city directory for 50,000 officials, in one run.
// 1. Search per keystroke in Node: our word index vs a scan of every official (baseline).
// 2. A new device (headless Chromium, real server seeded with the generated city): bytes on the
//    wire and time until the directory is usable, through the compressed bundle we ship vs the
//    same unit docs over the sync socket (baseline); then search per keystroke in the page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD, decodeMessage } from '@thongsuot/shared';
import type { Browser, Page } from 'playwright-core';
import { plainFrame } from '../../sync-server/src/testing/plain-frame.ts';
import { desktopContext, launchChromium } from '../support/browser.ts';
import { freePort, ServerProcess } from '../support/server-process.ts';
import { keystrokes, measureSearch, QUERIES, summarize } from './search-latency.ts';

const OFFICIALS = Number(process.env.BENCH_OFFICIALS ?? 50_000);
const FIELD = 'Tìm theo tên, chức vụ, đơn vị hoặc số điện thoại';

interface Wire {
  /** Bytes received for the bundle request, as sent (compressed) incl. headers. */
  bundle: number;
  /** Bytes of sync-socket frames about unit docs, both ways. */
  unitFrames: number;
  /** Every byte the page received over HTTP and the socket. */
  received: number;
}

/** Counts bytes with the DevTools protocol: HTTP as encoded on the wire, socket frames by payload. */
async function watchWire(page: Page): Promise<Wire> {
  const wire: Wire = { bundle: 0, unitFrames: 0, received: 0 };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => {
    wire.received += e.encodedDataLength;
    if (urls.get(e.requestId)?.includes('/api/directory/bundle')) wire.bundle += e.encodedDataLength;
  });
  const frame = (received: boolean) => (e: { response: { opcode: number; payloadData: string } }) => {
    if (e.response.opcode !== 2) return;
    const bytes = Buffer.from(e.response.payloadData, 'base64');
    if (received) wire.received += bytes.length;
    try {
      const message = decodeMessage(plainFrame(new Uint8Array(bytes)));
      if ('docId' in message && message.docId.startsWith('unit/')) wire.unitFrames += bytes.length;
    } catch {
      // frames without a doc (hello, manifest) are not the directory's
    }
  };
  cdp.on('Network.webSocketFrameReceived', frame(true));
  cdp.on('Network.webSocketFrameSent', frame(false));
  return wire;
}

async function peopleCount(page: Page): Promise<number> {
  const text = await page.locator('.page-intro').first().textContent();
  return Number((text ?? '').replace(/\D/g, '')) || 0;
}

/** A fresh device signs in and opens the directory; timed from the sign-in click until search answers. */
async function newDevice(browser: Browser, url: string, viaSocket: boolean, expected: number) {
  const context = await desktopContext(browser);
  if (viaSocket) await context.route('**/api/directory/bundle', (route) => route.abort());
  const page = await context.newPage();
  const wire = await watchWire(page);
  await page.goto(url);
  await page.getByLabel('Tên đăng nhập').fill('benthanh');
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  const started = Date.now();
  const clickedAt = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('link', { name: 'Danh bạ' }).first().click();
  const deadline = started + 180_000;
  while ((await peopleCount(page).catch(() => 0)) < expected && Date.now() < deadline) await page.waitForTimeout(50);
  await page.getByLabel(FIELD).and(page.locator(':enabled')).waitFor({ timeout: 60_000 });
  await page.getByLabel(FIELD).fill('huynh thi ngoc lan');
  await page.getByTestId('people').getByText('Huỳnh Thị Ngọc Lan').first().waitFor({ timeout: 60_000 });
  const usableMs = Date.now() - started;
  const entries = await page.evaluate(() =>
    performance.getEntriesByType('mark').map((e) => ({ name: e.name, startTime: e.startTime })),
  );
  // The last of each: the index is built once empty, then from the download.
  const at = (name: string) => entries.filter((e) => e.name === name).pop()?.startTime ?? Number.NaN;
  const start = at('directory-download-start');
  const marks = {
    signInToDownloadStart: start - clickedAt,
    fetched: at('directory-fetched') - start,
    decoded: at('directory-decoded') - start,
    stored: at('directory-stored') - start,
    indexReady: at('directory-index-ready') - start,
  };
  const people = await peopleCount(page);
  return { context, page, wire, usableMs, marks, people };
}

/** Types each query one key at a time into the directory page; the page measures input → results. */
async function typeInPage(page: Page): Promise<number[]> {
  const field = page.getByLabel(FIELD);
  await page.evaluate(() => performance.clearMeasures('directory-keystroke'));
  for (const query of QUERIES) {
    await field.fill('');
    await field.pressSequentially(query, { delay: 30 });
  }
  return page.evaluate(() => performance.getEntriesByName('directory-keystroke').map((e) => e.duration));
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

async function main(): Promise<void> {
  const search = measureSearch(OFFICIALS);
  console.log(`search index over ${search.people} officials built in ${fmt(search.buildMs, 0)} ms`);

  const dataDir = mkdtempSync(join(tmpdir(), 'thongsuot-directory-bench-'));
  process.env.SEED_OFFICIALS = String(OFFICIALS);
  const server = new ServerProcess(await freePort(), dataDir);
  const seedStarted = Date.now();
  await server.start();
  const seedMs = Date.now() - seedStarted;
  const browser = await launchChromium();
  try {
    const bundled = await newDevice(browser, server.url, false, search.people);
    const typed = summarize(await typeInPage(bundled.page));
    await bundled.context.close();
    // The baseline: the same unit docs through the sync socket (the bundle request is blocked).
    const socket = await newDevice(browser, server.url, true, search.people);
    await socket.context.close();

    const results = {
      officials: search.people,
      serverStartWithSeedMs: seedMs,
      searchNode: { buildMs: search.buildMs, ours: search.ours, naive: search.naive },
      searchInPage: typed,
      newDevice: {
        bundle: { usableMs: bundled.usableMs, wire: bundled.wire, marks: bundled.marks, people: bundled.people },
        socket: { usableMs: socket.usableMs, wire: socket.wire, people: socket.people },
      },
    };
    console.log(JSON.stringify(results, null, 2));
    const ks = keystrokes(QUERIES).length;
    console.log(`
| measure | ours | baseline | target |
|---|---|---|---|
| search per keystroke, Node (${ks} keystrokes × 5): median / p95 / max | ${fmt(search.ours.median, 2)} / ${fmt(search.ours.p95, 2)} / ${fmt(search.ours.max, 2)} ms | scan: ${fmt(search.naive.median)} / ${fmt(search.naive.p95)} / ${fmt(search.naive.max)} ms (${fmt(search.naive.median / search.ours.median, 0)}× slower at the median) | ≤ 16 ms |
| search per keystroke in the page, input → results rendered: median / p95 / max | ${fmt(typed.median)} / ${fmt(typed.p95)} / ${fmt(typed.max)} ms | — | ≤ 16 ms |
| new device, bytes for the directory | ${mb(bundled.wire.bundle + bundled.wire.unitFrames)} (bundle ${mb(bundled.wire.bundle)} + unit frames ${mb(bundled.wire.unitFrames)}) | socket: ${mb(socket.wire.unitFrames)} | ≤ 3 MB |
| new device, sign-in click → first search answered | ${fmt(bundled.usableMs / 1000, 2)} s | socket: ${fmt(socket.usableMs / 1000, 2)} s | ≤ 5 s |
| … of which: fetched / decoded / stored / index ready (ms after download start) | ${fmt(bundled.marks.fetched, 0)} / ${fmt(bundled.marks.decoded, 0)} / ${fmt(bundled.marks.stored, 0)} / ${fmt(bundled.marks.indexReady, 0)} | — | — |
| search index build, Node | ${fmt(search.buildMs, 0)} ms | — | — |
| server start incl. seeding ${search.people} officials | ${fmt(seedMs / 1000, 1)} s | — | — |`);
  } finally {
    await browser.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
