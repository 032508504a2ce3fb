import { parseDocId } from '@thongsuot/shared/ids';
import { parseConvLogId } from '@thongsuot/shared/model/conv-log';
import type { LocalDb, OutboxEntry } from '../store/local-db.ts';

/** The outbox entries of a conversation: its head doc's and its month logs' (`convlog/<convId>_<YYYYMM>`). */
export async function pendingOf(db: LocalDb, convId: string): Promise<OutboxEntry[]> {
  const head = await db.outbox.where('docId').equals(`conv/${convId}`).toArray();
  const logs = await db.outbox
    .where('docId')
    .startsWith(`convlog/${convId}_`)
    .filter((e) => parseConvLogId(parseDocId(e.docId)?.id ?? '')?.convId === convId)
    .toArray();
  return [...head, ...logs];
}
