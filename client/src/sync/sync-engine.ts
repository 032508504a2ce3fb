import { startCaseGroupKeeper } from '../conversations/case-group-keeper.ts';
import { watchBackgroundSync } from '../pwa/background-sync.ts';
import { DocRepository } from '../store/doc-repository.ts';
import { replayIntents } from '../store/intents.ts';
import type { LocalDb } from '../store/local-db.ts';
import { SyncClient } from './sync-client.ts';
import type { SyncStatusStore } from './sync-status-store.ts';
import { type TabChannel, type TabLocks, TabSync } from './tab-sync.ts';

export interface SyncEngineOptions {
  readonly userId: string;
  readonly db: LocalDb;
  readonly store: SyncStatusStore;
  readonly url: string;
  readonly sessionValid: () => Promise<boolean>;
  readonly onSignedOutElsewhere: () => void;
  /** See SyncClientOptions.beforeSync. */
  readonly beforeSync?: (docIds: readonly string[]) => Promise<void>;
}

export interface SyncEngine {
  readonly repository: DocRepository;
  readonly tabs: TabSync;
  stop(): void;
}

/**
 * Everything that needs Yjs: the docs and the connection. Loaded after the first render, so
 * the inbox (read from the Dexie projections) does not wait for it.
 */
export function startSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, store, url, sessionValid, beforeSync } = options;
  const repository = new DocRepository(db);
  const tabs = new TabSync({
    name: db.name,
    store,
    repository,
    createClient: () => new SyncClient({ url, db, repository, sessionValid, ...(beforeSync ? { beforeSync } : {}) }),
    locks: globalThis.navigator?.locks as TabLocks | undefined,
    channel: new BroadcastChannel(db.name) as unknown as TabChannel,
    onSignedOut: options.onSignedOutElsewhere,
  });
  tabs.start();
  const stopBackgroundSync = watchBackgroundSync(store);
  // The case groups of this person's directives follow their recipients, whatever page is open.
  const caseGroups = startCaseGroupKeeper({ db, repository, me: options.userId, now: Date.now });
  // Actions a reload or a crash cut between their parts are completed first (store/intents.ts).
  void replayIntents({ db, repository }).catch((error: unknown) => console.error('replaying actions failed', error));
  return {
    repository,
    tabs,
    stop() {
      caseGroups.stop();
      stopBackgroundSync();
      tabs.stop();
      repository.destroy();
    },
  };
}
