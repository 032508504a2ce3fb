// PostgreSQL restarted under three relay nodes (issue 15): the nodes run as a deployment runs them
// (docs, the log of their own records, fan-out and limits shared) on a PostgreSQL server of the
// test's own, stopped at once (as a crash) while the office's device writes through node A and the
// ward's device stays connected to node C. The writes are refused as retryable (`storage_failed`),
// the device keeps them in its outbox and sends them again; once the server is back they are
// stored, acknowledged and delivered to the ward live. A sign-in meanwhile is refused as a server
// fault, not as a wrong password, and works once the server is back. Nothing is lost. The devices
// are the client's real sync engine in Node (fake-indexeddb), the relays the real ones.
import 'fake-indexeddb/auto';
import { DEMO_PASSWORD, docId, readTask } from '@thongsuot/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../sync-server/src/testing/free-port.ts';
import { TestCluster } from '../sync-server/src/testing/pg-cluster.ts';
import { PostgresServer } from '../sync-server/src/testing/postgres-server.ts';
import type { TestServer } from '../sync-server/src/testing/test-server.ts';
import { directiveToWard, NodeDevices, statusWhere, synced } from './support/node-device.ts';

const devices = new NodeDevices();
const cluster = new TestCluster();
let postgres: PostgresServer;
let a: TestServer;
let b: TestServer;
let c: TestServer;

beforeAll(async () => {
  postgres = new PostgresServer(await freePort());
  await postgres.start();
  [a, b, c] = (await cluster.start(3, undefined, { url: postgres.url, schema: 'relay', max: 4 })) as [
    TestServer,
    TestServer,
    TestServer,
  ];
}, 120_000);

afterAll(async () => {
  await devices.closeAll();
  await cluster.stop();
  await postgres?.remove();
});

const exists = async (id: string) => (await a.app.context.docs.exists(docId('task', id)).catch(() => false)) === true;

it('refuses writes while PostgreSQL is down, as retryable; the device sends them again and none is lost', async () => {
  const office = await devices.open(a, 'vanphong', `office-${Math.random()}`);
  office.sync.start();
  const ward = await devices.open(c, 'benthanh', `ward-${Math.random()}`);
  ward.sync.start();
  await statusWhere(ward.sync, synced, 30_000);
  directiveToWard(await office.repository.open(docId('task', 'before')), 'before', 'Trước khi máy chủ dữ liệu dừng');
  // Acknowledged, so stored.
  await expect.poll(() => exists('before'), { timeout: 20_000 }).toBe(true);
  await statusWhere(office.sync, synced);

  await postgres.kill();
  const titles = ['Trong lúc dừng: một', 'Trong lúc dừng: hai', 'Trong lúc dừng: ba'];
  for (const [i, title] of titles.entries())
    directiveToWard(await office.repository.open(docId('task', `down${i}`)), `down${i}`, title);
  // Refused as retryable: the device says so, and keeps every one.
  await statusWhere(office.sync, (s) => s.delayed === 'storage_failed', 30_000);
  expect(office.sync.status.refusal).toBeNull();
  await expect.poll(() => office.db.outbox.count()).toBe(3);
  // A sign-in needs the log of the nodes' records: refused as the server's fault (the form then
  // says the server has a problem), never as a wrong password.
  const signIn = () =>
    b.app.server.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'saigon', password: DEMO_PASSWORD },
    });
  const refused = await signIn();
  expect(refused.statusCode).toBeGreaterThanOrEqual(500);
  // The node tells the proxy it is not ready, and why.
  const unready = await b.app.server.inject({ method: 'GET', url: '/readyz' });
  expect(unready.statusCode).toBe(503);
  expect(unready.json().checks.shared).not.toBe('ok');

  await postgres.start();
  await statusWhere(office.sync, synced, 60_000);
  expect(await office.db.outbox.count()).toBe(0);
  for (const id of ['before', 'down0', 'down1', 'down2']) expect(await exists(id)).toBe(true);
  // The ward's device, on node C throughout, has every one.
  const titlesOnWard = async () =>
    Promise.all(
      ['before', 'down0', 'down1', 'down2'].map(
        async (id) => readTask(await ward.repository.open(docId('task', id)))?.title,
      ),
    );
  await expect.poll(titlesOnWard, { timeout: 30_000 }).toEqual(['Trước khi máy chủ dữ liệu dừng', ...titles]);
  await expect.poll(async () => (await signIn()).statusCode, { timeout: 30_000 }).toBe(200);
  expect((await b.app.server.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({
    status: 'ready',
    checks: { storage: 'ok', workers: 'ok', shared: 'ok' },
  });
}, 180_000);
