import { addTaskComment, readSyncPayload, syncStep1, syncUpdate } from '@thongsuot/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newTask } from '../testing/fixtures.ts';
import { isAck, isSync } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await new TestServer().start();
});
afterAll(async () => {
  await server.stop();
});

it('packs a large frame for a device that asked for it, and sends it as it is to one that did not', async () => {
  // A task with a long thread: its whole state is several KB.
  const office = await server.peer('vanphong');
  const task = newTask('packed1');
  for (let n = 0; n < 40; n++) {
    addTaskComment(task, {
      id: `c${n}`,
      by: 'u-vanphong',
      at: 1_700_000_000_000 + n,
      text: `Ý kiến số ${n}: đề nghị phường báo cáo tiến độ trước ngày họp giao ban.`,
    });
  }
  office.send({ type: 'sync', docId: 'task/packed1', ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(task)) });
  await office.next(isAck);
  // The app asks where its browser has DecompressionStream; Safari before 16.4 does not.
  const modern = await server.peer('benthanh');
  const older = await server.peer('benthanh', { packed: false });
  const states = await Promise.all(
    [modern, older].map(async (peer) => {
      peer.send({ type: 'sync', docId: 'task/packed1', ref: 0, payload: syncStep1(new Uint8Array([0])) });
      const m = await peer.next(
        (x): x is Extract<typeof x, { type: 'sync' }> => isSync(x) && x.docId === 'task/packed1',
      );
      return readSyncPayload(m.payload);
    }),
  );
  expect(modern.packedFrames).toBe(1);
  expect(older.packedFrames).toBe(0);
  const [packed, plain] = states;
  expect(plain?.kind).toBe('step2');
  expect(plain?.kind === 'step2' ? plain.update.byteLength : 0).toBeGreaterThan(2048);
  expect(packed).toEqual(plain);
  const copy = new Y.Doc();
  if (packed?.kind === 'step2') Y.applyUpdate(copy, packed.update);
  // The state holds all the task's writes (and the relay's receipts besides).
  const have = Y.decodeStateVector(Y.encodeStateVector(copy));
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(task))) {
    expect(have.get(client)).toBe(clock);
  }
  for (const peer of [office, modern, older]) peer.close();
});
