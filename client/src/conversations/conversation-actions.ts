import { docId as makeDocId, newId } from '@thongsuot/shared/ids';
import { createConversation, directConversationId, readConversation } from '@thongsuot/shared/model/conversation';
import { markRead, postMessage } from '@thongsuot/shared/model/message';
import type * as Y from 'yjs';
import type { DocRepository } from '../store/doc-repository.ts';

/** The doc of the direct conversation between two people (the same id on both sides). */
export function directDocId(me: string, other: string): string {
  return makeDocId('conv', directConversationId(me, other));
}

/** As ConversationMessageSchema allows. */
export const MAX_TEXT = 20_000;

export interface Outgoing {
  readonly me: string;
  readonly text: string;
  /** For a direct conversation not yet started: the other person. */
  readonly with?: string;
  readonly taskId?: string;
  readonly now: number;
  readonly id?: string;
}

/**
 * Writes a message on the device (one Yjs transaction, so one outbox entry): offline it waits
 * in the outbox and is resent on every connection until acknowledged; its id, chosen here, makes
 * a resend harmless. A direct conversation is started by its first message.
 */
export function sendMessage(doc: Y.Doc, out: Outgoing): string {
  // Checked first: a Yjs transaction is not undone by a throw, so nothing may be half written.
  if (out.text.trim() === '') throw new Error('a message needs text');
  if (out.text.length > MAX_TEXT) throw new Error('the message is too long');
  const id = out.id ?? newId();
  doc.transact(() => {
    if (readConversation(doc) === null) {
      if (out.with === undefined) throw new Error('no such conversation');
      createConversation(doc, {
        id: directConversationId(out.me, out.with),
        kind: 'direct',
        createdBy: out.me,
        at: out.now,
        members: [out.me, out.with],
      });
    }
    postMessage(doc, {
      id,
      by: out.me,
      at: out.now,
      text: out.text,
      ...(out.taskId ? { taskId: out.taskId } : {}),
    });
  });
  return id;
}

/**
 * Marks read, for `me`, the latest message someone else wrote, unless already read (then it
 * writes nothing). One's own messages need no marker: unread counts and receipts look only at
 * others' messages; and a message merged in before one's own (written offline) still gets read.
 */
export function markLatestRead(doc: Y.Doc, me: string, now: number): void {
  const conv = readConversation(doc);
  if (!conv?.members.some((m) => m.personId === me)) return;
  const { messages } = conv;
  let latest = messages.length - 1;
  while (latest >= 0 && messages[latest]?.by === me) latest--;
  const target = messages[latest];
  if (!target) return;
  const marker = conv.readMarkers.get(me);
  const read = marker ? messages.findIndex((m) => m.id === marker.messageId) : -1;
  if (read >= latest) return;
  markRead(doc, me, target.id, now);
}

export interface NewGroup {
  readonly me: string;
  readonly title: string;
  readonly members: readonly string[];
  readonly now: number;
}

/** Starts a group conversation on the device; returns its doc id. */
export async function createGroup(repository: DocRepository, group: NewGroup): Promise<string> {
  const id = newId();
  const docId = makeDocId('conv', id);
  const doc = await repository.open(docId);
  createConversation(doc, {
    id,
    kind: 'group',
    title: group.title,
    createdBy: group.me,
    at: group.now,
    members: [group.me, ...group.members],
  });
  await repository.flushed();
  return docId;
}
