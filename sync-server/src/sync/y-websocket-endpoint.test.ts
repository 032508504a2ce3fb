import { addTaskComment, addTaskWatcher, readSyncPayload, readTask, syncUpdate } from '@thongsuot/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { changeOf, newTask } from '../testing/fixtures.ts';
import { isAck, isSync } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';

// Each test starts a server (a worker thread, seeded accounts): slow on a busy 2-core machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

/** The stock y-websocket client in Node, with the session in a header (never in the URL). */
function provider(server: TestServer, cookie: string, docId: string, doc: Y.Doc): WebsocketProvider {
  class SessionSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  return new WebsocketProvider(`${server.url.replace('http', 'ws')}/yjs`, docId, doc, {
    WebSocketPolyfill: SessionSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
}

/** Resolves when `test` holds, checked on every change of the doc (no polling). */
function until(doc: Y.Doc, test: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (test()) return resolve();
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
    const check = () => {
      if (!test()) return;
      clearTimeout(timer);
      doc.off('update', check);
      resolve();
    };
    doc.on('update', check);
  });
}

describe('the y-websocket-compatible endpoint (DESIGN.md §2)', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await new TestServer().start();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('lets a stock WebsocketProvider converge with a multiplexed client, under the same access rules', async () => {
    const office = await server.peer('vanphong');
    const task = newTask('y1');
    addTaskWatcher(task, 'unit:so-noi-vu', 'u-vanphong', 1);
    office.send({ type: 'sync', docId: 'task/y1', ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(task)) });
    await office.next(isAck);
    office.send({ type: 'subscribe', docs: [{ docId: 'task/y1', stateVector: Y.encodeStateVector(task) }] });
    await office.next(isSync);

    // A recipient on the stock client gets the task, comments, and the multiplexed client sees it.
    const wardDoc = new Y.Doc();
    const ward = provider(server, await server.signIn('benthanh'), 'task/y1', wardDoc);
    await until(wardDoc, () => readTask(wardDoc) !== null, 'the task on the stock client');
    addTaskComment(wardDoc, { id: 'c1', by: 'u-benthanh', at: 2, text: 'Đã nhận, đang xử lý' });
    const relayed = await office.next(isSync);
    const payload = readSyncPayload(relayed.payload);
    if (payload.kind !== 'step1') Y.applyUpdate(task, payload.update);
    expect(readTask(task)?.comments.map((c) => c.id)).toEqual(['c1']);

    // And the other way: the office's comment reaches the stock client.
    const change = changeOf(task, (d) => addTaskComment(d, { id: 'c2', by: 'u-vanphong', at: 3, text: 'Cảm ơn' }));
    office.send({ type: 'sync', docId: 'task/y1', ref: 2, payload: syncUpdate(change) });
    await office.next(isAck);
    await until(wardDoc, () => readTask(wardDoc)?.comments.length === 2, 'the office comment on the stock client');
    expect(Y.encodeStateAsUpdate(wardDoc)).toEqual(Y.encodeStateAsUpdate(task));

    // A read-only watcher on the stock client reads, but its edit is refused and never stored.
    const watcherDoc = new Y.Doc();
    const watcher = provider(server, await server.signIn('sonoivu'), 'task/y1', watcherDoc);
    await until(watcherDoc, () => readTask(watcherDoc)?.comments.length === 2, 'the task on the watcher');
    const storedBefore = (await server.app.context.docs.loadUpdates('task/y1')).length;
    addTaskComment(watcherDoc, { id: 'c3', by: 'u-sonoivu', at: 4, text: 'Góp ý' });
    await expect(office.next(isSync, 500)).rejects.toThrow('timed out');
    expect(await server.app.context.docs.loadUpdates('task/y1')).toHaveLength(storedBefore);

    // Someone who may not read the task is refused before the upgrade.
    const outsiderDoc = new Y.Doc();
    const outsider = provider(server, await server.signIn('condao'), 'task/y1', outsiderDoc);
    await new Promise((resolve) => outsider.once('connection-close', resolve));
    expect(outsider.wsconnected).toBe(false);
    expect(readTask(outsiderDoc)).toBeNull();
    for (const p of [ward, watcher, outsider]) p.destroy();
    office.close();
  });
});
