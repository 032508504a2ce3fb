import Dexie from 'dexie';
import { UploadQueue } from './attachments/uploader.ts';
import { directoryBeforeSync, isDirectoryDoc, refreshDirectoryIfStale } from './directory/directory-refresh.ts';
import { cacheSession, type SessionUser, sessionStillValid } from './session/session.ts';
import { afterFirstScreen } from './shell/first-screen.ts';
import type { DocRepository } from './store/doc-repository.ts';
import { LocalDb } from './store/local-db.ts';
import type { SyncEngine } from './sync/sync-engine.ts';
import { SyncStatusStore } from './sync/sync-status-store.ts';

/** Everything the signed-in app runs on: the person's local store, their docs and the sync state. */
export interface Platform {
  readonly user: SessionUser;
  readonly db: LocalDb;
  readonly sync: SyncStatusStore;
  /** The docs; resolves once the sync engine (Yjs) has loaded, right after the first render. */
  readonly repository: () => Promise<DocRepository>;
  readonly engine: Promise<SyncEngine>;
  /** The outbox of files (attachments/uploader.ts). */
  readonly uploads: UploadQueue;
  stop(): void;
}

function syncUrl(): string {
  const { protocol, host } = globalThis.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/sync`;
}

export function startPlatform(user: SessionUser, onSignedOutElsewhere: () => void): Platform {
  const db = new LocalDb(user.id);
  const sync = new SyncStatusStore();
  let stopped = false;
  // The engine (Yjs, the socket, the outbox) starts once the inbox is on screen: nothing on it needs the engine.
  const engine = afterFirstScreen().then(async () => {
    const { startSyncEngine } = await import('./sync/sync-engine.ts');
    const started = startSyncEngine({
      person: { id: user.id, unitId: user.unitId, ...(user.rank !== undefined ? { rank: user.rank } : {}) },
      db,
      store: sync,
      url: syncUrl(),
      sessionValid: sessionStillValid,
      onSignedOutElsewhere,
      beforeSync: (docIds) => directoryBeforeSync(db, docIds),
      bulkDocs: isDirectoryDoc,
    });
    if (stopped) started.stop();
    return started;
  });
  const uploads = new UploadQueue(db, { lockName: `thongsuot-uploads-${user.id}` });
  let stopAttachments = (): void => {};
  void afterFirstScreen().then(() => {
    if (stopped) return;
    uploads.start();
    void import('./attachments/attachment-work.ts').then(({ startAttachmentWork }) => {
      if (!stopped) stopAttachments = startAttachmentWork(db, sync, uploads, user);
    });
    // This device's push subscription, given to the relay again: endpoints rotate (docs/design.md §16).
    void import('./pwa/push-subscription.ts')
      .then((m) => (stopped ? undefined : m.refreshPushSubscription(db)))
      .catch(() => undefined);
  });
  void refreshDirectoryIfStale(db);
  // Ask the browser not to evict our data under storage pressure (it may still refuse).
  void globalThis.navigator?.storage?.persist?.();
  return {
    user,
    db,
    sync,
    engine,
    uploads,
    repository: () => engine.then((e) => e.repository),
    stop() {
      stopped = true;
      uploads.stop();
      stopAttachments();
      void engine.then((e) => e.stop());
      db.close();
    },
  };
}

/** Signs out: ends the session on the server if reachable and deletes this person's data from the device. */
export async function signOut(platform: Platform): Promise<void> {
  const engine = await platform.engine;
  engine.tabs.announceSignOut();
  platform.stop();
  // Nothing more is pushed to this device for this person (the relay needs the session: first).
  await import('./pwa/push-subscription.ts').then((m) => m.forgetPushSubscription()).catch(() => undefined);
  try {
    await fetch('/api/session', { method: 'DELETE', credentials: 'same-origin' });
  } catch {
    // Offline: the cookie expires on its own; the data below is removed regardless.
  }
  await Dexie.delete(LocalDb.nameFor(platform.user.id));
  cacheSession(null);
}
