import * as v from 'valibot';
import type * as Y from 'yjs';
import { parseOrThrow } from '../validation/parse.ts';
import { boundedText, IdSchema, TimestampSchema } from '../validation/primitives.ts';
import { convMembers, convMessages, convReadMarkers } from './conversation-doc.ts';
import { AttachmentRefSchema } from './progress-report.ts';
import { readPlainArray } from './y-read.ts';

/**
 * A message in a conversation. Messages are appended with an id the sending device chose, so
 * a message retried after a lost acknowledgement is recognised, not shown twice.
 */
export const ConversationMessageSchema = v.object({
  id: IdSchema,
  by: IdSchema,
  at: TimestampSchema,
  text: boundedText(20_000),
  attachments: v.optional(v.pipe(v.array(AttachmentRefSchema), v.maxLength(20))),
  replyTo: v.optional(IdSchema),
  /** A task this message refers to (e.g. "assigned from this case"). */
  taskId: v.optional(IdSchema),
  /** People the message calls on by name (`@`), as chosen by the writer. */
  mentions: v.optional(v.pipe(v.array(IdSchema), v.maxLength(50))),
});
export type ConversationMessage = v.InferOutput<typeof ConversationMessageSchema>;

export const ReadMarkerSchema = v.object({ messageId: IdSchema, at: TimestampSchema });
export type ReadMarker = v.InferOutput<typeof ReadMarkerSchema>;

export function postMessage(doc: Y.Doc, message: ConversationMessage): void {
  const valid = parseOrThrow(ConversationMessageSchema, message, 'message');
  if (valid.text.trim() === '' && (valid.attachments ?? []).length === 0)
    throw new Error('a message needs text or a file');
  if (!convMembers(doc).has(valid.by)) throw new Error(`${valid.by} is not a member`);
  if (
    convMessages(doc)
      .toArray()
      .some((m) => (m as { id?: unknown }).id === valid.id)
  )
    return;
  doc.transact(() => convMessages(doc).push([{ ...valid }]));
}

/** Marks everything up to `messageId` read for `personId`. Only forward: an older marker is ignored. */
export function markRead(doc: Y.Doc, personId: string, messageId: string, at: number): void {
  const messages = readMessages(doc) ?? [];
  const target = messages.findIndex((m) => m.id === messageId);
  if (target < 0) throw new Error(`no message ${messageId}`);
  const current = v.safeParse(ReadMarkerSchema, convReadMarkers(doc).get(personId));
  if (current.success && messages.findIndex((m) => m.id === current.output.messageId) >= target) return;
  convReadMarkers(doc).set(personId, { messageId, at });
}

export function readMessages(doc: Y.Doc): ConversationMessage[] | null {
  return readPlainArray(convMessages(doc), ConversationMessageSchema);
}

/** How many messages after `personId`'s read marker were written by others. */
export function unreadCount(
  messages: readonly ConversationMessage[],
  marker: ReadMarker | undefined,
  personId: string,
): number {
  const from = marker ? messages.findIndex((m) => m.id === marker.messageId) + 1 : 0;
  let count = 0;
  for (let i = from; i < messages.length; i++) if (messages[i]?.by !== personId) count++;
  return count;
}
