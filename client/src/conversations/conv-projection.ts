import { HEAD_PERIOD } from '@thongsuot/shared/model/conv-log';
import { readConversation } from '@thongsuot/shared/model/conversation';
import { type ConversationMessage, markerPeriod } from '@thongsuot/shared/model/message';
import { foldVietnamese } from '@thongsuot/shared/text/fold';
import type * as Y from 'yjs';
import type { AtMessage, ConversationRow, ConvLogOrderRow, ConvLogRow } from '../store/local-db.ts';

/** How much of the last message the list shows. */
const PREVIEW_CHARS = 120;
/** How many of the latest messages holding an `@` the row keeps, to find mentions. */
const AT_MESSAGES = 20;
const MENTION_CHARS = 500;

/** What the head doc (`conv/<id>`) alone says of a conversation: the row without its messages. */
export type ConversationBase = Omit<
  ConversationRow,
  'lastAt' | 'lastText' | 'lastBy' | 'messageCount' | 'unread' | 'atMessages'
>;

/** The head doc's part of the list row, or null while the doc does not hold a valid conversation. */
export function conversationBase(docId: string, doc: Y.Doc): ConversationBase | null {
  const conv = readConversation(doc);
  if (!conv) return null;
  return {
    docId,
    kind: conv.kind,
    title: conv.title,
    ...(conv.taskId ? { taskId: conv.taskId } : {}),
    ...(conv.recipientId ? { recipientId: conv.recipientId } : {}),
    memberIds: conv.members.map((m) => m.personId),
    createdBy: conv.createdBy,
    createdAt: conv.createdAt,
    markers: Object.fromEntries(conv.readMarkers),
  };
}

/** The summary and order of one month's messages (or of the head doc's, period ''). */
export function segmentRows(
  docId: string,
  convId: string,
  period: string,
  messages: readonly ConversationMessage[],
): { summary: ConvLogRow; order: ConvLogOrderRow } {
  const byAuthor: Record<string, number> = {};
  for (const m of messages) byAuthor[m.by] = (byAuthor[m.by] ?? 0) + 1;
  const last = messages.at(-1);
  const atMessages: AtMessage[] = messages
    .filter((m) => m.text.includes('@') || (m.mentions?.length ?? 0) > 0)
    .slice(-AT_MESSAGES)
    .map((m) => ({
      id: m.id,
      by: m.by,
      at: m.at,
      folded: foldVietnamese(m.text.slice(0, MENTION_CHARS)),
      ...(m.mentions ? { mentions: [...m.mentions] } : {}),
    }));
  return {
    summary: {
      docId,
      convId,
      period,
      count: messages.length,
      byAuthor,
      last: last ? { id: last.id, by: last.by, at: last.at, text: previewOf(last).slice(0, PREVIEW_CHARS) } : null,
      atMessages,
    },
    order: { docId, ids: messages.map((m) => m.id), authors: messages.map((m) => m.by) },
  };
}

/** A message's line in the list: its text, or its first file's name when it is only files. */
function previewOf(message: { text: string; attachments?: readonly { name: string }[] }): string {
  if (message.text.trim() !== '' || !message.attachments?.length) return message.text;
  return `Tệp: ${message.attachments.map((a) => a.name).join(', ')}`;
}

/** The months whose order the unread counts need: those the members' markers point into. */
export function markerPeriods(base: ConversationBase): string[] {
  return [...new Set(Object.values(base.markers ?? {}).map(markerPeriod))];
}

/**
 * The list row of a conversation: the head's part and its months' summaries (any order), with
 * the order of the months the read markers point into. Unread counts are kept per member (messages
 * by others after their marker: later months whole, the marker's month after its message), so
 * the row needs no knowledge of who is signed in.
 */
export function mergeConversationRow(
  base: ConversationBase,
  segments: readonly ConvLogRow[],
  orders: ReadonlyMap<string, ConvLogOrderRow>,
): ConversationRow {
  const sorted = [...segments].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  const last = sorted.findLast((s) => s.last !== null)?.last ?? null;
  const unread: Record<string, number> = {};
  for (const personId of base.memberIds) {
    const marker = base.markers?.[personId];
    const from = marker ? markerPeriod(marker) : null;
    let count = 0;
    for (const s of sorted) {
      if (from === null || s.period > from) count += s.count - (s.byAuthor[personId] ?? 0);
      else if (s.period === from && marker) count += othersAfter(orders.get(s.period), marker.messageId, personId);
    }
    unread[personId] = count;
  }
  const atMessages = sorted.flatMap((s) => s.atMessages).slice(-AT_MESSAGES);
  return {
    ...base,
    lastAt: last?.at ?? base.createdAt ?? 0,
    lastText: last?.text ?? '',
    lastBy: last?.by ?? '',
    messageCount: sorted.reduce((n, s) => n + s.count, 0),
    unread,
    ...(atMessages.length > 0 ? { atMessages } : {}),
  };
}

/** Messages by others after `messageId` in a month; none when the month does not hold it yet. */
function othersAfter(order: ConvLogOrderRow | undefined, messageId: string, personId: string): number {
  if (!order) return 0;
  const at = order.ids.lastIndexOf(messageId);
  if (at < 0) return 0;
  let count = 0;
  for (let i = at + 1; i < order.authors.length; i++) if (order.authors[i] !== personId) count++;
  return count;
}

/** The doc holding a conversation's messages of one period (the head doc for HEAD_PERIOD). */
export function segmentDocId(convId: string, period: string): string {
  return period === HEAD_PERIOD ? `conv/${convId}` : `convlog/${convId}_${period}`;
}
