import { readConversation } from '@thongsuot/shared/model/conversation';
import { unreadCount } from '@thongsuot/shared/model/message';
import { foldVietnamese } from '@thongsuot/shared/text/fold';
import type * as Y from 'yjs';
import type { ConversationRow } from '../store/local-db.ts';

/** How much of the last message the list shows. */
const PREVIEW_CHARS = 120;
/** How many of the latest messages holding an `@` the row keeps, to find mentions. */
const AT_MESSAGES = 20;
const MENTION_CHARS = 500;

/**
 * The list row of a conversation doc (`conv/<id>`), or null while the doc does not hold a valid
 * conversation. Unread counts are kept per member, so the row needs no knowledge of who is signed in.
 */
export function conversationRow(docId: string, doc: Y.Doc): ConversationRow | null {
  const conv = readConversation(doc);
  if (!conv) return null;
  const last = conv.messages.at(-1);
  const unread: Record<string, number> = {};
  for (const m of conv.members) {
    unread[m.personId] = unreadCount(conv.messages, conv.readMarkers.get(m.personId), m.personId);
  }
  const atMessages = conv.messages
    .filter((m) => m.text.includes('@'))
    .slice(-AT_MESSAGES)
    .map((m) => ({ id: m.id, by: m.by, at: m.at, folded: foldVietnamese(m.text.slice(0, MENTION_CHARS)) }));
  return {
    docId,
    kind: conv.kind,
    title: conv.title,
    ...(conv.taskId ? { taskId: conv.taskId } : {}),
    memberIds: conv.members.map((m) => m.personId),
    createdBy: conv.createdBy,
    lastAt: last?.at ?? conv.createdAt,
    lastText: last ? last.text.slice(0, PREVIEW_CHARS) : '',
    lastBy: last?.by ?? '',
    messageCount: conv.messages.length,
    unread,
    ...(atMessages.length > 0 ? { atMessages } : {}),
  };
}
