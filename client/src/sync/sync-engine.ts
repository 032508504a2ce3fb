import type { Person } from '@thongsuot/shared/access/principal';
import { startCaseGroupKeeper } from '../conversations/case-group-keeper.ts';
import { watchBackgroundSync } from '../pwa/background-sync.ts';
import { DocRepository } from '../store/doc-repository.ts';
import { replayIntents } from '../store/intents.ts';
import type { LocalDb } from '../store/local-db.ts';
import { startDeliveryKeeper } from '../tasks/delivery-keeper.ts';
import { afterFirstSync, naiveFirstSync } from './first-sync.ts';
import { SyncClient } from './sync-client.ts';
import type { SyncStatusStore } from './sync-status-store.ts';
import { type TabChannel, type TabLocks, TabSync } from './tab-sync.ts';

export interface SyncEngineOptions {
  /** The signed-in person as the access rules see them (id, unit, rank). */
  readonly person: Person;
  readonly db: LocalDb;
  readonly store: SyncStatusStore;
  readonly url: string;
  readonly sessionValid: () => Promise<boolean>;
  readonly onSignedOutElsewhere: () => void;
  /** See SyncClientOptions.beforeSync. */
  readonly beforeSync?: (docIds: readonly string[]) => Promise<void>;
  /** See SyncClientOptions.bulkDocs. */
  readonly bulkDocs?: (docId: string) => boolean;
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
  const { db, store, url, sessionValid, beforeSync, bulkDocs } = options;
  const repository = new DocRepository(db);
  const naive = naiveFirstSync();
  const tabs = new TabSync({
    name: db.name,
    store,
    repository,
    createClient: () =>
      new SyncClient({
        url,
        db,
        repository,
        sessionValid,
        ...(beforeSync ? { beforeSync } : {}),
        ...(bulkDocs && !naive ? { bulkDocs } : {}),
        ...(naive ? { oneByOne: true } : {}),
      }),
    locks: globalThis.navigator?.locks as TabLocks | undefined,
    channel: new BroadcastChannel(db.name) as unknown as TabChannel,
    onSignedOut: options.onSignedOutElsewhere,
  });
  tabs.start();
  const stopBackgroundSync = watchBackgroundSync(store);
  // The keepers write on the docs they hear of: on a new device they wait for the first sync to
  // complete (it brings thousands of docs), then look at what it stored in one pass.
  let stopped = false;
  const keepers = (naive ? Promise.resolve() : afterFirstSync(db, store)).then(() => {
    if (stopped) return [];
    // The case groups of this person's directives follow their recipients, whatever page is open.
    const caseGroups = startCaseGroupKeeper({ db, repository, me: options.person.id, now: Date.now });
    // Work that reaches this device for the person's side is recorded as received ("Đã nhận").
    const deliveries = startDeliveryKeeper({ db, repository, person: options.person, now: Date.now });
    return [caseGroups, deliveries];
  });
  keepers.catch((error: unknown) => console.error('background keepers not started', error));
  // Actions a reload or a crash cut between their parts are completed first (store/intents.ts).
  void replayIntents({ db, repository }).catch((error: unknown) => console.error('replaying actions failed', error));
  return {
    repository,
    tabs,
    stop() {
      stopped = true;
      keepers
        .then((started) => {
          for (const keeper of started) keeper.stop();
        })
        .catch(() => undefined);
      stopBackgroundSync();
      tabs.stop();
      repository.destroy();
    },
  };
}
