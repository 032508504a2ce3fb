// The new-device first sync of `pnpm bench:client` (issue 17, item 10): a fresh browser context
// (empty IndexedDB) signs in on the 50,000-official city whose relay holds the City Chairman's
// directives, and is timed from the sign-in click to (a) the inbox showing rows (the first
// `inbox-rendered` mark with rows > 0) and (b) the header saying "Đã đồng bộ". Each run is done
// the current way and the old way (`thongsuot.firstSync` = 'naive' in localStorage, read once
// by the sync engine), alternating, in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTask, DEMO_PASSWORD, decodeMessage, encodeMessage, syncUpdate } from '@thongsuot/shared';
import type { Browser } from 'playwright-core';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { prng } from '../../client/bench/prng.ts';
import { AccountStore } from '../../sync-server/src/storage/account-store.ts';
import { openDatabase } from '../../sync-server/src/storage/sqlite-database.ts';
import { plainFrame } from '../../sync-server/src/testing/plain-frame.ts';
import { desktopContext } from '../support/browser.ts';
import { freePort, ServerProcess } from '../support/server-process.ts';
import { signInCookie } from './session.ts';

export const FIRST_SYNC_MODE_KEY = 'thongsuot.firstSync';
export type FirstSyncMode = 'current' | 'naive';

export interface FirstSyncRun {
  /** Sign-in click → the inbox shows rows. */
  usableMs: number;
  /** Sign-in click → the header says synced. */
  syncedMs: number;
  /** Sign-in click → the header says synced for good (nothing pending, then quiet for 3 s). */
  settledMs: number;
  rows: number;
  /** Whether "no work" was ever on screen before the sync completed (must stay false). */
  saidNoWork: boolean;
}

/**
 * The Chairman issues `tasks` directives over the relay (as his device would), to 1–4 of the
 * local units each (2% to all of them), one in `wardShare` also to `ward`; resolves once all are acked.
 */
export async function seedDirectives(
  url: string,
  units: readonly string[],
  ward: string,
  tasks: number,
  wardShare = 0.1,
): Promise<void> {
  const random = prng(2026);
  const cookie = await signInCookie(url, 'chutich');
  const socket = new WebSocket(`${url.replace('http', 'ws')}/sync`, { headers: { cookie } });
  let acked = 0;
  let onAck = (): void => {};
  await new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('open', () => socket.send(encodeMessage({ type: 'hello', cursor: 0 })));
    socket.on('message', (data: Buffer) => {
      const message = decodeMessage(plainFrame(new Uint8Array(data)));
      if (message.type === 'manifest') resolve();
      if (message.type === 'ack') {
        acked += message.refs.length;
        onAck();
      }
      if (message.type === 'error') reject(new Error(`seeding refused: ${message.code} ${message.message}`));
    });
  });
  const WINDOW = 200;
  const day = (offset: number) => new Date(Date.UTC(2026, 11, 1) + offset * 86_400_000).toISOString().slice(0, 10);
  for (let i = 0; i < tasks; i += 1) {
    if (i - acked >= WINDOW) await new Promise<void>((resolve) => (onAck = resolve));
    const recipients = new Set<string>();
    const fanOut = random() < 0.02 ? units.length : 1 + Math.floor(random() * 4);
    if (random() < wardShare) recipients.add(ward);
    while (recipients.size < Math.min(fanOut, units.length)) {
      recipients.add(units[Math.floor(random() * units.length)] as string);
    }
    const id = `city${String(i).padStart(6, '0')}`;
    const doc = new Y.Doc();
    createTask(doc, {
      id,
      title: `Chỉ đạo số ${i}/UBND-TP: kiểm tra, báo cáo tình hình thực hiện tại địa phương`,
      body: 'Đề nghị các đơn vị khẩn trương triển khai, báo cáo kết quả trước thời hạn.',
      issuerId: 'u-chutich',
      issuerUnitId: 'ubnd-tp',
      deadline: day(Math.floor(random() * 120) - 30),
      recipients: [...recipients].map((r) => ({ id: r, kind: 'unit' as const })),
      at: Date.UTC(2026, 8, 1) + i * 60_000,
    });
    const update = Y.encodeStateAsUpdate(doc);
    socket.send(encodeMessage({ type: 'sync', docId: `task/${id}`, ref: i + 1, payload: syncUpdate(update) }));
  }
  while (acked < tasks) await new Promise<void>((resolve) => (onAck = resolve));
  socket.close();
}

/** One new device: a fresh context, sign-in, timed to a usable inbox and to synced. */
export async function firstSync(
  browser: Browser,
  url: string,
  username: string,
  mode: FirstSyncMode,
): Promise<FirstSyncRun> {
  const context = await desktopContext(browser);
  await context.addInitScript(
    ([key, value]) => {
      if (value === 'naive') localStorage.setItem(key, value);
      else localStorage.removeItem(key);
      // Records when "synced" and "no work" first show, as the DOM changes (not polled).
      const seen: Record<string, number> = {};
      (globalThis as unknown as { benchSeen: Record<string, number> }).benchSeen = seen;
      new MutationObserver(() => {
        const state = document.querySelector('[data-testid="sync-state"]')?.textContent ?? '';
        const synced = state.includes('Đã đồng bộ') && !document.querySelector('[data-testid="sync-pending"]');
        if (seen.synced === undefined && state.includes('Đã đồng bộ')) seen.synced = Date.now();
        if (synced && seen.inSync === undefined) seen.inSync = Date.now();
        if (!synced) delete seen.inSync;
        if (seen.noWork === undefined && document.querySelector('.empty')?.textContent?.startsWith('Chưa có việc')) {
          seen.noWork = Date.now();
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    },
    [FIRST_SYNC_MODE_KEY, mode] as const,
  );
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  const clicked = Date.now();
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const usable = await page.waitForFunction(
    () => {
      const marks = performance.getEntriesByName('inbox-rendered') as PerformanceMark[];
      const mark = marks.find((m) => (m.detail as { rows: number }).rows > 0);
      return mark
        ? { at: performance.timeOrigin + mark.startTime, rows: (mark.detail as { rows: number }).rows }
        : null;
    },
    undefined,
    { timeout: 180_000, polling: 50 },
  );
  const { at, rows } = (await usable.jsonValue()) as { at: number; rows: number };
  const seen = await page.waitForFunction(
    () => {
      const s = (globalThis as unknown as { benchSeen: Record<string, number> }).benchSeen;
      return s.synced !== undefined ? s : null;
    },
    undefined,
    { timeout: 180_000, polling: 50 },
  );
  const { synced, noWork } = (await seen.jsonValue()) as { synced: number; noWork?: number };
  const settled = await page.waitForFunction(
    () => {
      const s = (globalThis as unknown as { benchSeen: Record<string, number> }).benchSeen;
      return s.inSync !== undefined && Date.now() - s.inSync >= 3_000 ? s.inSync : null;
    },
    undefined,
    { timeout: 300_000, polling: 100 },
  );
  const settledAt = (await settled.jsonValue()) as number;
  await context.close();
  return {
    usableMs: at - clicked,
    syncedMs: synced - clicked,
    settledMs: settledAt - clicked,
    rows,
    saidNoWork: noWork !== undefined && noWork < synced,
  };
}

const LOCAL_KINDS = ['ward', 'commune', 'special_zone'];
const WARD = 'phuong-ben-thanh';

export interface FirstSyncOptions {
  readonly officials: number;
  readonly tasks: number;
  readonly runs: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** A relay on the `officials`-strong generated city holding the Chairman's `tasks` directives. */
async function seededRelay(
  options: FirstSyncOptions,
): Promise<{ server: ServerProcess; dataDir: string; seedMs: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'thongsuot-bench-first-'));
  const server = new ServerProcess(await freePort(), dataDir, undefined, { SEED_OFFICIALS: String(options.officials) });
  await server.start();
  const db = openDatabase(join(dataDir, 'thongsuot.sqlite'));
  const units = new AccountStore(db)
    .units()
    .filter((u) => LOCAL_KINDS.includes(u.kind))
    .map((u) => u.id);
  db.close();
  const started = Date.now();
  await seedDirectives(server.url, units, WARD, options.tasks);
  return { server, dataDir, seedMs: Date.now() - started };
}

/**
 * New devices of a ward's chairman (`benthanh`: the directives to the ward, each recorded as
 * received by the device) and of the City Chairman (`chutich`: every directive of the city's
 * committee), each way `runs` times, alternating. Every device signs in on a freshly seeded
 * relay, so none finds the work of the one before (deliveries already recorded).
 */
export async function measureFirstSync(browser: Browser, options: FirstSyncOptions) {
  const results: Record<string, Record<FirstSyncMode, FirstSyncRun[]>> = {};
  let seedMs = 0;
  for (const user of ['benthanh', 'chutich']) {
    const runs: Record<FirstSyncMode, FirstSyncRun[]> = { current: [], naive: [] };
    for (let run = 0; run < options.runs; run += 1) {
      for (const mode of run % 2 === 0 ? (['naive', 'current'] as const) : (['current', 'naive'] as const)) {
        const relay = await seededRelay(options);
        seedMs = relay.seedMs;
        try {
          const r = await firstSync(browser, relay.server.url, user, mode);
          console.error(
            `first sync ${user} ${mode}: usable ${r.usableMs} ms (${r.rows} rows), synced ${r.syncedMs} ms, settled ${r.settledMs} ms`,
          );
          runs[mode].push(r);
        } finally {
          await relay.server.kill();
          rmSync(relay.dataDir, { recursive: true, force: true });
        }
      }
    }
    results[user] = runs;
  }
  return { officials: options.officials, tasks: options.tasks, seedMs, results };
}

/** The table of `measureFirstSync`'s results (medians, naive/current ratios). */
export function firstSyncTable(r: Awaited<ReturnType<typeof measureFirstSync>>): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const lines = [
    `| new device, ${r.officials.toLocaleString('en')}-official city, ${r.tasks.toLocaleString('en')} directives on the relay | inbox shows rows: now / before (ratio) | "Đã đồng bộ" first: now / before (ratio) | settled (synced, nothing pending): now / before (ratio) | rows at first render | "no work" shown early |`,
    '|---|---|---|---|---|---|',
  ];
  for (const [user, runs] of Object.entries(r.results)) {
    const u = (m: FirstSyncMode) => median(runs[m].map((x) => x.usableMs));
    const f = (m: FirstSyncMode) => median(runs[m].map((x) => x.syncedMs));
    const q = (m: FirstSyncMode) => median(runs[m].map((x) => x.settledMs));
    const early = [...runs.current, ...runs.naive].some((x) => x.saidNoWork);
    lines.push(
      `| ${user} (median of ${runs.current.length}) | ${s(u('current'))} / ${s(u('naive'))} (${(u('naive') / u('current')).toFixed(1)}×) | ${s(f('current'))} / ${s(f('naive'))} (${(f('naive') / f('current')).toFixed(1)}×) | ${s(q('current'))} / ${s(q('naive'))} (${(q('naive') / q('current')).toFixed(1)}×) | ${runs.current[0]?.rows} | ${early ? 'YES' : 'no'} |`,
    );
  }
  return lines.join('\n');
}
