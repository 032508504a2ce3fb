import type { AttachmentRef } from '@thongsuot/shared/model/attachment';
import type { LocalDb } from '../store/local-db.ts';
import type { SyncStatusStore } from '../sync/sync-status-store.ts';
import { budgetOf } from './attachment-store.ts';
import { prefetchOpenWork } from './downloader.ts';
import type { UploadQueue } from './uploader.ts';

/** Background downloads run at most this often. */
const PREFETCH_EVERY_MS = 5 * 60_000;

/** The files of work still open for the person or their unit: fetched ahead where the link allows. */
export async function openWorkAttachments(db: LocalDb, personId: string, unitId: string): Promise<AttachmentRef[]> {
  const rows = await db.tasks.where('recipientIds').anyOf(personId, unitId).toArray();
  const refs: AttachmentRef[] = [];
  for (const row of rows.sort((a, b) => a.deadline.localeCompare(b.deadline))) {
    const index = row.recipientIds.findIndex((id) => id === personId || id === unitId);
    if (row.statuses[index] === 'completed') continue;
    refs.push(...(row.attachments ?? []));
  }
  return refs;
}

/**
 * What runs beside the sync engine for files: each time the device is back in sync, the upload
 * queue is kicked (a connection is there) and, at most every five minutes, the files of open
 * work are fetched in the background.
 */
export function startAttachmentWork(
  db: LocalDb,
  sync: SyncStatusStore,
  uploads: UploadQueue,
  user: { readonly id: string; readonly unitId: string },
): () => void {
  let lastPrefetch = 0;
  let running = false;
  let stopped = false;
  let previous = sync.status.connectivity;
  const unsubscribe = sync.subscribe(() => {
    const now = sync.status.connectivity;
    if (now === previous) return;
    previous = now;
    if (now !== 'synced') return;
    uploads.kick();
    if (running || Date.now() - lastPrefetch < PREFETCH_EVERY_MS) return;
    running = true;
    lastPrefetch = Date.now();
    void (async () => {
      try {
        const refs = await openWorkAttachments(db, user.id, user.unitId);
        await prefetchOpenWork(db, refs, await budgetOf(db), () => stopped);
      } catch {
        // Background work: the next sync tries again.
      } finally {
        running = false;
      }
    })();
  });
  return () => {
    stopped = true;
    unsubscribe();
  };
}
