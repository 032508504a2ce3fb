import { parseDocId } from '@thongsuot/shared';
import * as Y from 'yjs';
import type { LocalDb } from './local-db.ts';
import { taskRow } from './task-projection.ts';

/** Transaction origin of changes that came from the server: stored, but not put in the outbox. */
export const REMOTE = Symbol('remote');

/** Past this many stored updates a doc is rewritten as one (DESIGN.md §7). */
const COMPACT_AFTER = 200;

export type LocalUpdateListener = (docId: string, ref: number, update: Uint8Array) => void;

/**
 * The docs of the signed-in person, loaded from IndexedDB with no network. Every local change
 * is written to the doc's updates and to the outbox in one IndexedDB transaction; list
 * projections are refreshed from the doc after every change.
 */
export class DocRepository {
  readonly #db: LocalDb;
  readonly #docs = new Map<string, Promise<Y.Doc>>();
  readonly #counts = new Map<string, number>();
  readonly #listeners = new Set<LocalUpdateListener>();
  /** Writes are chained so updates reach IndexedDB in the order they happened. */
  #writes: Promise<unknown> = Promise.resolve();

  constructor(db: LocalDb) {
    this.#db = db;
  }

  onLocalUpdate(listener: LocalUpdateListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
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
      this.#enqueue(() => this.#persist(docId, doc, update, origin !== REMOTE));
    });
    return doc;
  }

  /** Applies a change received from the server. */
  async applyRemote(docId: string, update: Uint8Array): Promise<void> {
    const doc = await this.open(docId);
    Y.applyUpdate(doc, update, REMOTE);
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
    const row = taskRow(docId, doc);
    const isTask = parseDocId(docId)?.kind === 'task';
    const ref = await this.#db.transaction('rw', [this.#db.updates, this.#db.outbox, this.#db.tasks], async () => {
      await this.#db.updates.add({ docId, data: update });
      if (isTask && row) await this.#db.tasks.put(row);
      return local ? await this.#db.outbox.add({ docId, data: update, createdAt: now }) : 0;
    });
    const count = (this.#counts.get(docId) ?? 0) + 1;
    this.#counts.set(docId, count);
    if (count > COMPACT_AFTER) await this.#compact(docId, doc);
    if (local) for (const listener of this.#listeners) listener(docId, ref, update);
  }

  async #compact(docId: string, doc: Y.Doc): Promise<void> {
    const state = Y.encodeStateAsUpdate(doc);
    await this.#db.transaction('rw', this.#db.updates, async () => {
      await this.#db.updates.where('docId').equals(docId).delete();
      await this.#db.updates.add({ docId, data: state });
    });
    this.#counts.set(docId, 1);
  }

  destroy(): void {
    for (const opening of this.#docs.values()) opening.then((doc) => doc.destroy()).catch(() => undefined);
    this.#docs.clear();
    this.#listeners.clear();
  }
}
