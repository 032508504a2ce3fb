import { addTaskComment, readTask, syncStep1, syncUpdate } from '@thongsuot/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { FaultyDisk } from '../testing/faulty-disk.ts';
import { changeOf, newTask } from '../testing/fixtures.ts';
import { isAck, isError, isSync } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function start(): Promise<{ server: TestServer; disk: FaultyDisk }> {
  let disk!: FaultyDisk;
  const server = await new TestServer({
    wrapDocStore: (store) => {
      disk = new FaultyDisk(store);
      return disk;
    },
  }).start();
  servers.push(server);
  return { server, disk };
}

/** The stored doc, rebuilt from what is on disk. */
async function stored(server: TestServer, docId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  for (const u of await server.app.context.docs.loadUpdates(docId)) Y.applyUpdate(doc, u);
  return doc;
}

const comment = (id: string, text: string) => (d: Y.Doc) =>
  addTaskComment(d, { id, by: 'u-vanphong', at: 1_700_000_000_100, text });
const comments = (doc: Y.Doc) => readTask(doc)?.comments.map((c) => c.id) ?? [];

describe('a disk that fills up (storage failures)', () => {
  it('refuses the change with a retryable error, stores and relays nothing, and takes it once there is room', async () => {
    const { server, disk } = await start();
    const office = await server.peer('vanphong');
    const doc = newTask('full1');
    office.send({ type: 'sync', docId: 'task/full1', ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(doc)) });
    await office.next(isAck);
    const ward = await server.peer('benthanh');
    ward.send({ type: 'sync', docId: 'task/full1', ref: 0, payload: syncStep1(Y.encodeStateVector(new Y.Doc())) });
    await ward.next(isSync);

    disk.failNext = 1;
    const change = changeOf(doc, comment('k1', 'Đã tiếp nhận'));
    office.send({ type: 'sync', docId: 'task/full1', ref: 2, payload: syncUpdate(change) });
    expect(await office.next(isError)).toMatchObject({ ref: 2, code: 'storage_failed' });
    expect(comments(await stored(server, 'task/full1'))).toEqual([]);
    await expect(ward.next(isSync, 300)).rejects.toThrow('timed out');

    // Room again: the device's retry (the same update) is stored, acknowledged and relayed.
    office.send({ type: 'sync', docId: 'task/full1', ref: 3, payload: syncUpdate(change) });
    expect(await office.next(isAck)).toMatchObject({ refs: [3] });
    expect(comments(await stored(server, 'task/full1'))).toEqual(['k1']);
    expect((await ward.next(isSync)).docId).toBe('task/full1');
    office.close();
    ward.close();
  });

  it('never stores a change without the earlier one it was built on, when only the earlier commit failed', async () => {
    const { server, disk } = await start();
    const office = await server.peer('vanphong');
    const doc = newTask('full2');
    office.send({ type: 'sync', docId: 'task/full2', ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(doc)) });
    await office.next(isAck);

    // A's batch is held on its way to a disk that will fail it once; B, built on A, is applied
    // meanwhile and queued for the next batch, which would find room.
    const hold = disk.holdNextBatch();
    disk.failNext = 1;
    const a = changeOf(doc, comment('a', 'Lần một'));
    const b = changeOf(doc, comment('b', 'Lần hai'));
    office.send({ type: 'sync', docId: 'task/full2', ref: 10, payload: syncUpdate(a) });
    await hold.held;
    office.send({ type: 'sync', docId: 'task/full2', ref: 11, payload: syncUpdate(b) });
    await vi.waitFor(() => expect(server.app.context.commits.unsettled).toBe(2), { timeout: 10_000, interval: 5 });
    hold.release();

    expect(await office.next(isError)).toMatchObject({ ref: 10, code: 'storage_failed' });
    expect(await office.next(isError)).toMatchObject({ ref: 11, code: 'storage_failed' });
    await expect(office.next(isAck, 300)).rejects.toThrow('timed out');
    const onDisk = await stored(server, 'task/full2');
    expect(onDisk.store.pendingStructs).toBeNull();
    expect(comments(onDisk)).toEqual([]);

    // The device still holds both in its outbox and sends them again: both land, in order.
    office.send({ type: 'sync', docId: 'task/full2', ref: 12, payload: syncUpdate(a) });
    office.send({ type: 'sync', docId: 'task/full2', ref: 13, payload: syncUpdate(b) });
    const acked = [...(await office.next(isAck)).refs];
    if (acked.length < 2) acked.push(...(await office.next(isAck)).refs);
    expect(acked.sort()).toEqual([12, 13]);
    expect(comments(await stored(server, 'task/full2'))).toEqual(['a', 'b']);
    office.close();
  });
});
