import { checkConversationChange } from '@thongsuot/shared/access/conversation-access';
import { readConversation } from '@thongsuot/shared/model/conversation';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocRepository } from '../store/doc-repository.ts';
import { LocalDb } from '../store/local-db.ts';
import { directDocId, sendMessage } from './conversation-actions.ts';
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

describe('a conversation change the server refused', () => {
  it('keeps the messages written on the device: rewritten on the server’s state, once', async () => {
    // Both start the same direct conversation offline; the server took An's start first.
    const server = new Y.Doc();
    sendMessage(server, { me: AN.id, with: BINH.id, text: 'Chào Bình', now: 1, id: 'from-an' });
    const db = new LocalDb(BINH.id);
    opened.push(db);
    const repository = new DocRepository(db);
    const docId = directDocId(AN.id, BINH.id);
    sendMessage(await repository.open(docId), { me: BINH.id, with: AN.id, text: 'Chào An', now: 2, id: 'from-binh' });
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
});
