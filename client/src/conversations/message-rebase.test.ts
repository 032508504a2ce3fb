import { checkConversationChange } from '@thongsuot/shared/access/conversation-access';
import { appendToLog, readConvLog } from '@thongsuot/shared/model/conv-log';
import { createConversation, directConversationId, readConversation } from '@thongsuot/shared/model/conversation';
import { postMessage } from '@thongsuot/shared/model/message';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocRepository } from '../store/doc-repository.ts';
import { LocalDb } from '../store/local-db.ts';
import { directDocId, logDocIdFor, sendMessage } from './conversation-actions.ts';
import { pendingMessageIds } from './pending-messages.ts';

const opened: LocalDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const AN = { id: 'u-an', unitId: 'phuong-a', rank: 1 };
const BINH = { id: 'u-binh', unitId: 'phuong-b', rank: 1 };
const CONV_ID = directConversationId(AN.id, BINH.id);
const NOV = Date.UTC(2026, 10, 20, 3, 0);

describe('a conversation change the server refused', () => {
  it('keeps the messages written on the device: rewritten on the server’s state, once', async () => {
    // Both start the same direct conversation offline; the server took An's start first.
    // (Messages written before the month logs: they stay in the head doc, schema v1.)
    const server = new Y.Doc();
    createConversation(server, { id: CONV_ID, kind: 'direct', createdBy: AN.id, at: 1, members: [BINH.id] });
    postMessage(server, { id: 'from-an', by: AN.id, at: 1, text: 'Chào Bình' });
    const db = new LocalDb(BINH.id);
    opened.push(db);
    const repository = new DocRepository(db);
    const docId = directDocId(AN.id, BINH.id);
    const own = await repository.open(docId);
    createConversation(own, { id: CONV_ID, kind: 'direct', createdBy: BINH.id, at: 2, members: [AN.id] });
    postMessage(own, { id: 'from-binh', by: BINH.id, at: 2, text: 'Chào An' });
    await repository.flushed();

    // The server refused Binh's change: the sync client drops it from the outbox, then rebuilds.
    await db.outbox.where('docId').equals(docId).delete();
    const { carried } = await repository.rebuild(docId, Y.encodeStateAsUpdate(server));
    expect(carried).toEqual(['msg:from-binh']);
    const doc = await repository.open(docId);
    expect(readConversation(doc)?.createdBy).toBe(AN.id);
    expect(readConversation(doc)?.messages.map((m) => m.id)).toEqual(['from-an', 'from-binh']);
    // What waits in the outbox now is Binh's message on An's start, which the server accepts.
    await repository.flushed();
    const outbox = await db.outbox.where('docId').equals(docId).toArray();
    expect(pendingMessageIds(outbox)).toEqual(new Set(['from-binh']));
    const before = readConversation(server);
    for (const entry of outbox) Y.applyUpdate(server, entry.data);
    expect(checkConversationChange(BINH, before, readConversation(server)).ok).toBe(true);

    // Refused again for good: carried once, never in a loop.
    const again = await repository.rebuild(docId, Y.encodeStateAsUpdate(new Y.Doc()));
    expect(again.carried).toEqual([]);
  });

  it('keeps the messages of a refused month log: appended again on the server’s log, once', async () => {
    const db = new LocalDb(`${BINH.id}-log`);
    opened.push(db);
    const repository = new DocRepository(db);
    const docId = directDocId(AN.id, BINH.id);
    // The server's log of November holds An's message; Binh wrote one offline on another base.
    const server = new Y.Doc();
    await sendMessage(repository, docId, { me: BINH.id, with: AN.id, text: 'Chào An', now: NOV + 1, id: 'from-binh' });
    await repository.flushed();
    const logId = logDocIdFor(CONV_ID, NOV);
    appendToLog(server, CONV_ID, { id: 'from-an', by: AN.id, at: NOV, text: 'Chào Bình' });
    // Refused (say, a write the relay took for a conflicting start): rebuilt from the server's log.
    await db.outbox.where('docId').equals(logId).delete();
    const { carried } = await repository.rebuild(logId, Y.encodeStateAsUpdate(server));
    expect(carried).toEqual(['msg:from-binh']);
    const log = readConvLog(await repository.open(logId));
    expect(log?.messages.map((m) => m.id)).toEqual(['from-an', 'from-binh']);
    await repository.flushed();
    expect(pendingMessageIds(await db.outbox.where('docId').equals(logId).toArray())).toEqual(new Set(['from-binh']));
    expect((await db.convLogs.get(logId))?.count).toBe(2);
    // Refused again for good: carried once, never in a loop.
    await db.outbox.where('docId').equals(logId).delete();
    const again = await repository.rebuild(logId, Y.encodeStateAsUpdate(server));
    expect(again.carried).toEqual([]);
    expect(readConvLog(await repository.open(logId))?.messages.map((m) => m.id)).toEqual(['from-an']);
  });
});
