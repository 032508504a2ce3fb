import * as v from 'valibot';
import type * as Y from 'yjs';
import { parseOrThrow } from '../validation/parse.ts';
import { boundedText, IdSchema, TimestampSchema } from '../validation/primitives.ts';
import { AttachmentListSchema } from './attachment.ts';
import { HEAD_PERIOD, PeriodSchema } from './conv-log-period.ts';
import { convMembers, convMessages, convReadMarkers } from './conversation-doc.ts';
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
  attachments: v.optional(AttachmentListSchema),
  replyTo: v.optional(IdSchema),
  /** A task this message refers to (e.g. "assigned from this case"). */
  taskId: v.optional(IdSchema),
  /** People the message calls on by name (`@`), as chosen by the writer. */
  mentions: v.optional(v.pipe(v.array(IdSchema), v.maxLength(50))),
});
export type ConversationMessage = v.InferOutput<typeof ConversationMessageSchema>;

/**
 * How far a member has read: up to `messageId`, marked at `at`. `period` names the month log
 * (conv-log.ts) holding that message, so markers compare across months without opening them:
 * an earlier month is before, a later one after, and within a month the log's order decides.
 * Markers written before the logs have no period: their message is in the head doc, before
 * every month. Optional, so relays and devices that predate it still read the marker.
 */
export const ReadMarkerSchema = v.object({
  messageId: IdSchema,
  at: TimestampSchema,
  period: v.optional(PeriodSchema),
});
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

/** The month of the message a marker points at (HEAD_PERIOD for the head doc's messages). */
export function markerPeriod(marker: ReadMarker): string {
  return marker.period ?? HEAD_PERIOD;
}

/**
 * Sets `personId`'s marker to a message of a month log. The caller has checked it moves forward
 * (it knows the order of the months it opened); each member writes only their own marker.
 */
export function setReadMarker(doc: Y.Doc, personId: string, marker: ReadMarker): void {
  const valid = parseOrThrow(ReadMarkerSchema, marker, 'read marker');
  if (!convMembers(doc).has(personId)) throw new Error(`${personId} is not a member`);
  convReadMarkers(doc).set(personId, { ...valid });
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
