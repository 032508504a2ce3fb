import * as Y from 'yjs';
import { DOC_KIND_STORES } from './doc-kind-table.ts';
import { batchable, type DocKindTable, docScope, kindStore } from './doc-kinds.ts';
import { type BackgroundChange, storeLocalBatch } from './local-batch.ts';
import type { LocalDb, StoredUpdate } from './local-db.ts';
import { type RemoteUpdate, storedStateVectors, storeRemoteBatch } from './remote-batch.ts';

/** Transaction origin of changes that came from the server: stored, but not put in the outbox. */
export const REMOTE = Symbol('remote');
/** Origin of changes another tab of this browser already stored: applied in memory only. */
export const PEER_TAB = Symbol('peer-tab');

/** Past this many stored updates a doc is rewritten as one (docs/design.md §7). */
const COMPACT_AFTER = 200;

export type LocalUpdateListener = (docId: string, ref: number, update: Uint8Array) => void;
/** Every update this tab stored; `ref` is its outbox entry, or null for a change from the server. */
export type StoredListener = (docId: string, update: Uint8Array, ref: number | null) => void;
/** A doc was rebuilt from the server's state; holders of the old Y.Doc must open it again. */
export type RebuiltListener = (docId: string, dropped: readonly number[]) => void;

/** The outcome of rebuilding a doc after the server refused one of its changes. */
export interface Rebuilt {
  /** Outbox refs dropped because they build on a refused change (the server would refuse them too). */
  readonly dropped: number[];
  /** Outbox refs kept: still pending, applied on top of the server's state. */
  readonly kept: number[];
  /** What was written again from dropped changes (task docs: reports, requests, statuses...). */
  readonly carried: string[];
}

/** What was carried over once already (see tasks/task-rebase.ts); never carried twice. */
const CARRIED_KEY = 'carriedOver';

/**
 * The docs of the signed-in person, loaded from IndexedDB with no network. Every local change
 * is written to the doc's updates and to the outbox in one IndexedDB transaction; list
 * projections are refreshed from the doc after every change, by the entry of its kind
 * (doc-kind-table.ts). Docs are opened lazily: lists read the projections, never the docs.
 */
export class DocRepository {
  readonly #db: LocalDb;
  /** What is stored and projected for each kind of doc. */
  readonly #kinds: DocKindTable;
  readonly #docs = new Map<string, Promise<Y.Doc>>();
  /**
   * Docs in memory only because the sync engine touched them (a change or a state vector), in
   * least-recently-used order, with a count of touches. Beyond `#keep` the oldest are dropped
   * once their changes are stored, so a leader whose device syncs 20,000 tasks does not hold
   * 20,000 docs in memory. Docs opened through `open()` (a page, an action) stay.
   */
  readonly #background = new Map<string, number>();
  readonly #keep: number;
  /** Background docs whose drop is queued behind their writes. */
  readonly #dropping = new Set<string>();
  readonly #counts = new Map<string, number>();
  readonly #localListeners = new Set<LocalUpdateListener>();
  readonly #storedListeners = new Set<StoredListener>();
  readonly #rebuiltListeners = new Set<RebuiltListener>();
  /** Writes are chained so updates reach IndexedDB in the order they happened. */
  #writes: Promise<unknown> = Promise.resolve();

  /** `kinds`: what is stored for each kind of doc (tests plug a kind in); the app's table by default. */
  constructor(db: LocalDb, options: { keepInBackground?: number; kinds?: DocKindTable } = {}) {
    this.#db = db;
    this.#keep = options.keepInBackground ?? 200;
    this.#kinds = options.kinds ?? DOC_KIND_STORES;
  }

  /** Docs held in memory (open for a page or an action, or recently synced). */
  get inMemory(): number {
    return this.#docs.size;
  }

  onLocalUpdate(listener: LocalUpdateListener): () => void {
    this.#localListeners.add(listener);
    return () => this.#localListeners.delete(listener);
  }

  onStored(listener: StoredListener): () => void {
    this.#storedListeners.add(listener);
    return () => this.#storedListeners.delete(listener);
  }

  onRebuilt(listener: RebuiltListener): () => void {
    this.#rebuiltListeners.add(listener);
    return () => this.#rebuiltListeners.delete(listener);
  }

  open(docId: string): Promise<Y.Doc> {
    this.#background.delete(docId);
    return this.#opened(docId);
  }

  #opened(docId: string): Promise<Y.Doc> {
    let opening = this.#docs.get(docId);
    if (!opening) {
      opening = this.#load(docId);
      this.#docs.set(docId, opening);
    }
    return opening;
  }

  async #load(docId: string): Promise<Y.Doc> {
    const rows = await this.#db.updates.where('docId').equals(docId).toArray();
    const doc = new Y.Doc();
    doc.transact(() => {
      for (const row of rows) Y.applyUpdate(doc, row.data, REMOTE);
    }, REMOTE);
    this.#counts.set(docId, rows.length);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === PEER_TAB) return; // already stored by the tab that made or received it
      this.#enqueue(() => this.#persist(docId, doc, update, origin !== REMOTE));
    });
    return doc;
  }

  /** Applies a change received from the server. */
  async applyRemote(docId: string, update: Uint8Array): Promise<void> {
    // "Nothing new" for a doc stored whole and not open: no need to load it (directory pages).
    if (!this.#docs.has(docId) && sameBytes((await this.#storedWhole(docId))?.upToDate, update)) return;
    const doc = await this.#forSync(docId);
    Y.applyUpdate(doc, update, REMOTE);
    this.#dropOldBackground();
  }

  /**
   * Changes received from the server together (a burst of a first sync): the docs not in memory
   * of kinds stored in batches (tasks) in one transaction (remote-batch.ts), the rest one by one
   * as `applyRemote`.
   * A doc opened while the batch was being written gets its change in memory as well.
   */
  applyRemoteBatch(items: readonly RemoteUpdate[]): Promise<void> {
    const run = this.#writes.then(async () => {
      const direct = new Set(items.filter((i) => batchable(this.#kinds, i.docId) && !this.#docs.has(i.docId)));
      await storeRemoteBatch(this.#db, this.#kinds, [...direct]);
      for (const { docId, update } of direct) {
        const opening = this.#docs.get(docId);
        if (opening) Y.applyUpdate(await opening, update, PEER_TAB);
        const count = this.#counts.get(docId);
        if (count !== undefined) this.#counts.set(docId, count + 1);
        for (const listener of this.#storedListeners) listener(docId, update, null);
      }
      return items.filter((i) => !direct.has(i));
    });
    this.#writes = run.catch(() => undefined); // the caller hears of the failure
    return run.then(async (rest) => {
      for (const { docId, update } of rest) await this.applyRemote(docId, update);
    });
  }

  /** A keeper's changes to many docs: task docs not in memory in one transaction (local-batch.ts). */
  writeBatchInBackground(items: readonly BackgroundChange[]): Promise<void> {
    const run = this.#writes.then(async () => {
      const direct = items.filter((i) => batchable(this.#kinds, i.docId) && !this.#docs.has(i.docId));
      for (const { docId, ref, update } of await storeLocalBatch(this.#db, this.#kinds, direct, Date.now())) {
        const opening = this.#docs.get(docId);
        if (opening) Y.applyUpdate(await opening, update, PEER_TAB);
        const count = this.#counts.get(docId);
        if (count !== undefined) this.#counts.set(docId, count + 1);
        for (const listener of this.#localListeners) listener(docId, ref, update);
        for (const listener of this.#storedListeners) listener(docId, update, ref);
      }
      return items.filter((i) => !direct.includes(i));
    });
    this.#writes = run.catch(() => undefined); // the caller hears of the failure
    return run.then(async (rest) => {
      for (const { docId, write } of rest) await this.writeInBackground(docId, write);
    });
  }

  /** A keeper's change: the doc is held like one the sync engine touched (dropped once old). */
  async writeInBackground(docId: string, write: (doc: Y.Doc) => void): Promise<void> {
    write(await this.#forSync(docId));
    this.#dropOldBackground();
  }

  /** A doc the sync engine needs: held in the background unless something opened it. */
  #forSync(docId: string): Promise<Y.Doc> {
    if (!this.#docs.has(docId) || this.#background.has(docId)) {
      const touches = (this.#background.get(docId) ?? 0) + 1;
      this.#background.delete(docId); // re-inserted last: the most recently used
      this.#background.set(docId, touches);
    }
    return this.#opened(docId);
  }

  /** Drops the least recently synced background docs beyond the limit, after their writes. */
  #dropOldBackground(): void {
    let excess = this.#background.size - this.#dropping.size - this.#keep;
    for (const [docId, touches] of this.#background) {
      if (excess <= 0) break;
      if (this.#dropping.has(docId)) continue;
      excess--;
      this.#dropping.add(docId);
      this.#enqueue(async () => {
        this.#dropping.delete(docId);
        // Touched again, or opened by a page, since: it stays.
        if (this.#background.get(docId) === touches) this.forget(docId);
      });
    }
  }

  /** The doc's state vector, read from a doc stored whole without loading it. */
  async stateVector(docId: string): Promise<Uint8Array> {
    if (!this.#docs.has(docId)) {
      const whole = await this.#storedWhole(docId);
      if (whole?.stateVector) return whole.stateVector;
    }
    const vector = Y.encodeStateVector(await this.#forSync(docId));
    this.#dropOldBackground();
    return vector;
  }

  /** The state vectors of many docs, reading the stored ones in one query without loading them. */
  async stateVectors(docIds: readonly string[]): Promise<Map<string, Uint8Array>> {
    const vectors = await storedStateVectors(
      this.#db,
      docIds.filter((id) => !this.#docs.has(id)),
    );
    for (const id of docIds) if (!vectors.has(id)) vectors.set(id, Y.encodeStateVector(await this.#opened(id)));
    return vectors;
  }

  async #storedWhole(docId: string): Promise<StoredUpdate | undefined> {
    const rows = await this.#db.updates.where('docId').equals(docId).limit(2).toArray();
    return rows.length === 1 ? rows[0] : undefined;
  }

  /**
   * Applies a change another tab has already stored, so an open doc shows it at once. A doc this
   * tab has not opened needs nothing: it will load the change from IndexedDB when opened.
   */
  async applyFromPeerTab(docId: string, update: Uint8Array): Promise<void> {
    const opening = this.#docs.get(docId);
    if (opening) Y.applyUpdate(await opening, update, PEER_TAB);
  }

  /** Resolves once every change made so far is in IndexedDB. */
  flushed(): Promise<void> {
    return this.#writes.then(() => undefined);
  }

  #enqueue(write: () => Promise<void>): void {
    this.#writes = this.#writes.then(write).catch((error) => console.error('local store write failed', error));
  }

  async #persist(docId: string, doc: Y.Doc, update: Uint8Array, local: boolean): Promise<void> {
    const now = Date.now();
    const db = this.#db;
    const store = kindStore(this.#kinds, docId);
    const prepared = await store?.prepare?.({ db, docId, doc, open: (id) => this.open(id) });
    const { updates, outbox } = db;
    // The scope is the update, the outbox and the kind's own tables: a task change (its list row)
    // does not wait for lists reading the other tables (a write waits for readers of its tables).
    const ref = await db.transaction('rw', docScope(db, [store]), async () => {
      await updates.add({ docId, data: update });
      const added = local ? await outbox.add({ docId, data: update, createdAt: now }) : 0;
      const waiting = () => outbox.where('docId').equals(docId).count();
      await store?.project({ db, docId, doc, prepared, rebuilt: false, waiting });
      return added;
    });
    const count = (this.#counts.get(docId) ?? 0) + 1;
    this.#counts.set(docId, count);
    if (count > COMPACT_AFTER) await this.#compact(docId, doc);
    if (local) for (const listener of this.#localListeners) listener(docId, ref, update);
    for (const listener of this.#storedListeners) listener(docId, update, local ? ref : null);
  }

  /**
   * Rewrites a doc's rows as one. The rows are read back and merged into the doc inside the same
   * IndexedDB transaction, so a row another tab wrote a moment ago is folded in, never dropped.
   */
  async #compact(docId: string, doc: Y.Doc): Promise<void> {
    await this.#db.transaction('rw', this.#db.updates, async () => {
      const rows = await this.#db.updates.where('docId').equals(docId).toArray();
      doc.transact(() => {
        for (const row of rows) Y.applyUpdate(doc, row.data, PEER_TAB);
      }, PEER_TAB);
      await this.#db.updates.where('docId').equals(docId).delete();
      await this.#db.updates.add({ docId, data: Y.encodeStateAsUpdate(doc) });
    });
    this.#counts.set(docId, 1);
  }

  /**
   * Brings a doc back in line with the server after it refused one of this device's changes
   * (docs/design.md §4): the doc becomes the server's state plus the changes still waiting in the
   * outbox that build on it; waiting changes that build on the refused one are dropped, as the
   * server would refuse them too. The stored rows, the outbox and the list projection change in
   * one IndexedDB transaction; the in-memory doc is destroyed, so whoever holds it opens it again.
   */
  rebuild(docId: string, serverState: Uint8Array): Promise<Rebuilt> {
    const run = this.#writes.then(() => this.#rebuild(docId, serverState));
    this.#writes = run.catch(() => undefined); // the caller hears of the failure
    return run;
  }

  async #rebuild(docId: string, serverState: Uint8Array): Promise<Rebuilt> {
    const db = this.#db;
    const { updates, outbox } = db;
    const store = kindStore(this.#kinds, docId);
    const result = await db.transaction('rw', docScope(db, [store]), async () => {
      const previous = new Y.Doc();
      for (const row of await updates.where('docId').equals(docId).toArray()) Y.applyUpdate(previous, row.data);
      const entries = await outbox.where('docId').equals(docId).sortBy('ref');
      const fresh = new Y.Doc();
      Y.applyUpdate(fresh, serverState, REMOTE);
      const kept: number[] = [];
      const dropped: number[] = [];
      for (const entry of entries) {
        if (integrates(fresh, entry.data)) {
          Y.applyUpdate(fresh, entry.data, REMOTE);
          kept.push(entry.ref ?? 0);
        } else dropped.push(entry.ref ?? 0);
      }
      await outbox.bulkDelete(dropped);
      await updates.where('docId').equals(docId).delete();
      await updates.add({ docId, data: Y.encodeStateAsUpdate(fresh) });
      const waiting = async () => kept.length;
      await store?.project({ db, docId, doc: fresh, rebuilt: true, waiting });
      fresh.destroy();
      return { kept, dropped, previous };
    });
    this.#counts.set(docId, 1);
    this.forget(docId);
    let carried: string[] = [];
    // The old copy holds the refused change and whatever built on it, dropped here or already
    // refused by the server; what the person did besides is written again.
    if (store?.carryOver) {
      const skip = new Set((await this.#db.getMeta<string[]>(CARRIED_KEY)) ?? []);
      // Written as a local change: stored, projected and put in the outbox like any edit.
      carried = store.carryOver(result.previous, await this.open(docId), skip);
      if (carried.length > 0) await this.#db.setMeta(CARRIED_KEY, [...skip, ...carried].slice(-2_000));
    }
    result.previous.destroy();
    for (const listener of this.#rebuiltListeners) listener(docId, result.dropped);
    return { kept: result.kept, dropped: result.dropped, carried };
  }

  /** Drops the in-memory copy of a doc (destroying it), so the next open reads IndexedDB. */
  forget(docId: string): void {
    const opening = this.#docs.get(docId);
    this.#background.delete(docId);
    if (!opening) return;
    this.#docs.delete(docId);
    opening.then((doc) => doc.destroy()).catch(() => undefined);
  }

  destroy(): void {
    for (const opening of this.#docs.values()) opening.then((doc) => doc.destroy()).catch(() => undefined);
    this.#docs.clear();
    this.#background.clear();
    this.#dropping.clear();
    this.#localListeners.clear();
    this.#storedListeners.clear();
  }
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Whether an update applies cleanly on top of `base`, leaving nothing pending. */
function integrates(base: Y.Doc, update: Uint8Array): boolean {
  const trial = new Y.Doc();
  Y.applyUpdate(trial, Y.encodeStateAsUpdate(base));
  Y.applyUpdate(trial, update);
  const clean = trial.store.pendingStructs === null && trial.store.pendingDs === null;
  trial.destroy();
  return clean;
}
