import {
  AUTH_IN_FIRST_MESSAGE,
  addTaskComment,
  addTaskWatcher,
  encodeMessage,
  readSyncPayload,
  syncStep1,
  syncUpdate,
  writeAwarenessPayload,
} from '@thongsuot/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { changeOf, copyOf, newTask } from '../testing/fixtures.ts';
import { isAck, isAwareness, isError, isSync, TestPeer } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';

// Each test starts a server (a worker thread, seeded accounts): slow on a busy 2-core machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});
async function start(options: ConstructorParameters<typeof TestServer>[0] = {}): Promise<TestServer> {
  const server = await new TestServer(options).start();
  servers.push(server);
  return server;
}

async function storeTask(server: TestServer, id: string, edit?: (doc: Y.Doc) => void): Promise<Y.Doc> {
  const office = await server.peer('vanphong');
  const doc = newTask(id);
  edit?.(doc);
  office.send({ type: 'sync', docId: `task/${id}`, ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(doc)) });
  await office.next(isAck);
  office.close();
  return doc;
}

describe('hostile input (docs/design.md §4)', () => {
  it('refuses a write that hangs the apply worker within the time limit, and carries on', async () => {
    const server = await start({
      // Generous: the limit must catch a hang, never a slow but honest apply (the first write
      // below) on a CI machine whose two cores are busy with other test files.
      applyTimeoutMs: 10_000,
      applyWorkerData: { entry: new URL('../testing/hanging-engine-worker.ts', import.meta.url).href },
    });
    const doc = await storeTask(server, 'ok1');
    const office = await server.peer('vanphong');
    office.send({
      type: 'sync',
      docId: 'task/hang',
      ref: 9,
      payload: syncUpdate(Y.encodeStateAsUpdate(newTask('hang'))),
    });
    // Queued behind it, on another doc: replayed on the fresh worker, not lost.
    const change = changeOf(doc, (d) =>
      addTaskComment(d, { id: 'k1', by: 'u-vanphong', at: 1_700_000_002_000, text: 'Tiếp tục' }),
    );
    office.send({ type: 'sync', docId: 'task/ok1', ref: 10, payload: syncUpdate(change) });
    expect(await office.next(isError, 30_000)).toMatchObject({ docId: 'task/hang', ref: 9, code: 'timeout' });
    expect(await office.next(isAck, 30_000)).toMatchObject({ docId: 'task/ok1', refs: [10] });
    expect(await server.app.context.docs.exists('task/hang')).toBe(false);
    expect(server.app.context.engine.restarts).toBe(1);
    office.close();
  }, 90_000); // boots a worker, hangs it and boots its replacement: slow on a loaded machine

  it('refuses updates over the size cap with an error and closes on frames over the socket cap', async () => {
    const server = await start({ limits: { maxUpdateBytes: 1000 } });
    const office = await server.peer('vanphong');
    office.send({ type: 'sync', docId: 'task/big', ref: 3, payload: syncUpdate(new Uint8Array(2000)) });
    expect(await office.next(isError)).toMatchObject({ ref: 3, code: 'too_large' });
    office.send({ type: 'hello', cursor: 0 });
    const closed = office.closed();
    office.sendRaw(new Uint8Array(5 * 1024 * 1024));
    expect(await closed).toBe(1009);
  });

  it('rate-limits a connection without disturbing another', async () => {
    let now = 1_000_000;
    const server = await start({ now: () => now, limits: { frameBurst: 20, framesPerSecond: 10 } });
    const noisy = await server.peer('vanphong');
    const calm = await server.peer('benthanh');
    for (let i = 0; i < 30; i++) noisy.send({ type: 'hello', cursor: 0 });
    const errors = await noisy.collect(isError, 10);
    expect(errors.every((e) => e.code === 'rate_limited')).toBe(true);
    calm.send({ type: 'hello', cursor: 0 });
    await calm.next((m): m is Extract<typeof m, { type: 'manifest' }> => m.type === 'manifest');
    now += 1000; // ten more frames allowed
    noisy.send({ type: 'hello', cursor: 0 });
    await noisy.next((m): m is Extract<typeof m, { type: 'manifest' }> => m.type === 'manifest');
    noisy.close();
    calm.close();
  });

  it("refuses a read-only watcher's writes (update and sync step 2) with an error frame", async () => {
    const server = await start();
    const doc = await storeTask(server, 'w1', (d) =>
      addTaskWatcher(d, 'unit:so-noi-vu', 'u-vanphong', 1_700_000_001_000),
    );
    const watcher = await server.peer('sonoivu');
    watcher.send({ type: 'sync', docId: 'task/w1', ref: 0, payload: syncStep1(new Uint8Array([0])) });
    expect(readSyncPayload((await watcher.next(isSync)).payload).kind).toBe('step2');
    const comment = changeOf(copyOf(doc), (d) =>
      addTaskComment(d, { id: 'x', by: 'u-sonoivu', at: 1_700_000_003_000, text: 'Góp ý' }),
    );
    watcher.send({ type: 'sync', docId: 'task/w1', ref: 4, payload: syncUpdate(comment) });
    expect(await watcher.next(isError)).toMatchObject({ ref: 4, code: 'forbidden' });
    const step2 = new Uint8Array([1, ...encodeVarBytes(comment)]);
    watcher.send({ type: 'sync', docId: 'task/w1', ref: 5, payload: step2 });
    expect(await watcher.next(isError)).toMatchObject({ ref: 5, code: 'forbidden' });
    expect(await server.app.context.docs.loadUpdates('task/w1')).toHaveLength(1);
    watcher.close();
  });

  it('relays awareness only for the sender’s own client id', async () => {
    const server = await start();
    await storeTask(server, 'aw');
    const a = await server.peer('vanphong');
    const b = await server.peer('benthanh');
    b.send({ type: 'subscribe', docs: [{ docId: 'task/aw', stateVector: new Uint8Array([0]) }] });
    await b.next(isSync);
    const state = (clientId: number, clock: number) =>
      writeAwarenessPayload([{ clientId, clock, stateJson: '{"user":{"name":"An"}}' }]);
    a.send({ type: 'awareness', docId: 'task/aw', payload: state(11, 1) });
    expect((await b.next(isAwareness)).docId).toBe('task/aw');
    a.send({ type: 'awareness', docId: 'task/aw', payload: state(12, 1) });
    expect((await a.next(isError)).code).toBe('forbidden');
    // b may not claim a's client id either, nor send two clients at once.
    b.send({ type: 'awareness', docId: 'task/aw', payload: state(11, 2) });
    expect((await b.next(isError)).code).toBe('forbidden');
    const two = writeAwarenessPayload([
      { clientId: 21, clock: 1, stateJson: '{}' },
      { clientId: 22, clock: 1, stateJson: '{}' },
    ]);
    b.send({ type: 'awareness', docId: 'task/aw', payload: two });
    expect((await b.next(isError)).code).toBe('forbidden');
    // Leaving tells the others the client is gone.
    a.close();
    const gone = await b.next(isAwareness);
    expect(gone.docId).toBe('task/aw');
    b.close();
  });

  it('accepts a session token in an Authorization header or in the first message, never in the URL', async () => {
    const server = await start();
    const token = await server.token('benthanh');
    const byHeader = await TestPeer.connect(server.wsUrl, { authorization: `Bearer ${token}` });
    byHeader.send({ type: 'hello', cursor: 0 });
    await byHeader.next((m): m is Extract<typeof m, { type: 'manifest' }> => m.type === 'manifest');
    byHeader.close();
    const byMessage = await TestPeer.connect(server.wsUrl, {}, [AUTH_IN_FIRST_MESSAGE]);
    byMessage.send({ type: 'auth', token });
    byMessage.send({ type: 'hello', cursor: 0 });
    await byMessage.next((m): m is Extract<typeof m, { type: 'manifest' }> => m.type === 'manifest');
    byMessage.close();
    const wrong = await TestPeer.connect(server.wsUrl, {}, [AUTH_IN_FIRST_MESSAGE]);
    const closed = wrong.closed();
    wrong.sendRaw(encodeMessage({ type: 'auth', token: 'nope' }));
    expect(await closed).toBe(4401);
    await expect(TestPeer.connect(`${server.wsUrl}?token=${token}`, {})).rejects.toThrow('401');
  });
});

function encodeVarBytes(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let n = bytes.length;
  while (n > 127) {
    out.push((n & 127) | 128);
    n >>>= 7;
  }
  out.push(n);
  return [...out, ...bytes];
}
