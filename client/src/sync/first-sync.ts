import type { LocalDb } from '../store/local-db.ts';
import { CURSOR_KEY } from './sync-keys.ts';
import type { SyncStatusStore } from './sync-status-store.ts';

/**
 * `localStorage['thongsuot.firstSync'] = 'naive'`: the first sync as before issue 17 (keepers
 * from the start, every doc stored and every state vector read alone, the person's work asked
 * for after the directory download). Read once at start; only the client bench sets it, to
 * measure the baseline in the same run (e2e/bench/first-sync.ts).
 */
export function naiveFirstSync(): boolean {
  try {
    return globalThis.localStorage?.getItem('thongsuot.firstSync') === 'naive';
  } catch {
    return false;
  }
}

/**
 * Resolves once this device has completed a sync: at once if it had before (the cursor is saved
 * only then, sync-keys.ts), else when the sync status next settles with the cursor saved.
 * Background work that would write during a new device's first sync waits for it.
 */
export async function afterFirstSync(db: LocalDb, store: SyncStatusStore): Promise<void> {
  const synced = async () => (await db.getMeta<number>(CURSOR_KEY)) !== undefined;
  if (await synced()) return;
  await new Promise<void>((resolve, reject) => {
    const unsubscribe = store.subscribe(() => {
      const { connectivity, progress } = store.status;
      if (progress !== null || (connectivity !== 'synced' && connectivity !== 'syncing')) return;
      synced()
        .then((done) => {
          if (!done) return;
          unsubscribe();
          resolve();
        })
        .catch((error: unknown) => {
          unsubscribe();
          reject(error);
        });
    });
  });
}
