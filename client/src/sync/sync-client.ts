import {
  decodeMessage,
  encodeMessage,
  isRetryableError,
  type Message,
  readSyncPayload,
  syncStep1,
  syncUpdate,
} from '@thongsuot/shared';
import * as Y from 'yjs';
import { BackoffTimer, reconnectDelay } from './backoff.ts';
import { orderManifest } from './manifest-order.ts';
import { ManifestProgress } from './manifest-progress.ts';
import { RemoteBatcher, subscribeFrames } from './remote-batcher.ts';
import type { SyncClientOptions } from './sync-client-options.ts';
import { CURSOR_KEY } from './sync-keys.ts';
import { type DelayReason, INITIAL_STATUS, type SyncStatus } from './sync-status.ts';
import { inOrder, withPacking } from './unpack-frame.ts';

/** Refs of our requests for a doc's whole state; far above any outbox ref, so never confused with one. */
const FIRST_REBUILD_REF = 2 ** 40;
const EMPTY_DOC = Y.encodeStateAsUpdate(new Y.Doc());
/** Docs still to be rebuilt, kept across reloads until the server's state has arrived. */
const REBUILD_KEY = 'rebuildDocs';
/** Application close code: the session ended; sign in again (the outbox is kept). */
const SESSION_ENDED = 4401;

/**
 * The device's one connection to the relay (docs/design.md §2–§3). On connect it says hello with
 * its cursor, resends the whole outbox, and syncs exactly the docs the manifest lists; an
 * outbox entry is removed only when the server acknowledges it as stored.
 */
export class SyncClient {
  readonly #options: SyncClientOptions;
  readonly #now: () => number;
  readonly #random: () => number;
  #socket: WebSocket | null = null;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** Resending changes the server could not take just now (a retryable refusal). */
  readonly #resend: BackoffTimer;
  /** Docs of the manifest to ask for again (the server could not serve them just now). */
  readonly #resubscribe = new Set<string>();
  #running = false;
  readonly #manifest = new ManifestProgress();
  /** Docs being brought back to the server's state after a refusal: the ref of the request for it. */
  readonly #rebuilding = new Map<string, number>();
  #nextRebuildRef = FIRST_REBUILD_REF;
  /** The cursor of this connection's manifest; null until it arrives. */
  #manifestCursor: number | null = null;
  #status: SyncStatus = INITIAL_STATUS;
  readonly #listeners = new Set<() => void>();
  readonly #unsubscribe: () => void;
  readonly #incoming: RemoteBatcher;

  constructor(options: SyncClientOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#resend = new BackoffTimer(() => void this.#resendOutbox(), this.#random);
    this.#unsubscribe = options.repository.onLocalUpdate((docId, ref, update) => this.sendLocal(docId, ref, update));
    this.#incoming = new RemoteBatcher(
      (items) => options.repository.applyRemoteBatch(items),
      (docIds) => this.#arrived(docIds),
      (error) => this.#running && console.error('storing changes from the server failed', error),
    );
  }

  /** Resolves once the changes received so far are stored (for tests). */
  readonly stored = (): Promise<void> => this.#incoming.idle();

  /**
   * Sends a change already in the outbox: this tab's own, or another tab's (see tab-sync.ts).
   * Counted at once, so the indicator never lags behind the outbox.
   */
  sendLocal(docId: string, ref: number, update: Uint8Array): void {
    const connected = this.#socket !== null && this.#status.connectivity !== 'connecting';
    this.#setStatus({
      pending: this.#status.pending + 1,
      connectivity: connected ? 'syncing' : this.#status.connectivity,
    });
    this.#send({ type: 'sync', docId, ref, payload: syncUpdate(update) });
  }

  get status(): SyncStatus {
    return this.#status;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    globalThis.addEventListener?.('online', this.#onOnline);
    globalThis.addEventListener?.('offline', this.#onOffline);
    globalThis.document?.addEventListener('visibilitychange', this.#onVisible);
    void this.#refreshPending();
    this.#connect();
  }

  stop(): void {
    this.#running = false;
    globalThis.removeEventListener?.('online', this.#onOnline);
    globalThis.removeEventListener?.('offline', this.#onOffline);
    globalThis.document?.removeEventListener('visibilitychange', this.#onVisible);
    if (this.#timer) clearTimeout(this.#timer);
    this.#resend.cancel();
    this.#socket?.close();
    this.#socket = null;
    this.#unsubscribe();
  }

  clearRefusal(): void {
    this.#setStatus({ refusal: null });
  }

  /** Try now (e.g. the user pressed "sync now", or Background Sync fired). */
  syncNow(): void {
    if (!this.#running || this.#socket) return;
    this.#attempt = 0;
    this.#connect();
  }

  readonly #onOnline = (): void => this.syncNow();
  readonly #onOffline = (): void => {
    // Offline, the close event may come a minute later: the socket is let go at once (frames it
    // still delivers are handled, its late close ignored) and the state says offline.
    const socket = this.#socket;
    if (!socket) return;
    this.#socket = null;
    socket.close();
    void this.#onClosed(true, 1000);
  };
  readonly #onVisible = (): void => {
    if (globalThis.document?.visibilityState === 'visible') this.syncNow();
  };

  #setStatus(patch: Partial<SyncStatus>): void {
    this.#status = { ...this.#status, ...patch };
    for (const listener of this.#listeners) listener();
  }

  async #refreshPending(): Promise<void> {
    const pending = await this.#options.db.outbox.count();
    if (pending !== this.#status.pending) this.#setStatus({ pending });
  }

  #reportProgress(): void {
    const progress = this.#manifest.report();
    if (progress) this.#setStatus({ progress });
  }

  #isOnline(): boolean {
    return globalThis.navigator?.onLine ?? true;
  }

  #connect(): void {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (!this.#isOnline()) {
      this.#setStatus({ connectivity: 'offline' });
      return; // the 'online' event will bring us back
    }
    this.#setStatus({ connectivity: 'connecting' });
    const url = withPacking(this.#options.url);
    const socket = this.#options.createSocket?.(url) ?? new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    this.#socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.#attempt = 0;
      void this.#onOpen();
    };
    // After stop() (sign-out, tests) the store may be closed under a frame still being handled.
    const take = inOrder((frame) => {
      this.#receive(frame).catch((error: unknown) => {
        if (this.#running) console.error('handling a frame failed', error);
      });
    });
    socket.onmessage = (event: MessageEvent) => {
      if (event.data instanceof ArrayBuffer) take(new Uint8Array(event.data));
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      void this.#onClosed(opened, event.code);
    };
  }

  async #onClosed(opened: boolean, code: number): Promise<void> {
    if (!this.#running) return;
    if (code === SESSION_ENDED) {
      // Ended for good; asked why first (a locked account, a new password owed: session.ts), so
      // the sign-in screen says so. The outbox stays either way.
      await this.#options.sessionValid?.();
      if (this.#running) this.#setStatus({ connectivity: 'signed_out' });
      return;
    }
    if (!opened && this.#options.sessionValid && !(await this.#options.sessionValid())) {
      this.#setStatus({ connectivity: 'signed_out' });
      return;
    }
    this.#setStatus({ connectivity: this.#isOnline() ? 'connecting' : 'offline', progress: null });
    if (!this.#isOnline()) return;
    const delay = reconnectDelay(this.#attempt++, this.#random);
    this.#timer = setTimeout(() => this.#connect(), delay);
  }

  #send(message: Message): void {
    const socket = this.#socket;
    if (socket && socket.readyState === socket.OPEN) socket.send(encodeMessage(message) as Uint8Array<ArrayBuffer>);
  }

  async #onOpen(): Promise<void> {
    this.#resend.cancel();
    this.#resubscribe.clear();
    this.#manifestCursor = null;
    this.#setStatus({ connectivity: 'syncing' });
    const cursor = (await this.#options.db.getMeta<number>(CURSOR_KEY)) ?? 0;
    this.#send({ type: 'hello', cursor });
    const outbox = await this.#options.db.outbox.toArray();
    for (const entry of outbox) {
      this.#send({ type: 'sync', docId: entry.docId, ref: entry.ref ?? 0, payload: syncUpdate(entry.data) });
    }
    const unfinished = (await this.#options.db.getMeta<string[]>(REBUILD_KEY).catch(() => undefined)) ?? [];
    for (const docId of unfinished) this.#requestServerState(docId);
  }

  async #receive(frame: Uint8Array): Promise<void> {
    let message: Message;
    try {
      message = decodeMessage(frame);
    } catch (error) {
      console.error('unreadable frame from server', error);
      return;
    }
    switch (message.type) {
      case 'manifest': {
        this.#manifestCursor = message.cursor;
        this.#manifest.start(message.docIds);
        this.#reportProgress();
        const { bulkDocs, beforeSync } = this.#options;
        const socket = this.#socket;
        // The person's own work first, then history, then what a bulk download brings once the
        // work has arrived (on a weak link it would otherwise share the link with the work).
        const later = bulkDocs ? message.docIds.filter(bulkDocs) : message.docIds;
        if (bulkDocs) {
          const { work, history } = orderManifest(message.docIds.filter((id) => !bulkDocs(id)));
          await this.#subscribe(work);
          await this.#subscribe(history);
          if (!(await this.#manifest.whenArrived(work)) || this.#socket !== socket) return;
        }
        await beforeSync?.(later);
        if (this.#socket !== socket) return; // a new connection asks for all of it again
        await this.#subscribe(later);
        await this.#maybeSynced();
        return;
      }
      case 'sync': {
        const payload = readSyncPayload(message.payload);
        if (payload.kind === 'step1') return; // the server does not ask; ignore
        if (payload.kind === 'step2' && this.#rebuilding.get(message.docId) === message.ref) {
          await this.#rebuild(message.docId, payload.update);
          return;
        }
        if (!this.#options.oneByOne) return this.#incoming.push(message.docId, payload.update);
        await this.#options.repository.applyRemote(message.docId, payload.update);
        return this.#arrived([message.docId]);
      }
      case 'ack': {
        this.#resend.reset();
        if (this.#status.delayed) this.#setStatus({ delayed: null });
        await this.#options.db.removeFromOutbox(message.refs);
        await this.#refreshPending();
        await this.#maybeSynced();
        return;
      }
      case 'error': {
        if (message.ref >= FIRST_REBUILD_REF) {
          // The server holds no copy we may read (e.g. it refused the creation): nothing remains.
          if (this.#rebuilding.get(message.docId) === message.ref && message.code === 'not_found') {
            await this.#rebuild(message.docId, EMPTY_DOC);
          } else this.#rebuilding.delete(message.docId);
          return;
        }
        if (message.ref > 0 && isRetryableError(message.code)) {
          // Kept in the outbox; sent again after a pause that grows while it keeps happening.
          this.#setStatus({ delayed: message.code as DelayReason });
          this.#resend.schedule();
        }
        if (message.ref > 0 && !isRetryableError(message.code)) {
          // Refused for good: keeping it would resend it forever. The user is told why, and the
          // doc is brought back to the server's state on this device. One request is enough (the
          // server answers it after the frames already sent); it is decided before any await, as
          // frames are handled concurrently.
          if (!this.#rebuilding.has(message.docId)) this.#requestServerState(message.docId);
          // A change refused only because it builds on an earlier refused one adds nothing to say.
          if (message.code !== 'missing_dependencies' || !this.#status.refusal) {
            this.#setStatus({ refusal: { docId: message.docId, message: message.message } });
          }
          await this.#options.db.removeFromOutbox([message.ref]);
          await this.#refreshPending();
        }
        if (message.ref === 0 && isRetryableError(message.code) && this.#manifest.awaits(message.docId)) {
          // A doc of the manifest the server could not serve just now: asked for again later.
          this.#resubscribe.add(message.docId);
          this.#resend.schedule();
          return;
        }
        if (
          message.ref === 0 &&
          message.docId === '' &&
          message.code === 'rate_limited' &&
          this.#manifest.pending > 0
        ) {
          // A frame refused whole — a subscribe past the relay's read backlog, which names no doc:
          // every doc still missing is asked for again later (one already on its way comes twice).
          for (const docId of this.#manifest.awaited()) this.#resubscribe.add(docId);
          this.#resend.schedule();
          return;
        }
        if (this.#manifest.arrived(message.docId)) await this.#maybeSynced();
        return;
      }
      default:
        return;
    }
  }

  /** Sync step 1 for many docs, a few hundred per `subscribe` frame (remote-batcher.ts). */
  async #subscribe(docIds: readonly string[]): Promise<void> {
    for await (const docs of subscribeFrames(this.#options.repository, docIds, this.#options.oneByOne)) {
      this.#send({ type: 'subscribe', docs });
    }
  }

  /** Docs stored from the server: those the manifest awaited count as arrived. */
  async #arrived(docIds: readonly string[]): Promise<void> {
    if (!docIds.map((id) => this.#manifest.arrived(id)).includes(true)) return;
    this.#reportProgress();
    await this.#maybeSynced();
  }

  /** Everything still unacknowledged, in order (the server recognises what it already has). */
  async #resendOutbox(): Promise<void> {
    if (!this.#running || !this.#socket) return;
    const again = [...this.#resubscribe];
    this.#resubscribe.clear();
    if (again.length > 0) await this.#subscribe(again);
    for (const entry of await this.#options.db.outbox.toArray()) {
      this.#send({ type: 'sync', docId: entry.docId, ref: entry.ref ?? 0, payload: syncUpdate(entry.data) });
    }
  }

  /** Asks for the doc's whole state (a step 1 with an empty state vector); the answer rebuilds it. */
  #requestServerState(docId: string): void {
    const ref = this.#nextRebuildRef++;
    this.#rebuilding.set(docId, ref);
    this.#options.db.setMeta(REBUILD_KEY, [...this.#rebuilding.keys()]).catch(() => undefined);
    this.#send({ type: 'sync', docId, ref, payload: syncStep1(Y.encodeStateVector(new Y.Doc())) });
  }

  async #rebuild(docId: string, serverState: Uint8Array): Promise<void> {
    this.#rebuilding.delete(docId);
    try {
      await this.#options.repository.rebuild(docId, serverState);
      await this.#options.repository.flushed(); // the work carried over is in the outbox, and sent
      await this.#options.db.setMeta(REBUILD_KEY, [...this.#rebuilding.keys()]);
      await this.#refreshPending();
      await this.#maybeSynced();
    } catch (error) {
      // Signed out or stopped meanwhile (the store is closed): the doc is rebuilt next time.
      if (this.#running) console.error('rebuilding a refused doc failed', error);
    }
  }

  async #maybeSynced(): Promise<void> {
    const cursor = this.#manifestCursor;
    const socket = this.#socket;
    if (cursor === null || this.#manifest.pending > 0 || this.#rebuilding.size > 0 || socket === null) return;
    await this.#options.repository.flushed();
    await this.#options.db.setMeta(CURSOR_KEY, cursor);
    const pending = await this.#options.db.outbox.count();
    if (this.#socket !== socket) return; // the network went meanwhile: never "synced" offline
    this.#setStatus({
      connectivity: pending === 0 ? 'synced' : 'syncing',
      pending,
      lastSyncedAt: pending === 0 ? this.#now() : this.#status.lastSyncedAt,
      progress: null,
    });
  }
}
