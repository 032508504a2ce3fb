import {
  addConversationMember,
  appendToLog,
  type ConversationMessage,
  type Message,
  messagePeriod,
  previousPeriod,
  readConvLog,
  readSyncPayload,
  removeConversationMember,
  syncStep1,
  syncUpdate,
} from '@thongsuot/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { changeOf, newConversation } from '../testing/fixtures.ts';
import { isManifest, isSync, isUnsubscribed, type TestPeer } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';

// Each test starts a server (a worker thread, seeded accounts): slow on a busy 2-core machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const AT = 1_700_000_000_000;
const PERIOD = messagePeriod(AT);
const LOG = `convlog/g1_${PERIOD}`;

type SyncFrame = Extract<Message, { type: 'sync' }>;

const syncOf =
  (docId: string) =>
  (m: Message): m is SyncFrame =>
    isSync(m) && m.docId === docId;

function message(id: string, by: string): ConversationMessage {
  return { id, by, at: AT, text: `Tin nhắn ${id}` };
}

/** Appends to `log` (as conversation `convId`) and sends the change to `docId`. */
function post(peer: TestPeer, log: Y.Doc, docId: string, ref: number, m: ConversationMessage, convId = 'g1'): void {
  const change = changeOf(log, (d) => appendToLog(d, convId, m));
  peer.send({ type: 'sync', docId, ref, payload: syncUpdate(change) });
}

function apply(doc: Y.Doc, frame: SyncFrame): void {
  const payload = readSyncPayload(frame.payload);
  if (payload.kind !== 'step1') Y.applyUpdate(doc, payload.update);
}

const messageIds = (doc: Y.Doc) => readConvLog(doc)?.messages.map((m) => m.id);

describe("a conversation's monthly message logs, served with the access of the conversation", () => {
  let server: TestServer;
  let owner: TestPeer;
  let conv: Y.Doc;
  beforeEach(async () => {
    server = await new TestServer().start();
    owner = await server.peer('vanphong');
    conv = newConversation('g1', 'u-vanphong', ['u-vanphong', 'u-benthanh']);
  });
  afterEach(async () => {
    owner.close();
    await server.stop();
  });

  /** Creates conv/g1 and its first message in one burst, without waiting in between. */
  async function startConversation(): Promise<Y.Doc> {
    const log = new Y.Doc();
    owner.send({ type: 'sync', docId: 'conv/g1', ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(conv)) });
    post(owner, log, LOG, 2, message('m1', 'u-vanphong'));
    expect((await owner.verdict(1)).type).toBe('ack');
    expect(await owner.verdict(2)).toMatchObject({ type: 'ack' });
    return log;
  }

  it('relays a message live to the other member and to no one else, and takes their reply', async () => {
    const member = await server.peer('benthanh');
    const outsider = await server.peer('saigon');
    const log = await startConversation();

    const copy = new Y.Doc();
    apply(copy, await member.next(syncOf(LOG)));
    expect(messageIds(copy)).toEqual(['m1']);
    post(member, copy, LOG, 5, message('m2', 'u-benthanh'));
    expect((await member.verdict(5)).type).toBe('ack');
    apply(log, await owner.next(syncOf(LOG)));
    expect(messageIds(log)).toEqual(['m1', 'm2']);

    // Posting in someone else's name is refused by the log's own rules.
    post(member, copy, LOG, 6, message('m3', 'u-vanphong'));
    expect(await member.verdict(6)).toMatchObject({ type: 'error', code: 'forbidden' });
    await expect(outsider.next(syncOf(LOG), 300)).rejects.toThrow('timed out');
    expect(await server.app.context.docs.readersOf(LOG)).toEqual(
      expect.arrayContaining(['user:u-vanphong', 'user:u-benthanh']),
    );
    member.close();
    outsider.close();
  });

  it("refuses a non-member's write, creating or appending, stores none of it, and reads them nothing", async () => {
    const outsider = await server.peer('saigon');
    owner.send({ type: 'sync', docId: 'conv/g1', ref: 1, payload: syncUpdate(Y.encodeStateAsUpdate(conv)) });
    await owner.verdict(1);

    post(outsider, new Y.Doc(), LOG, 1, message('x1', 'u-saigon'));
    const creating = await outsider.verdict(1);
    expect(creating).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(creating.type === 'error' && creating.message).toContain('Chỉ thành viên của cuộc trao đổi conv/g1');
    expect(await server.app.context.docs.exists(LOG)).toBe(false);

    const log = new Y.Doc();
    post(owner, log, LOG, 2, message('m1', 'u-vanphong'));
    await owner.verdict(2);
    const stored = await server.app.context.docs.loadUpdates(LOG);
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(log));
    post(outsider, forged, LOG, 2, message('x2', 'u-saigon'));
    expect(await outsider.verdict(2)).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await server.app.context.docs.loadUpdates(LOG)).toEqual(stored);

    outsider.send({ type: 'sync', docId: LOG, ref: 3, payload: syncStep1(new Uint8Array([0])) });
    expect(await outsider.verdict(3)).toMatchObject({ type: 'error', code: 'not_found' });
    outsider.send({ type: 'hello', cursor: 0 });
    expect((await outsider.next(isManifest)).docIds).toEqual([]);
    outsider.close();
  });

  it('refuses a log of a conversation that does not exist, and one whose content names another log', async () => {
    const missing = `convlog/nope_${PERIOD}`;
    post(owner, new Y.Doc(), missing, 1, message('m1', 'u-vanphong'), 'nope');
    const refusal = await owner.verdict(1);
    expect(refusal).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(refusal.type === 'error' && refusal.message).toContain('Không có cuộc trao đổi conv/nope');

    owner.send({ type: 'sync', docId: 'conv/g1', ref: 2, payload: syncUpdate(Y.encodeStateAsUpdate(conv)) });
    await owner.verdict(2);
    // Another conversation's log, and another month's, sent under this log's id.
    post(owner, new Y.Doc(), LOG, 3, message('m2', 'u-vanphong'), 'g2');
    expect(await owner.verdict(3)).toMatchObject({ type: 'error', code: 'forbidden' });
    post(owner, new Y.Doc(), `convlog/g1_${previousPeriod(PERIOD)}`, 4, message('m3', 'u-vanphong'));
    expect(await owner.verdict(4)).toMatchObject({ type: 'error', code: 'forbidden' });
    // An id that names no month.
    post(owner, new Y.Doc(), 'convlog/g1', 5, message('m4', 'u-vanphong'));
    expect(await owner.verdict(5)).toMatchObject({ type: 'error', code: 'bad_frame' });
    for (const id of [missing, LOG, `convlog/g1_${previousPeriod(PERIOD)}`, 'convlog/g1']) {
      expect(await server.app.context.docs.exists(id)).toBe(false);
    }
  });

  it('gives a newly added member the existing logs: live on an open socket, and in the manifest', async () => {
    const log = await startConversation();
    const newcomer = await server.peer('saigon');
    newcomer.send({ type: 'hello', cursor: 0 });
    const before = await newcomer.next(isManifest);
    expect(before.docIds).toEqual([]);

    const added = changeOf(conv, (d) => addConversationMember(d, 'u-saigon', 'member', 'u-vanphong', AT + 1));
    owner.send({ type: 'sync', docId: 'conv/g1', ref: 3, payload: syncUpdate(added) });
    expect((await owner.verdict(3)).type).toBe('ack');
    const pushed = await newcomer.next(syncOf(LOG));
    expect(readSyncPayload(pushed.payload).kind).toBe('step2');
    const copy = new Y.Doc();
    apply(copy, pushed);
    expect(messageIds(copy)).toEqual(['m1']);

    // Another device of theirs, reconnecting with the cursor from before they were added.
    const laptop = await server.peer('saigon');
    laptop.send({ type: 'hello', cursor: before.cursor });
    expect((await laptop.next(isManifest)).docIds).toEqual(['conv/g1', LOG]);
    laptop.send({ type: 'sync', docId: LOG, ref: 0, payload: syncStep1(new Uint8Array([0])) });
    const onLaptop = new Y.Doc();
    apply(onLaptop, await laptop.next(syncOf(LOG)));
    expect(messageIds(onLaptop)).toEqual(['m1']);

    // Their first message reaches the others.
    post(laptop, onLaptop, LOG, 1, message('s1', 'u-saigon'));
    expect((await laptop.verdict(1)).type).toBe('ack');
    apply(log, await owner.next(syncOf(LOG)));
    expect(messageIds(log)).toEqual(['m1', 's1']);
    newcomer.close();
    laptop.close();
  });

  it('unsubscribes a removed member from the logs within 5 s; they can no longer read or write them', async () => {
    const member = await server.peer('benthanh');
    const log = await startConversation();
    const copy = new Y.Doc();
    apply(copy, await member.next(syncOf(LOG)));

    const started = Date.now();
    const removal = changeOf(conv, (d) => removeConversationMember(d, 'u-benthanh', 'u-vanphong', AT + 1));
    owner.send({ type: 'sync', docId: 'conv/g1', ref: 3, payload: syncUpdate(removal) });
    await owner.verdict(3);
    const gone = (await member.collect(isUnsubscribed, 2)).flatMap((m) => m.docIds);
    expect(gone.sort()).toEqual(['conv/g1', LOG]);
    expect(Date.now() - started).toBeLessThan(5000);

    post(owner, log, LOG, 4, message('m2', 'u-vanphong'));
    await owner.verdict(4);
    await expect(member.next(syncOf(LOG), 300)).rejects.toThrow('timed out');
    post(member, copy, LOG, 1, message('b1', 'u-benthanh'));
    expect(await member.verdict(1)).toMatchObject({ type: 'error', code: 'forbidden' });
    member.send({ type: 'sync', docId: LOG, ref: 2, payload: syncStep1(Y.encodeStateVector(copy)) });
    expect(await member.verdict(2)).toMatchObject({ type: 'error', code: 'not_found' });
    expect(await server.app.context.docs.readersOf(LOG)).toEqual(['user:u-vanphong']);
    member.close();
  });

  it("keeps the logs' readers across a restart", async () => {
    await startConversation();
    const changed = changeOf(conv, (d) => {
      addConversationMember(d, 'u-saigon', 'member', 'u-vanphong', AT + 1);
      removeConversationMember(d, 'u-benthanh', 'u-vanphong', AT + 1);
    });
    owner.send({ type: 'sync', docId: 'conv/g1', ref: 3, payload: syncUpdate(changed) });
    await owner.verdict(3);
    owner.close();
    await server.restart();
    owner = await server.peer('vanphong');

    const newcomer = await server.peer('saigon');
    newcomer.send({ type: 'hello', cursor: 0 });
    expect((await newcomer.next(isManifest)).docIds).toEqual(['conv/g1', LOG]);
    newcomer.send({ type: 'sync', docId: LOG, ref: 1, payload: syncStep1(new Uint8Array([0])) });
    const copy = new Y.Doc();
    apply(copy, await newcomer.next(syncOf(LOG)));
    expect(messageIds(copy)).toEqual(['m1']);
    post(newcomer, copy, LOG, 2, message('s1', 'u-saigon'));
    expect((await newcomer.verdict(2)).type).toBe('ack');

    const removed = await server.peer('benthanh');
    removed.send({ type: 'hello', cursor: 0 });
    expect((await removed.next(isManifest)).docIds).toEqual([]);
    post(removed, copy, LOG, 1, message('b1', 'u-benthanh'));
    expect(await removed.verdict(1)).toMatchObject({ type: 'error', code: 'forbidden' });
    newcomer.close();
    removed.close();
  });
});
