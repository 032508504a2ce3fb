import {
  addTaskComment,
  addTaskWatcher,
  appendToLog,
  messagePeriod,
  readConvLog,
  readReceipts,
  readSyncPayload,
  readTask,
  removeConversationMember,
  syncUpdate,
} from '@thongsuot/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { changeOf, newConversation, newTask } from '../testing/fixtures.ts';
import { isAck, isSync } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';
import { provider, until } from '../testing/y-websocket-client.ts';

// Each test starts a server (a worker thread, seeded accounts): slow on a busy 2-core machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe('the y-websocket-compatible endpoint (docs/design.md §2)', () => {
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
    addTaskWatcher(task, 'unit:so-noi-vu', 'u-vanphong', 1_700_000_001_000);
    office.send({ type: 'sync', docId: 'task/y1', ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(task)) });
    await office.next(isAck);
    office.send({ type: 'subscribe', docs: [{ docId: 'task/y1', stateVector: Y.encodeStateVector(task) }] });
    await office.next(isSync);

    // A recipient on the stock client gets the task, comments, and the multiplexed client sees it.
    const wardDoc = new Y.Doc();
    const ward = provider(server, await server.signIn('benthanh'), 'task/y1', wardDoc);
    await until(wardDoc, () => readTask(wardDoc) !== null, 'the task on the stock client');
    addTaskComment(wardDoc, { id: 'c1', by: 'u-benthanh', at: 1_700_000_002_000, text: 'Đã nhận, đang xử lý' });
    const relayed = await office.next(isSync);
    const payload = readSyncPayload(relayed.payload);
    if (payload.kind !== 'step1') Y.applyUpdate(task, payload.update);
    expect(readTask(task)?.comments.map((c) => c.id)).toEqual(['c1']);

    // And the other way: the office's comment reaches the stock client.
    const change = changeOf(task, (d) =>
      addTaskComment(d, { id: 'c2', by: 'u-vanphong', at: 1_700_000_003_000, text: 'Cảm ơn' }),
    );
    office.send({ type: 'sync', docId: 'task/y1', ref: 2, payload: syncUpdate(change) });
    await office.next(isAck);
    await until(wardDoc, () => readTask(wardDoc)?.comments.length === 2, 'the office comment on the stock client');
    // The same task on both; the stock client also holds the relay's receipts (docs/design.md §11).
    expect(readTask(wardDoc)).toEqual(readTask(task));
    expect(readReceipts(wardDoc).has('comments/c2')).toBe(true);

    // A read-only watcher on the stock client reads, but its edit is refused and never stored.
    const watcherDoc = new Y.Doc();
    const watcher = provider(server, await server.signIn('sonoivu'), 'task/y1', watcherDoc);
    await until(watcherDoc, () => readTask(watcherDoc)?.comments.length === 2, 'the task on the watcher');
    const storedBefore = (await server.app.context.docs.loadUpdates('task/y1')).length;
    addTaskComment(watcherDoc, { id: 'c3', by: 'u-sonoivu', at: 1_700_000_004_000, text: 'Góp ý' });
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

  it("serves a conversation's message log to its members only, and closes it for a removed one", async () => {
    const owner = await server.peer('vanphong');
    const conv = newConversation('yc', 'u-vanphong', ['u-vanphong', 'u-benthanh']);
    const at = 1_700_000_000_000;
    const logId = `convlog/yc_${messagePeriod(at)}`;
    const log = new Y.Doc();
    appendToLog(log, 'yc', { id: 'm1', by: 'u-vanphong', at, text: 'Họp lúc 9 giờ' });
    owner.send({ type: 'sync', docId: 'conv/yc', ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(conv)) });
    owner.send({ type: 'sync', docId: logId, ref: 2, payload: syncUpdate(Y.encodeStateAsUpdate(log)) });
    await owner.next((m): m is Extract<typeof m, { type: 'ack' }> => isAck(m) && m.docId === logId);

    // The member reads and posts through the stock client; the owner gets the post.
    const memberDoc = new Y.Doc();
    const member = provider(server, await server.signIn('benthanh'), logId, memberDoc);
    await until(memberDoc, () => readConvLog(memberDoc)?.messages.length === 1, 'the log on the stock client');
    appendToLog(memberDoc, 'yc', { id: 'b1', by: 'u-benthanh', at: at + 1, text: 'Đã rõ' });
    const relayed = readSyncPayload(
      (await owner.next((m): m is Extract<typeof m, { type: 'sync' }> => isSync(m) && m.docId === logId)).payload,
    );
    if (relayed.kind !== 'step1') Y.applyUpdate(log, relayed.update);
    expect(readConvLog(log)?.messages.map((m) => m.id)).toEqual(['m1', 'b1']);

    // A non-member is refused before the upgrade.
    const outsiderDoc = new Y.Doc();
    const outsider = provider(server, await server.signIn('saigon'), logId, outsiderDoc);
    await new Promise((resolve) => outsider.once('connection-close', resolve));
    expect(outsider.wsconnected).toBe(false);
    expect(readConvLog(outsiderDoc)).toBeNull();

    // Removed from the conversation, the member's log socket is closed (4403: the stock client
    // does not retry), a new one is refused, and later messages reach neither.
    const closed = new Promise<{ code: number }>((resolve) => member.once('closed', resolve));
    const removal = changeOf(conv, (d) => removeConversationMember(d, 'u-benthanh', 'u-vanphong', at + 2));
    owner.send({ type: 'sync', docId: 'conv/yc', ref: 3, payload: syncUpdate(removal) });
    expect((await closed).code).toBe(4403);
    const againDoc = new Y.Doc();
    const again = provider(server, await server.signIn('benthanh'), logId, againDoc);
    await new Promise((resolve) => again.once('connection-close', resolve));
    expect(again.wsconnected).toBe(false);
    const later = changeOf(log, (d) => appendToLog(d, 'yc', { id: 'm2', by: 'u-vanphong', at: at + 3, text: 'Riêng' }));
    owner.send({ type: 'sync', docId: logId, ref: 4, payload: syncUpdate(later) });
    await owner.next((m): m is Extract<typeof m, { type: 'ack' }> => isAck(m) && m.refs.includes(4));
    expect(readConvLog(memberDoc)?.messages.map((m) => m.id)).toEqual(['m1', 'b1']);
    expect(readConvLog(againDoc)).toBeNull();
    for (const p of [member, outsider, again]) p.destroy();
    owner.close();
  });
});
