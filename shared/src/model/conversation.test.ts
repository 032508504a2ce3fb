import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addConversationMember,
  createConversation,
  directConversationId,
  readConversation,
  removeConversationMember,
  setConversationTitle,
} from './conversation.ts';
import { markRead, postMessage, unreadCount } from './message.ts';
import { makeReplicas, mergeAll, reload, syncInto } from './replica-harness.ts';

function group(): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 1;
  createConversation(doc, {
    id: 'c1',
    kind: 'group',
    title: 'Tổ công tác ngập',
    createdBy: 'a',
    at: 1,
    members: ['b', 'c'],
  });
  return doc;
}

describe('conversation model', () => {
  it('creates a group with its owner and members', () => {
    const conv = readConversation(group());
    expect(conv?.members.map((m) => [m.personId, m.role])).toEqual([
      ['a', 'owner'],
      ['b', 'member'],
      ['c', 'member'],
    ]);
  });

  it('gives a direct conversation the same id whoever starts it', () => {
    expect(directConversationId('u-1', 'u-2')).toBe(directConversationId('u-2', 'u-1'));
    expect(directConversationId('u-1', 'u-2')).not.toBe(directConversationId('u-1', 'u-3'));
    const id = directConversationId('u-1', 'u-2');
    expect(() =>
      createConversation(new Y.Doc(), { id: 'dm-x', kind: 'direct', createdBy: 'u-1', at: 1, members: ['u-2'] }),
    ).toThrow();
    expect(() =>
      createConversation(new Y.Doc(), { id, kind: 'direct', createdBy: 'u-1', at: 1, members: ['u-2', 'u-3'] }),
    ).toThrow();
    const doc = new Y.Doc();
    createConversation(doc, { id, kind: 'direct', createdBy: 'u-1', at: 1, members: ['u-2'] });
    expect(readConversation(doc)?.members).toHaveLength(2);
  });

  it('requires a case conversation to name its task', () => {
    expect(() =>
      createConversation(new Y.Doc(), { id: 'c', kind: 'case', createdBy: 'a', at: 1, members: ['b'] }),
    ).toThrow(/task/);
  });

  it('counts unread messages from the read marker, ignoring my own', () => {
    const doc = group();
    postMessage(doc, { id: 'm1', by: 'a', at: 2, text: 'Chào' });
    postMessage(doc, { id: 'm2', by: 'b', at: 3, text: 'Đã nhận' });
    postMessage(doc, { id: 'm3', by: 'c', at: 4, text: 'Ok' });
    postMessage(doc, { id: 'm3', by: 'c', at: 4, text: 'Ok' });
    markRead(doc, 'a', 'm2', 5);
    markRead(doc, 'a', 'm1', 6);
    const conv = readConversation(doc);
    expect(conv?.messages).toHaveLength(3);
    expect(unreadCount(conv?.messages ?? [], conv?.readMarkers.get('a'), 'a')).toBe(1);
    expect(unreadCount(conv?.messages ?? [], undefined, 'a')).toBe(2);
    expect(() => postMessage(doc, { id: 'm4', by: 'zed', at: 7, text: 'hi' })).toThrow(/member/);
  });
});

const opArb = fc.oneof(
  fc.record({ kind: fc.constant('post' as const), by: fc.nat(3) }),
  fc.record({ kind: fc.constant('add' as const), who: fc.nat(5) }),
  fc.record({ kind: fc.constant('remove' as const), who: fc.nat(5) }),
  fc.record({ kind: fc.constant('read' as const), who: fc.nat(3) }),
  fc.record({ kind: fc.constant('title' as const), t: fc.constantFrom('Tổ A', 'Tổ B') }),
  fc.record({ kind: fc.constant('sync' as const), to: fc.nat(4) }),
);
const PEOPLE = ['a', 'b', 'c', 'd', 'e', 'f'];

describe('conversation convergence (property)', () => {
  it('random concurrent edits on 2–5 replicas converge, and no message or member is lost', () => {
    const scenario = fc.record({
      count: fc.integer({ min: 2, max: 5 }),
      steps: fc.array(fc.record({ at: fc.nat(4), op: opArb }), { maxLength: 40 }),
      orders: fc.array(fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 5, maxLength: 5 }), {
        minLength: 5,
        maxLength: 5,
      }),
    });
    fc.assert(
      fc.property(scenario, ({ count, steps, orders }) => {
        const replicas = makeReplicas(group(), count);
        const posted = new Set<string>();
        const added = new Set<string>();
        steps.forEach(({ at, op }, n) => {
          const doc = replicas[at % count] as Y.Doc;
          const conv = readConversation(doc);
          if (!conv) throw new Error('invalid replica');
          const who = PEOPLE['who' in op ? op.who : 'by' in op ? op.by : 0] ?? 'a';
          const member = conv.members.some((m) => m.personId === who);
          if (op.kind === 'post' && member) {
            postMessage(doc, { id: `m${n}`, by: who, at: 10 + n, text: `tin ${n}` });
            posted.add(`m${n}`);
          } else if (op.kind === 'add') {
            addConversationMember(doc, who, 'member', 'a', 10 + n);
            added.add(who);
          } else if (op.kind === 'remove' && member) removeConversationMember(doc, who, 'a', 10 + n);
          else if (op.kind === 'read' && conv.messages.length > 0) {
            markRead(doc, who, conv.messages[conv.messages.length - 1]?.id ?? '', 10 + n);
          } else if (op.kind === 'title') setConversationTitle(doc, op.t);
          else if (op.kind === 'sync') syncInto(doc, replicas[op.to % count] as Y.Doc);
        });
        mergeAll(replicas, orders);
        const first = readConversation(replicas[0] as Y.Doc);
        expect(first).not.toBeNull();
        expect(new Set(first?.messages.map((m) => m.id))).toEqual(posted);
        const everyone = new Set([...(first?.members.map((m) => m.personId) ?? []), ...(first?.formerMembers ?? [])]);
        for (const who of added) expect(everyone.has(who)).toBe(true);
        for (const doc of replicas) expect(readConversation(doc)).toEqual(first);
        expect(readConversation(reload(replicas[0] as Y.Doc))).toEqual(first);
      }),
      { seed: 4_242, numRuns: 200 },
    );
  });
});
