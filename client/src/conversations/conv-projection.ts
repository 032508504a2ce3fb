import { readConversation } from '@thongsuot/shared/model/conversation';
import { unreadCount } from '@thongsuot/shared/model/message';
import type * as Y from 'yjs';
import type { ConversationRow } from '../store/local-db.ts';

/** How much of the last message the list shows. */
const PREVIEW_CHARS = 120;

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
  };
}
