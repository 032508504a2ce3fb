import type { SyncStatusStore } from '../sync/sync-status-store.ts';

/** The Background Sync tag the service worker answers (see sw.ts). */
export const OUTBOX_SYNC_TAG = 'thongsuot-outbox';
/** What the service worker posts to its pages when the browser says the network is back. */
export const SYNC_NOW_MESSAGE = 'SYNC_NOW';

interface SyncManagerLike {
  register(tag: string): Promise<void>;
}

/**
 * Where the browser has Background Sync (Chromium), leaving the app with changes still waiting
 * registers a sync; when the browser fires it, the service worker asks the open pages to sync.
 * Safari has none: there the app syncs when it returns to the foreground or goes online.
 */
export function watchBackgroundSync(store: SyncStatusStore): () => void {
  const container = globalThis.navigator?.serviceWorker;
  const doc = globalThis.document;
  if (!container || !doc) return () => undefined;
  const onVisibility = (): void => {
    if (doc.visibilityState !== 'hidden' || store.status.pending === 0) return;
    void container.ready
      .then((registration) => (registration as { sync?: SyncManagerLike }).sync?.register(OUTBOX_SYNC_TAG))
      .catch(() => undefined); // not granted or not supported: foreground sync still applies
  };
  const onMessage = (event: MessageEvent): void => {
    if ((event.data as { type?: string } | null)?.type === SYNC_NOW_MESSAGE) store.syncNow();
  };
  doc.addEventListener('visibilitychange', onVisibility);
  container.addEventListener('message', onMessage);
  return () => {
    doc.removeEventListener('visibilitychange', onVisibility);
    container.removeEventListener('message', onMessage);
  };
}
