import * as Y from 'yjs';
import { batchStore, type DocKindBatch, type DocKindTable, docScope } from './doc-kinds.ts';
import type { LocalDb, StoredUpdate } from './local-db.ts';

/** A change a background job makes to a doc that is not in memory. */
export interface BackgroundChange {
  readonly docId: string;
  /** Makes the change on the doc (as stored); changing nothing is fine. */
  readonly write: (doc: Y.Doc) => void;
}

/** A change stored by `storeLocalBatch`: its outbox entry, for the sync client to send. */
export interface StoredLocalChange {
  readonly docId: string;
  readonly ref: number;
  readonly update: Uint8Array;
}

/**
 * Makes this device's changes to many docs that are not in memory, of kinds with a `batch`
 * (doc-kinds.ts: tasks), and stores them in ONE IndexedDB transaction: each doc is built from its
 * stored rows, changed, and its change stored as a row, an outbox entry and a fresh projection —
 * what `DocRepository` does per change, for a burst (a new device recording that hundreds of
 * directives reached it). A crash loses the whole batch or nothing; the keeper that made it finds
 * the same work again at the next start.
 */
export async function storeLocalBatch(
  db: LocalDb,
  kinds: DocKindTable,
  items: readonly BackgroundChange[],
  now: number,
): Promise<StoredLocalChange[]> {
  if (items.length === 0) return [];
  const { updates, outbox } = db;
  const docIds = [...new Set(items.map((i) => i.docId))];
  const stores = new Map(docIds.map((docId) => [docId, batchStore(kinds, docId)]));
  return db.transaction('rw', docScope(db, stores.values()), async () => {
    const held = new Map<string, StoredUpdate[]>();
    for (const row of await updates.where('docId').anyOf(docIds).toArray()) {
      held.set(row.docId, [...(held.get(row.docId) ?? []), row]);
    }
    const waiting = new Map<string, number>();
    for (const entry of await outbox.where('docId').anyOf(docIds).toArray()) {
      waiting.set(entry.docId, (waiting.get(entry.docId) ?? 0) + 1);
    }
    const stored: StoredLocalChange[] = [];
    const rows = new Map<DocKindBatch<unknown>, unknown[]>();
    for (const { docId, write } of items) {
      const doc = new Y.Doc();
      doc.transact(() => {
        for (const row of held.get(docId) ?? []) Y.applyUpdate(doc, row.data);
      });
      let update: Uint8Array | null = null;
      doc.on('update', (u: Uint8Array) => {
        update = update ? Y.mergeUpdates([update, u]) : u;
      });
      write(doc);
      const change = update as Uint8Array | null;
      if (change) {
        await updates.add({ docId, data: change });
        const ref = await outbox.add({ docId, data: change, createdAt: now });
        const count = (waiting.get(docId) ?? 0) + 1;
        waiting.set(docId, count);
        held.set(docId, [...(held.get(docId) ?? []), { docId, data: change }]);
        const batch = stores.get(docId)?.batch;
        const row = batch?.row(docId, doc, count) ?? null;
        if (batch && row !== null) {
          const list = rows.get(batch);
          if (list) list.push(row);
          else rows.set(batch, [row]);
        }
        stored.push({ docId, ref: ref as number, update: change });
      }
      doc.destroy();
    }
    // In the order made: a doc changed twice keeps its last projection.
    for (const [batch, list] of rows) await batch.write(db, list);
    return stored;
  });
}
