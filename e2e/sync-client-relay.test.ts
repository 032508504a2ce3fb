// The client's sync engine against the real relay, in Node: real IndexedDB implementation
// (fake-indexeddb), real sockets, real SQLite file. Cross-package, so it lives in e2e/.
import 'fake-indexeddb/auto';
import { createTask, docId, readTask, setTaskDeadline } from '@thongsuot/shared';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DocRepository } from '../client/src/store/doc-repository.ts';
import { LocalDb } from '../client/src/store/local-db.ts';
import { SyncClient } from '../client/src/sync/sync-client.ts';
import type { SyncStatus } from '../client/src/sync/sync-status.ts';
import { TestServer } from '../sync-server/src/testing/test-server.ts';

interface Device {
  readonly db: LocalDb;
  readonly repository: DocRepository;
  readonly sync: SyncClient;
}

const devices: Device[] = [];

async function device(server: TestServer, username: string, userId: string): Promise<Device> {
  const cookie = await server.signIn(username);
  const db = new LocalDb(userId);
  const repository = new DocRepository(db);
  const sync = new SyncClient({
    url: server.wsUrl,
    db,
    repository,
    random: () => 0,
    createSocket: (url) => new WebSocket(url, { headers: { cookie } }) as unknown as globalThis.WebSocket,
  });
  const made = { db, repository, sync };
  devices.push(made);
  return made;
}

/** Resolves when the status satisfies `test`, checked on every change (no sleeping). */
function statusWhere(sync: SyncClient, test: (s: SyncStatus) => boolean, timeoutMs = 10_000): Promise<SyncStatus> {
  return new Promise((resolve, reject) => {
    if (test(sync.status)) return resolve(sync.status);
    const timer = setTimeout(() => reject(new Error(`status stuck at ${JSON.stringify(sync.status)}`)), timeoutMs);
    const stop = sync.subscribe(() => {
      if (test(sync.status)) {
        clearTimeout(timer);
        stop();
        resolve(sync.status);
      }
    });
  });
}

const synced = (s: SyncStatus) => s.connectivity === 'synced' && s.pending === 0;

function assign(doc: import('yjs').Doc, id: string): void {
  createTask(doc, {
    id,
    title: 'Kiểm tra an toàn phòng cháy chữa cháy',
    issuerId: 'u-vanphong',
    issuerUnitId: 'vp-ubnd',
    deadline: '2026-12-20',
    recipients: [{ id: 'phuong-ben-thanh', kind: 'unit' }],
    at: 1,
  });
}

describe('SyncClient against the relay', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await new TestServer().start();
  });
  afterEach(async () => {
    for (const d of devices.splice(0)) {
      d.sync.stop();
      d.repository.destroy();
      d.db.close();
      await Dexie.delete(d.db.name);
    }
    await server.stop();
  });

  it('sends a task made before connecting, clears the outbox on ack, and the recipient receives it', async () => {
    const office = await device(server, 'vanphong', 'u-vanphong');
    const id = docId('task', 'fire1');
    assign(await office.repository.open(id), 'fire1');
    await office.repository.flushed();
    expect(await office.db.outbox.count()).toBe(1);

    office.sync.start();
    await statusWhere(office.sync, synced);
    expect(await office.db.outbox.count()).toBe(0);
    expect(await server.app.context.docs.exists(id)).toBe(true);

    const ward = await device(server, 'benthanh', 'u-benthanh');
    ward.sync.start();
    await statusWhere(ward.sync, synced);
    expect((await ward.db.tasks.get(id))?.title).toBe('Kiểm tra an toàn phòng cháy chữa cháy');
  });

  it('keeps working through a server restart and delivers the edit made while disconnected', async () => {
    const office = await device(server, 'vanphong', 'u-vanphong');
    const ward = await device(server, 'benthanh', 'u-benthanh');
    office.sync.start();
    ward.sync.start();
    await statusWhere(office.sync, synced);
    await statusWhere(ward.sync, synced);
    const id = docId('task', 'fire2');
    const doc = await office.repository.open(id);
    assign(doc, 'fire2');
    await office.repository.flushed();
    await statusWhere(office.sync, synced);

    await server.app.server.close();
    await statusWhere(office.sync, (s) => s.connectivity !== 'synced');
    setTaskDeadline(doc, '2027-02-01', 'u-vanphong', 2);
    await office.repository.flushed();
    expect(await office.db.outbox.count()).toBe(1);
    await server.start();

    await statusWhere(office.sync, synced, 20_000);
    await statusWhere(ward.sync, synced, 20_000);
    const wardDoc = await ward.repository.open(id);
    await ward.repository.flushed();
    expect(readTask(wardDoc)?.deadline).toBe('2027-02-01');
  });

  it('shows a refused change and drops it from the outbox; the server copy is untouched', async () => {
    const office = await device(server, 'vanphong', 'u-vanphong');
    office.sync.start();
    const id = docId('task', 'fire3');
    assign(await office.repository.open(id), 'fire3');
    await office.repository.flushed();
    await statusWhere(office.sync, synced);

    const ward = await device(server, 'benthanh', 'u-benthanh');
    ward.sync.start();
    await statusWhere(ward.sync, synced);
    // The client would not offer this, but the server must not rely on that.
    setTaskDeadline(await ward.repository.open(id), '2030-01-01', 'u-benthanh', 3);
    const status = await statusWhere(ward.sync, (s) => s.refusal !== null);
    expect(status.refusal?.message).toContain('Only the issuer may change the deadline');
    await statusWhere(ward.sync, (s) => s.pending === 0);
    const stored = await server.app.context.docs.loadUpdates(id);
    expect(stored).toHaveLength(1);
  });
});
