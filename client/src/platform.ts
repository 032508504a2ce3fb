import Dexie from 'dexie';
import { refreshDirectory } from './directory/directory-cache.ts';
import { cacheSession, type SessionUser, sessionStillValid } from './session/session.ts';
import { DocRepository } from './store/doc-repository.ts';
import { LocalDb } from './store/local-db.ts';
import { SyncClient } from './sync/sync-client.ts';

/** Everything the signed-in app runs on: the person's local store, their docs and the sync connection. */
export interface Platform {
  readonly user: SessionUser;
  readonly db: LocalDb;
  readonly repository: DocRepository;
  readonly sync: SyncClient;
}

function syncUrl(): string {
  const { protocol, host } = globalThis.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/sync`;
}

export function startPlatform(user: SessionUser): Platform {
  const db = new LocalDb(user.id);
  const repository = new DocRepository(db);
  const sync = new SyncClient({ url: syncUrl(), db, repository, sessionValid: sessionStillValid });
  sync.start();
  void refreshDirectory(db);
  // Ask the browser not to evict our data under storage pressure (it may still refuse).
  void globalThis.navigator?.storage?.persist?.();
  return { user, db, repository, sync };
}

/** Signs out: ends the session on the server if reachable and deletes this person's data from the device. */
export async function signOut(platform: Platform): Promise<void> {
  platform.sync.stop();
  platform.repository.destroy();
  try {
    await fetch('/api/session', { method: 'DELETE', credentials: 'same-origin' });
  } catch {
    // Offline: the cookie expires on its own; the data below is removed regardless.
  }
  platform.db.close();
  await Dexie.delete(LocalDb.nameFor(platform.user.id));
  cacheSession(null);
}
