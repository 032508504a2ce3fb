// The client's sync engine against the real relay, in Node: real IndexedDB implementation
// (fake-indexeddb), real sockets, real SQLite file. Cross-package, so it lives in e2e/.
import 'fake-indexeddb/auto';
import { createTask, docId, readTask, setTaskDeadline } from '@thongsuot/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DOC_POLICIES } from '../sync-server/src/sync/doc-policies.ts';
import { FaultyDisk } from '../sync-server/src/testing/faulty-disk.ts';
import { TestServer } from '../sync-server/src/testing/test-server.ts';
import { NodeDevices, serverDoc, statusWhere, synced } from './support/node-device.ts';

const devices = new NodeDevices();
const device = (server: TestServer, username: string, userId: string) => devices.open(server, username, userId);

function assign(doc: Y.Doc, id: string): void {
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
    await devices.closeAll();
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

  it('says the server could not save a change (full disk), keeps it, and sends it again by itself', async () => {
    await server.stop();
    let disk!: FaultyDisk;
    server = await new TestServer({
      wrapDocStore: (store) => {
        disk = new FaultyDisk(store);
        return disk;
      },
    }).start();
    const office = await device(server, 'vanphong', 'u-vanphong');
    office.sync.start();
    await statusWhere(office.sync, synced);
    const opened = server.app.context.registry.size;

    disk.failNext = 3; // three commits in a row find no room
    const id = docId('task', 'full1');
    assign(await office.repository.open(id), 'full1');
    await office.repository.flushed();
    const delayed = await statusWhere(office.sync, (s) => s.delayed === 'storage_failed');
    expect(delayed.pending).toBe(1);
    expect(delayed.refusal).toBeNull();

    const after = await statusWhere(office.sync, (s) => synced(s) && s.delayed === null && s.pending === 0);
    expect(after.refusal).toBeNull();
    expect(disk.failNext).toBe(0);
    expect(await office.db.outbox.count()).toBe(0);
    expect(readTask(await serverDoc(server, id))?.title).toBe('Kiểm tra an toàn phòng cháy chữa cháy');
    // Sent again on the same connection, not by reconnecting.
    expect(server.app.context.registry.size).toBe(opened);
  });

  /** Stores `count` tasks for the ward straight into the server's store, as a seeded city would be. */
  async function storeTasks(prefix: string, count: number): Promise<void> {
    const policy = DOC_POLICIES.task as NonNullable<(typeof DOC_POLICIES)['task']>;
    const writes = Array.from({ length: count }, (_, i) => {
      const doc = new Y.Doc();
      assign(doc, `${prefix}${i}`);
      return {
        docId: docId('task', `${prefix}${i}`),
        kind: 'task' as const,
        update: Y.encodeStateAsUpdate(doc),
        projection: policy.projection(readTask(doc), doc),
        audit: [],
      };
    });
    await server.app.context.docs.appendBatch(writes, 1);
  }

  it('a device whose manifest lists more docs than its frame budget still gets every one', async () => {
    await server.stop();
    server = await new TestServer({ limits: { frameBurst: 20, framesPerSecond: 10 } }).start();
    await storeTasks('many', 120);

    const ward = await device(server, 'benthanh', 'u-benthanh');
    ward.sync.start();
    await statusWhere(ward.sync, synced);
    expect(await ward.db.tasks.count()).toBe(120);
  });

  it('a device whose manifest passes the relay’s read backlog asks again for what was refused', async () => {
    await server.stop();
    // 1,200 docs in three subscribe frames: the first is queued, the others refused whole.
    server = await new TestServer({ limits: { readsPerSecond: 600, readBurst: 100, maxQueuedReads: 700 } }).start();
    await storeTasks('queued', 1200);

    const ward = await device(server, 'benthanh', 'u-benthanh');
    ward.sync.start();
    await statusWhere(ward.sync, synced, 60_000);
    expect(await ward.db.tasks.count()).toBe(1200);
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
    expect(status.refusal?.message).toContain('Chỉ đơn vị giao việc mới được đổi hạn xử lý');
    await statusWhere(ward.sync, (s) => s.pending === 0);
    const stored = await server.app.context.docs.loadUpdates(id);
    expect(stored).toHaveLength(1);
  });
});
