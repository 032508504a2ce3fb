import { docId as makeDocId, newId, parseDocId } from '@thongsuot/shared/ids';
import type { AttachmentRef } from '@thongsuot/shared/model/attachment';
import { appendToLog, convLogId, messagePeriod } from '@thongsuot/shared/model/conv-log';
import { createConversation, directConversationId, readConversation } from '@thongsuot/shared/model/conversation';
import { type ConversationMessage, ConversationMessageSchema, setReadMarker } from '@thongsuot/shared/model/message';
import { parseOrThrow } from '@thongsuot/shared/validation/parse';
import type * as Y from 'yjs';
import type { DocRepository } from '../store/doc-repository.ts';
import { type History, markerAt, markerIndex } from './conversation-history.ts';

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
  /** The people the text calls on (`@name`), by id. */
  readonly mentions?: readonly string[];
  readonly now: number;
  readonly id?: string;
  /** Files already kept on the device and queued (attachments/keepFiles). */
  readonly attachments?: readonly AttachmentRef[];
}

/** The month log a message goes in: `convlog/<convId>_<YYYYMM>` of the month it was written. */
export function logDocIdFor(convId: string, at: number): string {
  return makeDocId('convlog', convLogId(convId, messagePeriod(at)));
}

/**
 * Appends a message to its month's log (one Yjs transaction, so one outbox entry): offline it
 * waits in the outbox and is resent on every connection until acknowledged; its id, chosen by
 * the device, makes a resend or a second call harmless. Returns the log's doc id.
 */
export async function postToConversation(
  repository: DocRepository,
  convId: string,
  message: ConversationMessage,
): Promise<string> {
  const logDocId = logDocIdFor(convId, message.at);
  appendToLog(await repository.open(logDocId), convId, message);
  return logDocId;
}

/**
 * Writes a message on the device into the conversation's log of this month. A direct
 * conversation is started (in its head doc, stored first, so the relay has it first) by its
 * first message. Returns the message id.
 */
export async function sendMessage(repository: DocRepository, headDocId: string, out: Outgoing): Promise<string> {
  // Checked first: a Yjs transaction is not undone by a throw, so nothing may be half written.
  const files = out.attachments ?? [];
  if (out.text.trim() === '' && files.length === 0) throw new Error('a message needs text or a file');
  if (out.text.length > MAX_TEXT) throw new Error('the message is too long');
  const message = parseOrThrow(
    ConversationMessageSchema,
    {
      id: out.id ?? newId(),
      by: out.me,
      at: out.now,
      text: out.text,
      ...(out.taskId ? { taskId: out.taskId } : {}),
      ...(files.length > 0 ? { attachments: files.map((a) => ({ ...a })) } : {}),
      ...(out.mentions && out.mentions.length > 0 ? { mentions: [...new Set(out.mentions)] } : {}),
    },
    'message',
  );
  const convId = parseDocId(headDocId)?.id ?? '';
  const head = await repository.open(headDocId);
  let conv = readConversation(head);
  if (conv === null) {
    if (out.with === undefined) throw new Error('no such conversation');
    createConversation(head, {
      id: directConversationId(out.me, out.with),
      kind: 'direct',
      createdBy: out.me,
      at: out.now,
      members: [out.me, out.with],
    });
    conv = readConversation(head);
  }
  if (!conv?.members.some((m) => m.personId === out.me)) throw new Error(`${out.me} is not a member`);
  await postToConversation(repository, convId, message);
  return message.id;
}

/**
 * Marks read, for `me`, the latest message someone else wrote in the opened history, unless
 * already read (then it writes nothing). One's own messages need no marker: unread counts and
 * receipts look only at others' messages; and a message merged in before one's own (written
 * offline) still gets read. The marker names the message's month, so it compares across months.
 */
export function markLatestRead(head: Y.Doc, me: string, history: History, now: number): void {
  const conv = readConversation(head);
  if (!conv?.members.some((m) => m.personId === me)) return;
  const { messages } = history;
  let latest = messages.length - 1;
  while (latest >= 0 && messages[latest]?.by === me) latest--;
  if (latest < 0) return;
  if (markerIndex(history, conv.readMarkers.get(me)) >= latest) return;
  const marker = markerAt(history, latest, now);
  if (marker) setReadMarker(head, me, marker);
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
