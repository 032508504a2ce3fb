// PostgreSQL restarted under the relay (issue 15): the relay's documents on a PostgreSQL server of
// the test's own, stopped at once (as a crash) while a device writes. The writes are refused as
// retryable (`storage_failed`), the device keeps them in its outbox and sends them again; once the
// server is back they are stored, acknowledged and delivered. Nothing is lost. The device is the
// client's real sync engine in Node (fake-indexeddb), the relay the real one.
import 'fake-indexeddb/auto';
import { docId, readTask } from '@thongsuot/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migratePg, openPool } from '../sync-server/src/storage/pg/pg-database.ts';
import { PgDocStore } from '../sync-server/src/storage/pg/pg-doc-store.ts';
import { freePort } from '../sync-server/src/testing/free-port.ts';
import { PostgresServer } from '../sync-server/src/testing/postgres-server.ts';
import { TestServer } from '../sync-server/src/testing/test-server.ts';
import { directiveToWard, NodeDevices, statusWhere, synced } from './support/node-device.ts';

const devices = new NodeDevices();
let postgres: PostgresServer;
let store: PgDocStore;
let server: TestServer;

beforeAll(async () => {
  postgres = new PostgresServer(await freePort());
  await postgres.start();
  const options = { url: postgres.url, schema: 'relay', max: 4 };
  await migratePg(options);
  store = new PgDocStore(openPool(options));
  server = await new TestServer({ wrapDocStore: () => store }).start();
}, 60_000);

afterAll(async () => {
  await devices.closeAll();
  // Closes the store too.
  await server?.stop();
  await postgres?.remove();
});

it('refuses writes while PostgreSQL is down, as retryable; the device sends them again and none is lost', async () => {
  const office = await devices.open(server, 'vanphong', `office-${Math.random()}`);
  office.sync.start();
  directiveToWard(await office.repository.open(docId('task', 'before')), 'before', 'Trước khi máy chủ dữ liệu dừng');
  // Acknowledged, so stored.
  await expect.poll(() => store.exists(docId('task', 'before')), { timeout: 20_000 }).toBe(true);
  await statusWhere(office.sync, synced);

  await postgres.kill();
  const titles = ['Trong lúc dừng: một', 'Trong lúc dừng: hai', 'Trong lúc dừng: ba'];
  for (const [i, title] of titles.entries())
    directiveToWard(await office.repository.open(docId('task', `down${i}`)), `down${i}`, title);
  // Refused as retryable: the device says so, and keeps every one.
  await statusWhere(office.sync, (s) => s.delayed === 'storage_failed', 30_000);
  expect(office.sync.status.refusal).toBeNull();
  await expect.poll(() => office.db.outbox.count()).toBe(3);

  await postgres.start();
  await statusWhere(office.sync, synced, 60_000);
  expect(await office.db.outbox.count()).toBe(0);
  // Stored: each directive is on the server, and reaches the ward.
  for (const id of ['before', 'down0', 'down1', 'down2']) expect(await store.exists(docId('task', id))).toBe(true);
  const ward = await devices.open(server, 'benthanh', `ward-${Math.random()}`);
  ward.sync.start();
  await statusWhere(ward.sync, synced, 30_000);
  const got = await Promise.all(
    ['before', 'down0', 'down1', 'down2'].map(
      async (id) => readTask(await ward.repository.open(docId('task', id)))?.title,
    ),
  );
  expect(got).toEqual(['Trước khi máy chủ dữ liệu dừng', ...titles]);
}, 120_000);
