import { parseDocId } from '@thongsuot/shared/ids';
import { HEAD_PERIOD, parseConvLogId, readConvLog } from '@thongsuot/shared/model/conv-log';
import { readConversation } from '@thongsuot/shared/model/conversation';
import type * as Y from 'yjs';
import type { ConversationRow, ConvLogOrderRow, LocalDb } from '../store/local-db.ts';
import {
  type ConversationBase,
  conversationBase,
  markerPeriods,
  mergeConversationRow,
  segmentDocId,
  segmentRows,
} from './conv-projection.ts';

/** The tables projectConversationDoc writes, for the repository's transaction. */
export function conversationTables(db: LocalDb) {
  return [db.conversations, db.convLogs, db.convLogOrders];
}

/** Whether a conversation's list row predates the monthly logs (v8) and needs its head doc to be redone. */
export async function needsHead(db: LocalDb, logDocId: string): Promise<string | null> {
  const parsed = parseConvLogId(parseDocId(logDocId)?.id ?? '');
  if (!parsed) return null;
  const headId = segmentDocId(parsed.convId, HEAD_PERIOD);
  const row = await db.conversations.get(headId);
  return row && row.markers === undefined ? headId : null;
}

/**
 * Projects a change of a conversation's head doc (`conv/<id>`) or of one of its month logs
 * (`convlog/<id>_<YYYYMM>`), inside the repository's IndexedDB transaction: the month's summary
 * and order rows (the head's own messages are the period '' rows), then the conversation's list
 * row recomputed from the head's part and every month's summary. A log that arrives before its
 * head is summarised; the row follows when the head comes. `head` redoes a pre-v8 row.
 * `removeInvalid`: a head doc rebuilt into no valid conversation loses its row.
 */
export async function projectConversationDoc(
  db: LocalDb,
  docId: string,
  doc: Y.Doc,
  options: { head?: Y.Doc; removeInvalid?: boolean } = {},
): Promise<void> {
  const address = parseDocId(docId);
  let base: ConversationBase | null = null;
  let convId: string;
  if (address?.kind === 'conv') {
    convId = address.id;
    base = await projectHead(db, docId, doc, options.removeInvalid ?? false);
    if (!base) return;
  } else {
    const parsed = parseConvLogId(address?.id ?? '');
    const log = readConvLog(doc);
    if (!parsed || !log) return;
    convId = parsed.convId;
    const { summary, order } = segmentRows(docId, convId, parsed.period, log.messages);
    await db.convLogs.put(summary);
    await db.convLogOrders.put(order);
    const headId = segmentDocId(convId, HEAD_PERIOD);
    base = options.head
      ? await projectHead(db, headId, options.head, false)
      : rowBase(await db.conversations.get(headId));
    if (!base) return;
  }
  const segments = await db.convLogs.where('convId').equals(convId).toArray();
  const wanted = markerPeriods(base).map((p) => segmentDocId(convId, p));
  const orders = new Map<string, ConvLogOrderRow>();
  for (const [i, row] of (await db.convLogOrders.bulkGet(wanted)).entries()) {
    const period = segments.find((s) => s.docId === wanted[i])?.period;
    if (row && period !== undefined) orders.set(period, row);
  }
  await db.conversations.put(mergeConversationRow(base, segments, orders));
}

async function projectHead(db: LocalDb, docId: string, doc: Y.Doc, removeInvalid: boolean) {
  const base = conversationBase(docId, doc);
  if (!base) {
    if (removeInvalid) await db.conversations.delete(docId);
    return null;
  }
  const convId = docId.slice('conv/'.length);
  const messages = readConversation(doc)?.messages ?? [];
  if (messages.length > 0) {
    const { summary, order } = segmentRows(docId, convId, HEAD_PERIOD, messages);
    await db.convLogs.put(summary);
    await db.convLogOrders.put(order);
  }
  return base;
}

/** The head's part of a stored list row (v8 rows; older ones are redone from the head doc). */
function rowBase(row: ConversationRow | undefined): ConversationBase | null {
  if (!row) return null;
  const { lastAt: _a, lastText: _t, lastBy: _b, messageCount: _c, unread: _u, atMessages: _m, ...base } = row;
  return base;
}
