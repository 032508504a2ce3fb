import type { DocRepository } from '../store/doc-repository.ts';
import type { SyncStatus } from './sync-status.ts';
import type { SyncControl, SyncStatusStore } from './sync-status-store.ts';

/** The part of `SyncClient` the leading tab drives. */
export interface LeaderClient extends SyncControl {
  readonly status: SyncStatus;
  subscribe(listener: () => void): () => void;
  start(): void;
  stop(): void;
  sendLocal(docId: string, ref: number, update: Uint8Array): void;
}

/** What tabs of one person say to each other over a BroadcastChannel. */
export type TabMessage =
  | { readonly type: 'doc'; readonly docId: string; readonly update: Uint8Array; readonly ref: number | null }
  | { readonly type: 'doc-rebuilt'; readonly docId: string }
  | { readonly type: 'status'; readonly status: SyncStatus }
  | { readonly type: 'status?' }
  | { readonly type: 'sync-now' }
  | { readonly type: 'clear-refusal' }
  | { readonly type: 'signed-out' };

export interface TabChannel {
  postMessage(message: TabMessage): void;
  onmessage: ((event: MessageEvent<TabMessage>) => void) | null;
  close(): void;
}

/** The part of the Web Locks API used here. */
export interface TabLocks {
  request(name: string, callback: () => unknown): Promise<unknown>;
}

export interface TabSyncOptions {
  /** Names the lock and the channel; one per signed-in person. */
  readonly name: string;
  readonly store: SyncStatusStore;
  readonly repository: DocRepository;
  readonly createClient: () => LeaderClient;
  /** Web Locks; without them (old Safari) every tab keeps its own connection. */
  readonly locks?: TabLocks | undefined;
  readonly channel: TabChannel;
  /** Another tab signed this person out. */
  readonly onSignedOut?: () => void;
}

/**
 * One connection per browser profile (docs/design.md §6): the tab holding the Web Lock runs the
 * socket; the others send it their changes (already in the shared outbox) and mirror its
 * status. Every tab posts each update it stores, so the same doc open in two tabs shows both
 * sides' changes at once. When the leading tab closes, the lock passes to another tab, whose
 * client resends the whole outbox.
 */
export class TabSync {
  readonly #options: TabSyncOptions;
  #client: LeaderClient | null = null;
  #release: (() => void) | null = null;
  #stopped = false;
  readonly #detach: (() => void)[] = [];

  constructor(options: TabSyncOptions) {
    this.#options = options;
  }

  get leading(): boolean {
    return this.#client !== null;
  }

  start(): void {
    const { channel, repository, store, locks, name } = this.#options;
    channel.onmessage = (event) => this.#receive(event.data);
    this.#detach.push(
      repository.onStored((docId, update, ref) => channel.postMessage({ type: 'doc', docId, update, ref })),
      // The other tabs' in-memory copies still hold the refused change: they reload it from IndexedDB.
      repository.onRebuilt((docId) => channel.postMessage({ type: 'doc-rebuilt', docId })),
    );
    store.attach({
      syncNow: () => channel.postMessage({ type: 'sync-now' }),
      clearRefusal: () => channel.postMessage({ type: 'clear-refusal' }),
    });
    channel.postMessage({ type: 'status?' });
    if (!locks) {
      this.#lead();
      return;
    }
    void locks
      .request(`${name}-sync`, () => {
        if (this.#stopped) return undefined;
        this.#lead();
        // Held until this tab stops or closes; then the browser hands it to the next tab.
        return new Promise<void>((resolve) => {
          this.#release = resolve;
        });
      })
      .catch((error: unknown) => console.error('sync lock failed', error));
  }

  /** Tells the other tabs that this person signed out (their data is being deleted). */
  announceSignOut(): void {
    this.#options.channel.postMessage({ type: 'signed-out' });
  }

  stop(): void {
    this.#stopped = true;
    for (const detach of this.#detach.splice(0)) detach();
    this.#client?.stop();
    this.#client = null;
    this.#release?.();
    this.#options.store.attach(null);
    this.#options.channel.close();
  }

  #lead(): void {
    const { store, channel, createClient } = this.#options;
    const client = createClient();
    this.#client = client;
    this.#detach.push(
      client.subscribe(() => {
        store.set(client.status);
        channel.postMessage({ type: 'status', status: client.status });
      }),
    );
    store.attach(client);
    client.start();
    store.set(client.status);
    channel.postMessage({ type: 'status', status: client.status });
  }

  #receive(message: TabMessage): void {
    const client = this.#client;
    switch (message.type) {
      case 'doc':
        void this.#options.repository.applyFromPeerTab(message.docId, message.update);
        if (client && message.ref !== null) client.sendLocal(message.docId, message.ref, message.update);
        return;
      case 'doc-rebuilt':
        this.#options.repository.forget(message.docId);
        return;
      case 'status':
        if (!client) this.#options.store.set(message.status);
        return;
      case 'status?':
        if (client) this.#options.channel.postMessage({ type: 'status', status: client.status });
        return;
      case 'sync-now':
        client?.syncNow();
        return;
      case 'clear-refusal':
        client?.clearRefusal();
        return;
      case 'signed-out':
        this.#options.onSignedOut?.();
        return;
    }
  }
}
