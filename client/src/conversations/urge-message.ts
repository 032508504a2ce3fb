import { caseConversationId, caseThreadId, readConversation } from '@thongsuot/shared/model/conversation';
import { readTask, type Task } from '@thongsuot/shared/model/task';
import { readUrges, urgeRecipient } from '@thongsuot/shared/model/urge';
import type * as Y from 'yjs';
import type { DocRepository } from '../store/doc-repository.ts';
import type { LocalDb } from '../store/local-db.ts';
import { openRecipientThread } from './case-group.ts';
import { postToConversation } from './conversation-actions.ts';

/**
 * The id of the case-group message that carries an urge, derived from the urge itself (task,
 * recipient, time): a retried or rebased urge finds its message already there and never posts a
 * second one. Hashed because ids are at most 64 characters.
 */
export function urgeMessageId(taskId: string, recipientId: string, at: number): string {
  const source = `${taskId}|${recipientId}|${at}`;
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return `urge-${h1.toString(36)}${h2.toString(36)}-${at.toString(36)}`;
}

export interface UrgeMessage {
  readonly task: Pick<Task, 'id' | 'title' | 'issuerId' | 'assignments' | 'createdAt'>;
  readonly recipientId: string;
  readonly by: string;
  readonly at: number;
  /** What the message says, in the urging person's language ("Đôn đốc Phường Bến Thành: …"). */
  readonly text: string;
}

/**
 * Posts the urge in the case's thread with that recipient, so the recipient's leaders and the
 * issuer side read it — not every other unit of a directive to 184. Runs on the urging device,
 * offline included; the thread is started if nobody has yet (the urging person is in it then).
 * Someone of the issuer side not in an existing thread urges without a message.
 */
export async function postUrgeMessage(db: LocalDb, repository: DocRepository, urge: UrgeMessage): Promise<boolean> {
  const threadId = caseThreadId(urge.task.id, urge.recipientId);
  const doc = await repository.open(
    await openRecipientThread(db, repository, {
      task: urge.task,
      recipientId: urge.recipientId,
      by: urge.by,
      at: urge.at,
    }),
  );
  const conv = readConversation(doc);
  if (!conv?.members.some((m) => m.personId === urge.by)) return false;
  // Into the log of the urge's month; the id derived from the urge makes a retry add nothing.
  await postToConversation(repository, threadId, {
    id: urgeMessageId(urge.task.id, urge.recipientId, urge.at),
    by: urge.by,
    at: urge.at,
    text: urge.text,
    taskId: urge.task.id,
  });
  return true;
}

/** The urge event in the task doc, then its message in the case group (both stored on this device). */
export async function urgeWithMessage(
  db: LocalDb,
  repository: DocRepository,
  taskDoc: Y.Doc,
  urge: UrgeMessage,
): Promise<void> {
  // The event only if missing: replayed after a crash (store/intents.ts), the urge is not doubled.
  const events = readTask(taskDoc)?.events ?? [];
  const done = readUrges(events).some(
    (u) => u.recipientId === urge.recipientId && u.by === urge.by && u.at === urge.at,
  );
  if (!done) urgeRecipient(taskDoc, urge.recipientId, urge.by, urge.at);
  await postUrgeMessage(db, repository, urge);
  await repository.flushed();
}

/** The route of a task's case group, or of its thread with one recipient (links from the tracking table). */
export function caseGroupPath(taskId: string, recipientId?: string): string {
  return `~/conversations/${recipientId ? caseThreadId(taskId, recipientId) : caseConversationId(taskId)}`;
}
