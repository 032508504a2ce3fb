import { directConversationId, readConversation } from '@thongsuot/shared/model/conversation';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { conversationRow } from './conv-projection.ts';
import { directDocId, markLatestRead, sendMessage } from './conversation-actions.ts';
import { messageIdsIn, pendingMessageIds } from './pending-messages.ts';
import { readBy, readState } from './receipts.ts';

const AN = 'u-an';
const BINH = 'u-binh';

/** Two replicas exchanging every update, as the relay would. */
function pair(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'b' && Y.applyUpdate(b, u, 'a'));
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'a' && Y.applyUpdate(a, u, 'b'));
  return [a, b];
}

describe('direct conversations', () => {
  it('are the same doc whoever writes first', () => {
    expect(directDocId(AN, BINH)).toBe(directDocId(BINH, AN));
    expect(directDocId(AN, BINH)).toBe(`conv/${directConversationId(AN, BINH)}`);
  });

  it('are started by the first message, on either side, offline, into one conversation', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    sendMessage(a, { me: AN, with: BINH, text: 'Chào anh', now: 1, id: 'm1' });
    sendMessage(b, { me: BINH, with: AN, text: 'Chào chị', now: 2, id: 'm2' });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const onA = readConversation(a);
    expect(onA?.members.map((m) => m.personId)).toEqual([AN, BINH]);
    expect(onA?.messages.map((m) => m.id).sort()).toEqual(['m1', 'm2']);
    expect(readConversation(b)?.messages.map((m) => m.id)).toEqual(onA?.messages.map((m) => m.id));
  });

  it('never shows a resent message twice', () => {
    const doc = new Y.Doc();
    sendMessage(doc, { me: AN, with: BINH, text: 'Một lần', now: 1, id: 'm1' });
    sendMessage(doc, { me: AN, with: BINH, text: 'Một lần', now: 1, id: 'm1' });
    expect(readConversation(doc)?.messages).toHaveLength(1);
  });

  it('refuses an empty message and writes nothing', () => {
    const doc = new Y.Doc();
    expect(() => sendMessage(doc, { me: AN, with: BINH, text: '   ', now: 1 })).toThrow();
    expect(readConversation(doc)).toBeNull();
  });
});

describe('message state', () => {
  it('finds the messages an outbox entry holds, and nothing in a read marker', () => {
    const [a, b] = pair();
    let last: Uint8Array = new Uint8Array();
    a.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== 'b') last = u;
    });
    sendMessage(a, { me: AN, with: BINH, text: 'Báo cáo số liệu', now: 1, id: 'm1' });
    expect(messageIdsIn(last)).toEqual(['m1']);
    markLatestRead(b, BINH, 5);
    sendMessage(a, { me: AN, text: 'Thứ hai', now: 6, id: 'm2' });
    expect(pendingMessageIds([{ data: last }])).toEqual(new Set(['m2']));
    const before = last;
    markLatestRead(a, AN, 7); // the latest is AN's own: nothing to mark
    expect(last).toBe(before);
    sendMessage(b, { me: BINH, text: 'Đã nhận', now: 8, id: 'm3' });
    markLatestRead(a, AN, 9);
    expect(last).not.toBe(before);
    expect(messageIdsIn(last)).toEqual([]);
  });

  it('says who read each of my messages, and when', () => {
    const [a, b] = pair();
    sendMessage(a, { me: AN, with: BINH, text: 'Một', now: 1, id: 'm1' });
    sendMessage(a, { me: AN, text: 'Hai', now: 2, id: 'm2' });
    markLatestRead(b, BINH, 10);
    sendMessage(a, { me: AN, text: 'Ba', now: 11, id: 'm3' });
    const conv = readConversation(a);
    if (!conv) throw new Error('no conversation');
    const state = readState(conv);
    expect(readBy(state, 'm1', AN)).toEqual([{ personId: BINH, at: 10 }]);
    expect(readBy(state, 'm2', AN)).toEqual([{ personId: BINH, at: 10 }]);
    expect(readBy(state, 'm3', AN)).toEqual([]);
  });
});

describe('the list row', () => {
  it('counts what each member has not read of the others’ messages', () => {
    const [a, b] = pair();
    sendMessage(a, { me: AN, with: BINH, text: 'Một', now: 1, id: 'm1' });
    sendMessage(a, { me: AN, text: 'Hai', now: 2, id: 'm2' });
    const docId = directDocId(AN, BINH);
    expect(conversationRow(docId, b)?.unread).toEqual({ [AN]: 0, [BINH]: 2 });
    markLatestRead(b, BINH, 3);
    sendMessage(b, { me: BINH, text: 'Đã nhận', now: 4, id: 'm3' });
    const row = conversationRow(docId, a);
    expect(row).toMatchObject({
      kind: 'direct',
      memberIds: [AN, BINH],
      lastText: 'Đã nhận',
      lastBy: BINH,
      lastAt: 4,
      messageCount: 3,
      unread: { [AN]: 1, [BINH]: 0 },
    });
  });

  it('is null for a doc that holds no conversation', () => {
    expect(conversationRow('conv/x', new Y.Doc())).toBeNull();
  });
});

describe('read markers', () => {
  // Concurrent messages are ordered by the writers' client ids: both orders are tried.
  it.each([
    [1, 2],
    [2, 1],
  ])('reach a message merged in before the reader’s own latest one (client ids %i, %i)', (idA, idB) => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.clientID = idA;
    b.clientID = idB;
    sendMessage(a, { me: AN, with: BINH, text: 'Một', now: 1, id: 'm1' });
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    markLatestRead(b, BINH, 2);
    // Concurrently: AN offline writes m2, BINH writes m3.
    sendMessage(a, { me: AN, text: 'Hai', now: 3, id: 'm2' });
    sendMessage(b, { me: BINH, text: 'Ba', now: 4, id: 'm3' });
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    markLatestRead(b, BINH, 5);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    const conv = readConversation(a);
    if (!conv) throw new Error('no conversation');
    expect(readBy(readState(conv), 'm2', AN)).toEqual([{ personId: BINH, at: 5 }]);
  });
});
