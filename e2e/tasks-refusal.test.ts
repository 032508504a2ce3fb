// Item 6 of the tasks issue: a change the relay refuses is explained to the person, and every
// device ends with the same doc — the server's state plus the accepted work still waiting,
// carried over when it was made after the refused change. The client's sync engine in Node
// (fake-indexeddb) against the real relay, as in sync-client-relay.test.ts.
import 'fake-indexeddb/auto';
import {
  addProgressReport,
  createTask,
  docId,
  readTask,
  setAssignmentStatus,
  setTaskDeadline,
  setTaskTitle,
} from '@thongsuot/shared';
import { afterEach, beforeEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestServer } from '../sync-server/src/testing/test-server.ts';
import { type NodeDevice, NodeDevices, serverDoc, statusWhere, synced } from './support/node-device.ts';

const devices = new NodeDevices();
let server: TestServer;

beforeEach(async () => {
  server = await new TestServer().start();
});
afterEach(async () => {
  await devices.closeAll();
  await server.stop();
});

const device = (username: string, userId: string, name = userId) => devices.open(server, username, name);

const ID = docId('task', 'refusal1');

/** The doc as the server stores it, merged from its stored updates. */
/** Waits (on stored changes, no sleeping) until the device's copy satisfies `test`. */
async function docWhere(d: NodeDevice, test: (doc: Y.Doc) => boolean, timeoutMs = 20_000): Promise<Y.Doc> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const doc = await d.repository.open(ID);
    if (test(doc)) return doc;
    if (Date.now() > until) {
      const stored = await serverDoc(server, ID);
      throw new Error(
        `doc stuck: pending=${doc.store.pendingStructs !== null} local=${JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(doc))])} server=${JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(stored))])}`,
      );
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, until - Date.now());
      const stops = [d.repository.onStored(() => done()), d.repository.onRebuilt(() => done())];
      function done(): void {
        clearTimeout(timer);
        for (const stop of stops) stop();
        resolve();
      }
    });
  }
}

it('a refused deadline change leaves every device on the server’s state, with the report made after it kept', async () => {
  const office = await device('vanphong', 'u-vanphong');
  office.sync.start();
  createTask(await office.repository.open(ID), {
    id: 'refusal1',
    title: 'Kiểm tra an toàn thực phẩm bếp ăn trường học',
    issuerId: 'u-vanphong',
    issuerUnitId: 'vp-ubnd',
    deadline: '2026-12-20',
    recipients: [{ id: 'phuong-ben-thanh', kind: 'unit' }],
    at: 1,
  });
  await office.repository.flushed();
  await statusWhere(office.sync, synced);

  const phone = await device('benthanh', 'u-benthanh', 'u-benthanh-phone');
  phone.sync.start();
  await statusWhere(phone.sync, synced);
  const desk = await device('benthanh', 'u-benthanh', 'u-benthanh-desk');
  desk.sync.start();
  await statusWhere(desk.sync, synced);

  // The phone goes offline; meanwhile the issuer edits the title (a concurrent edit that must survive).
  phone.sync.stop();
  setTaskTitle(await office.repository.open(ID), 'Kiểm tra an toàn thực phẩm bếp ăn trường học (đợt 2)');
  await office.repository.flushed();
  await statusWhere(office.sync, synced);
  // Offline on the phone: a change the rules forbid (only the issuer moves the deadline), then
  // real work that builds on it in the doc's event log.
  const offlineDoc = await phone.repository.open(ID);
  setTaskDeadline(offlineDoc, '2027-06-30', 'u-benthanh', 2);
  setAssignmentStatus(offlineDoc, 'phuong-ben-thanh', 'in_progress', 'u-benthanh', 3);
  addProgressReport(offlineDoc, {
    id: 'rep1',
    recipientId: 'phuong-ben-thanh',
    by: 'u-benthanh',
    at: 4,
    text: 'Đã kiểm tra 12/20 bếp ăn',
    percent: 60,
  });
  await phone.repository.flushed();
  expect(await phone.db.outbox.count()).toBe(3);

  // Back online: the deadline change is refused and explained, the rest arrives.
  const reconnected = (await devices.reopen(server, 'benthanh', phone)).sync;
  reconnected.start();
  const refused = await statusWhere(reconnected, (s) => s.refusal !== null);
  expect(refused.refusal?.message).toContain('Chỉ đơn vị giao việc mới được đổi hạn xử lý');
  await statusWhere(reconnected, synced);

  const onServer = readTask(await serverDoc(server, ID));
  expect(onServer?.deadline).toBe('2026-12-20');
  expect(onServer?.title).toContain('(đợt 2)');
  expect(onServer?.reports.map((r) => [r.id, r.percent, r.by])).toEqual([['rep1', 60, 'u-benthanh']]);
  expect(onServer?.assignments[0]?.status).toBe('in_progress');

  // Every device ends with the same doc: the phone that was refused, the ward's other device, the issuer.
  const same = (doc: Y.Doc) => {
    const t = readTask(doc);
    return t?.deadline === '2026-12-20' && t.title.includes('(đợt 2)') && t.reports.length === 1;
  };
  for (const d of [phone, desk, office]) {
    const doc = await docWhere(d, same);
    expect(readTask(doc)?.assignments[0]?.status).toBe('in_progress');
    expect((await d.db.tasks.get(ID))?.deadline).toBe('2026-12-20');
  }
  expect(await phone.db.outbox.count()).toBe(0);
});
