import { docId as makeDocId, newId } from '@thongsuot/shared/ids';
import {
  createConversation,
  directConversationId,
  readConversation,
} from '@thongsuot/shared/model/conversation';
import { markRead, postMessage, readMessages } from '@thongsuot/shared/model/message';
import type * as Y from 'yjs';
import type { DocRepository } from '../store/doc-repository.ts';

/** The doc of the direct conversation between two people (the same id on both sides). */
export function directDocId(me: string, other: string): string {
  return makeDocId('conv', directConversationId(me, other));
}

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

/** Marks the latest message read for `me`, if it is not already (a no-op writes nothing). */
export function markLatestRead(doc: Y.Doc, me: string, now: number): void {
  const conv = readConversation(doc);
  if (!conv || !conv.members.some((m) => m.personId === me)) return;
  const last = readMessages(doc)?.at(-1);
  if (!last) return;
  const marker = conv.readMarkers.get(me);
  if (marker?.messageId === last.id) return;
  markRead(doc, me, last.id, now);
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
