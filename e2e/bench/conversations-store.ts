// The stores `pnpm bench:conversations` opens: one 100,000-message conversation laid out as the
// app stored it before the month logs (one `conv/<id>` doc) and as it stores it now (a head doc
// and one `convlog/<id>_<YYYYMM>` doc per month, with the summary rows the repository writes).
// Each doc is one stored row, as the repository's compaction leaves a doc that has been synced.

import { appendManyToLog, convLogId, messagePeriod } from '@thongsuot/shared/model/conv-log';
import { createConversation } from '@thongsuot/shared/model/conversation';
import { convMessages } from '@thongsuot/shared/model/conversation-doc';
import { setReadMarker } from '@thongsuot/shared/model/message';
import * as Y from 'yjs';
import { conversationTables } from '../../client/src/conversations/conv-log-projection.ts';
import { segmentRows } from '../../client/src/conversations/conv-projection.ts';
import type { LocalDb } from '../../client/src/store/local-db.ts';

export const MEMBERS = ['u-a', 'u-b', 'u-c', 'u-d', 'u-e'];
const DAY = 86_400_000;
/** 1 Dec 2024, 10:00 in Vietnam. */
const START = Date.UTC(2024, 11, 1, 3, 0);

export interface BenchMessage {
  id: string;
  by: string;
  at: number;
  text: string;
}

/** `count` messages spread evenly over `months` months (30 days each), oldest first. */
export function benchMessages(count: number, months: number): BenchMessage[] {
  const step = (months * 30 * DAY) / count;
  return Array.from({ length: count }, (_, i) => ({
    id: `m${i}`,
    by: MEMBERS[i % MEMBERS.length] ?? 'u-a',
    at: Math.floor(START + i * step),
    text: `Tin nhắn số ${i}: báo cáo tiến độ công việc trong ngày.`,
  }));
}

function head(convId: string, withMessages: readonly BenchMessage[]): Y.Doc {
  const doc = new Y.Doc();
  createConversation(doc, {
    id: convId,
    kind: 'group',
    title: 'Tổ công tác',
    createdBy: 'u-a',
    at: 1,
    members: MEMBERS,
  });
  // Built through the layout in batches: posting 100,000 messages one by one scans the array each time.
  for (let start = 0; start < withMessages.length; start += 1_000) {
    doc.transact(() => convMessages(doc).push(withMessages.slice(start, start + 1_000).map((m) => ({ ...m }))));
  }
  return doc;
}

async function storeWhole(db: LocalDb, docId: string, doc: Y.Doc): Promise<number> {
  const data = Y.encodeStateAsUpdate(doc);
  await db.updates.add({ docId, data });
  return data.length;
}

/** The conversation as one doc (schema v1: the messages in the head doc). Returns its size. */
export async function storeSingleDoc(db: LocalDb, convId: string, messages: readonly BenchMessage[]): Promise<number> {
  const doc = head(convId, messages);
  const last = messages.at(-1);
  if (last) setReadMarker(doc, 'u-b', { messageId: last.id, at: last.at });
  return storeWhole(db, `conv/${convId}`, doc);
}

/**
 * The conversation by month: a head doc with members and markers, one log per month, and the
 * months' summary and order rows, written as the repository writes them. Returns the bytes stored.
 */
export async function storeByMonth(db: LocalDb, convId: string, messages: readonly BenchMessage[]): Promise<number> {
  const byPeriod = new Map<string, BenchMessage[]>();
  for (const m of messages) {
    const period = messagePeriod(m.at);
    byPeriod.set(period, [...(byPeriod.get(period) ?? []), m]);
  }
  const doc = head(convId, []);
  const last = messages.at(-1);
  if (last) setReadMarker(doc, 'u-b', { messageId: last.id, at: last.at, period: messagePeriod(last.at) });
  let bytes = await storeWhole(db, `conv/${convId}`, doc);
  for (const [period, list] of byPeriod) {
    const docId = `convlog/${convLogId(convId, period)}`;
    const log = new Y.Doc();
    for (let start = 0; start < list.length; start += 1_000)
      appendManyToLog(log, convId, list.slice(start, start + 1_000));
    bytes += await storeWhole(db, docId, log);
    const { summary, order } = segmentRows(docId, convId, period, list);
    await db.transaction('rw', conversationTables(db), async () => {
      await db.convLogs.put(summary);
      await db.convLogOrders.put(order);
    });
  }
  return bytes;
}
