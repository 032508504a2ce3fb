import { DEMO_PASSWORD } from '@thongsuot/shared';
import { appendManyToLog, convLogId } from '@thongsuot/shared/model/conv-log';
import { createConversation } from '@thongsuot/shared/model/conversation';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { conversationBase, mergeConversationRow, segmentRows } from '../client/src/conversations/conv-projection.ts';
import { desktopContext, SCREENSHOTS, signIn, syncState } from './support/browser.ts';
import { useRig } from './support/rig.ts';

const rig = useRig('history');

/**
 * A long history as another device's sync would have left it in this browser's IndexedDB: the
 * head doc and four month logs of 30 messages (May to August 2026), with the rows the repository
 * writes alongside. Messages are `<month>/<n>`.
 */
async function storeHistory(page: Page, convId: string, me: string, other: string): Promise<void> {
  const head = new Y.Doc();
  createConversation(head, { id: convId, kind: 'group', title: 'Lịch sử dài', createdBy: other, at: 1, members: [me] });
  const updates = [{ docId: `conv/${convId}`, data: [...Y.encodeStateAsUpdate(head)] }];
  const summaries = [];
  const orders = [];
  for (const month of [5, 6, 7, 8]) {
    const period = `2026${String(month).padStart(2, '0')}`;
    const docId = `convlog/${convLogId(convId, period)}`;
    const messages = Array.from({ length: 30 }, (_, n) => ({
      id: `t${month}-${n}`,
      by: other,
      at: Date.UTC(2026, month - 1, 10, n),
      text: `${month}/${n}`,
    }));
    const log = new Y.Doc();
    appendManyToLog(log, convId, messages);
    updates.push({ docId, data: [...Y.encodeStateAsUpdate(log)] });
    const rows = segmentRows(docId, convId, period, messages);
    summaries.push(rows.summary);
    orders.push(rows.order);
  }
  const base = conversationBase(`conv/${convId}`, head);
  if (!base) throw new Error('no conversation');
  const row = mergeConversationRow(base, summaries, new Map());
  await page.evaluate(
    async ({ updates, summaries, orders, row }) => {
      const name = (await indexedDB.databases()).map((d) => d.name ?? '').find((n) => n.startsWith('thongsuot-')) ?? '';
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction(['updates', 'convLogs', 'convLogOrders', 'conversations'], 'readwrite');
      for (const u of updates) tx.objectStore('updates').add({ docId: u.docId, data: new Uint8Array(u.data) });
      for (const s of summaries) tx.objectStore('convLogs').put(s);
      for (const o of orders) tx.objectStore('convLogOrders').put(o);
      tx.objectStore('conversations').put(row);
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { updates, summaries, orders, row },
  );
}

it('a long conversation opens on its latest months and scrolls back a month at a time, staying put', async () => {
  const context = await desktopContext(rig.browser);
  const page = await context.newPage();
  await signIn(page, rig.server.url, 'benthanh', DEMO_PASSWORD);
  await syncState(page, 'Đã đồng bộ');
  // Offline: the relay has never heard of this conversation and would take it back from the device.
  await context.setOffline(true);
  await syncState(page, 'Ngoại tuyến');
  await storeHistory(page, 'lich-su-dai', 'u-benthanh', 'u-saigon');
  await page.goto(`${rig.server.url}/conversations/lich-su-dai`);
  const list = page.getByTestId('message-list');
  const row = (text: string) => list.locator('[data-index]').filter({ has: page.getByText(text, { exact: true }) });
  const indexOf = async (text: string) => Number(await row(text).getAttribute('data-index'));
  await row('8/29').waitFor({ timeout: 30_000 });
  // 40 messages fill the first screen: August (30) and July are opened, not June or May.
  expect(await indexOf('8/29')).toBe(59);
  // Scrolled to the top: June is prepended; the message that was at the top stays where it was.
  await list.evaluate((el) => {
    el.scrollTop = 0;
  });
  await row('7/0').waitFor();
  const before = (await row('7/0').boundingBox())?.y ?? 0;
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid=message-list] [data-index]')];
    return rows.some((r) => r.textContent?.includes('6/29'));
  });
  expect(await indexOf('7/0')).toBe(30);
  // Once the prepended month's rows are measured, the row is back where it was (a loaded machine
  // may show an in-between frame while the list corrects its estimate).
  await expect
    .poll(async () => Math.abs(((await row('7/0').boundingBox())?.y ?? 0) - before), { timeout: 5_000 })
    .toBeLessThan(80);
  await page.screenshot({ path: `${SCREENSHOTS}53-chat-history-scrolled-back.png` });
  // Again: May, and then there is nothing earlier.
  await list.evaluate((el) => {
    el.scrollTop = 0;
  });
  await row('6/0').waitFor();
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid=message-list] [data-index]')];
    return rows.some((r) => r.textContent?.includes('5/29'));
  });
  expect(await indexOf('6/0')).toBe(30);
  await context.close();
});
