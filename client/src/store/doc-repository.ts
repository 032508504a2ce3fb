import { parseDocId } from '@thongsuot/shared/ids';
import * as Y from 'yjs';
import type { LocalDb } from './local-db.ts';
import { taskRow } from './task-projection.ts';

/** Transaction origin of changes that came from the server: stored, but not put in the outbox. */
export const REMOTE = Symbol('remote');
/** Origin of changes another tab of this browser already stored: applied in memory only. */
export const PEER_TAB = Symbol('peer-tab');

/** Past this many stored updates a doc is rewritten as one (DESIGN.md §7). */
const COMPACT_AFTER = 200;

export type LocalUpdateListener = (docId: string, ref: number, update: Uint8Array) => void;
/** Every update this tab stored; `ref` is its outbox entry, or null for a change from the server. */
export type StoredListener = (docId: string, update: Uint8Array, ref: number | null) => void;

/**
 * The docs of the signed-in person, loaded from IndexedDB with no network. Every local change
 * is written to the doc's updates and to the outbox in one IndexedDB transaction; list
 * projections are refreshed from the doc after every change. Docs are opened lazily: lists
 * read the projections, never the docs.
 */
export class DocRepository {
  readonly #db: LocalDb;
  readonly #docs = new Map<string, Promise<Y.Doc>>();
  readonly #counts = new Map<string, number>();
  readonly #localListeners = new Set<LocalUpdateListener>();
  readonly #storedListeners = new Set<StoredListener>();
  /** Writes are chained so updates reach IndexedDB in the order they happened. */
  #writes: Promise<unknown> = Promise.resolve();

  constructor(db: LocalDb) {
    this.#db = db;
  }

  onLocalUpdate(listener: LocalUpdateListener): () => void {
    this.#localListeners.add(listener);
    return () => this.#localListeners.delete(listener);
  }

  onStored(listener: StoredListener): () => void {
    this.#storedListeners.add(listener);
    return () => this.#storedListeners.delete(listener);
  }

  open(docId: string): Promise<Y.Doc> {
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
    const doc = await this.open(docId);
    Y.applyUpdate(doc, update, REMOTE);
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
    const row = parseDocId(docId)?.kind === 'task' ? taskRow(docId, doc) : null;
    const ref = await this.#db.transaction('rw', [this.#db.updates, this.#db.outbox, this.#db.tasks], async () => {
      await this.#db.updates.add({ docId, data: update });
      if (row) await this.#db.tasks.put(row);
      return local ? await this.#db.outbox.add({ docId, data: update, createdAt: now }) : 0;
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

  destroy(): void {
    for (const opening of this.#docs.values()) opening.then((doc) => doc.destroy()).catch(() => undefined);
    this.#docs.clear();
    this.#localListeners.clear();
    this.#storedListeners.clear();
  }
}
