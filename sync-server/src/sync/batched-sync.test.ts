import { addTaskComment, readSyncPayload, readTask, setTaskDeadline, syncUpdate } from '@thongsuot/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { changeOf, copyOf, newTask } from '../testing/fixtures.ts';
import { isAck, isManifest, isSync } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';

// Each test starts a server (a worker thread, seeded accounts): slow on a busy 2-core machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

/**
 * docs/design.md §2, §10: a device reconnecting with edits in many docs is synced in a fixed
 * number of round trips — hello + outbox, then one subscribe for every doc the manifest lists.
 */
describe('reconnecting with edits in many docs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await new TestServer().start();
  });
  afterAll(async () => {
    await server.stop();
  });

  async function reconnectWithEdits(count: number, prefix: string): Promise<number> {
    const office = await server.peer('vanphong');
    const docs = Array.from({ length: count }, (_, i) => newTask(`${prefix}${i}`));
    for (const [i, doc] of docs.entries()) {
      office.send({
        type: 'sync',
        docId: `task/${prefix}${i}`,
        ref: i + 1,
        payload: syncUpdate(Y.encodeStateAsUpdate(doc)),
      });
    }
    await office.collect(isAck, count);
    office.send({ type: 'hello', cursor: 0 });
    const cursor = (await office.next(isManifest)).cursor;

    // The ward device copied every task, then went offline and commented on each.
    const ward = docs.map(copyOf);
    const outbox = ward.map((doc, i) =>
      changeOf(doc, (d) =>
        addTaskComment(d, { id: `c${i}`, by: 'u-benthanh', at: 1_700_000_100_000, text: 'Đã nhận' }),
      ),
    );
    // Meanwhile the office moved every deadline.
    docs.forEach((doc, i) => {
      const change = changeOf(doc, (d) => setTaskDeadline(d, '2027-03-01', 'u-vanphong', 1_700_000_200_000));
      office.send({ type: 'sync', docId: `task/${prefix}${i}`, ref: 1000 + i, payload: syncUpdate(change) });
    });
    await office.collect(isAck, count);

    const device = await server.peer('benthanh');
    // Round trip 1: hello and the whole outbox, without waiting.
    device.send({ type: 'hello', cursor });
    for (const [i, update] of outbox.entries()) {
      device.send({ type: 'sync', docId: `task/${prefix}${i}`, ref: i + 1, payload: syncUpdate(update) });
    }
    const manifest = await device.next(isManifest);
    expect(manifest.docIds).toHaveLength(count);
    await device.collect(isAck, Math.min(count, 1));
    // Round trip 2: one subscribe frame with every listed doc's state vector.
    const byId = new Map(ward.map((doc, i) => [`task/${prefix}${i}`, doc]));
    device.send({
      type: 'subscribe',
      docs: manifest.docIds.map((docId) => ({ docId, stateVector: Y.encodeStateVector(byId.get(docId) as Y.Doc) })),
    });
    const answers = await device.collect(isSync, count);
    for (const answer of answers) {
      const payload = readSyncPayload(answer.payload);
      if (payload.kind === 'step2') Y.applyUpdate(byId.get(answer.docId) as Y.Doc, payload.update);
    }
    for (const doc of ward) {
      const task = readTask(doc);
      expect(task?.deadline).toBe('2027-03-01');
      expect(task?.comments).toHaveLength(1);
    }
    const rounds = device.roundTrips;
    office.close();
    device.close();
    return rounds;
  }

  it('takes the same two round trips for 1 doc and for 100 docs', async () => {
    expect(await reconnectWithEdits(1, 'one')).toBe(2);
    expect(await reconnectWithEdits(100, 'many')).toBe(2);
  });
});
