import * as Y from 'yjs';
import { batchStore, type DocKindBatch, type DocKindTable, docScope } from './doc-kinds.ts';
import type { LocalDb, StoredUpdate } from './local-db.ts';

/** One change received from the server. */
export interface RemoteUpdate {
  readonly docId: string;
  readonly update: Uint8Array;
}

const EMPTY_VECTOR = Y.encodeStateVector(new Y.Doc());

/**
 * The state vectors of docs not in memory, from one read of their stored rows: a doc with no
 * rows has the empty vector, a doc stored whole (a bulk download) the vector kept on its row,
 * any other is decoded once and let go. A new device asks for thousands of docs this way without
 * loading one (docs/design.md §10).
 */
export async function storedStateVectors(db: LocalDb, docIds: readonly string[]): Promise<Map<string, Uint8Array>> {
  const rows = await db.updates
    .where('docId')
    .anyOf([...docIds])
    .toArray();
  const byDoc = groupRows(rows);
  const out = new Map<string, Uint8Array>();
  for (const docId of docIds) {
    const held = byDoc.get(docId) ?? [];
    const whole = held.length === 1 ? held[0]?.stateVector : undefined;
    if (held.length === 0) out.set(docId, EMPTY_VECTOR);
    else if (whole) out.set(docId, whole);
    else out.set(docId, Y.encodeStateVectorFromUpdate(Y.mergeUpdates(held.map((r) => r.data))));
  }
  return out;
}

/**
 * Stores the server's changes to many docs that are not in memory, of kinds with a `batch`
 * (doc-kinds.ts: tasks), in ONE IndexedDB transaction: each change as a row of its doc, and each
 * doc's projection recomputed once from all its rows (what `DocRepository` does per change, for a
 * burst). A first sync of thousands of tasks then commits a few times instead of once per doc,
 * and the lists reading `tasks` are re-queried a few times instead of once per doc. Resolves once
 * committed.
 */
export async function storeRemoteBatch(
  db: LocalDb,
  kinds: DocKindTable,
  items: readonly RemoteUpdate[],
): Promise<void> {
  if (items.length === 0) return;
  const { updates, outbox } = db;
  const changes = new Map<string, Uint8Array[]>();
  for (const { docId, update } of items) changes.set(docId, [...(changes.get(docId) ?? []), update]);
  const docIds = [...changes.keys()];
  const stores = new Map(docIds.map((docId) => [docId, batchStore(kinds, docId)]));
  await db.transaction('rw', docScope(db, stores.values()), async () => {
    const held = groupRows(await updates.where('docId').anyOf(docIds).toArray());
    const waiting = new Map<string, number>();
    for (const entry of await outbox.where('docId').anyOf(docIds).toArray()) {
      waiting.set(entry.docId, (waiting.get(entry.docId) ?? 0) + 1);
    }
    await updates.bulkAdd(items.map(({ docId, update }) => ({ docId, data: update })));
    const rows = new Map<DocKindBatch<unknown>, unknown[]>();
    for (const [docId, store] of stores) {
      const doc = new Y.Doc();
      doc.transact(() => {
        for (const row of held.get(docId) ?? []) Y.applyUpdate(doc, row.data);
        for (const update of changes.get(docId) ?? []) Y.applyUpdate(doc, update);
      });
      const row = store.batch.row(docId, doc, waiting.get(docId) ?? 0);
      doc.destroy();
      if (row === null) continue;
      const list = rows.get(store.batch);
      if (list) list.push(row);
      else rows.set(store.batch, [row]);
    }
    for (const [batch, list] of rows) await batch.write(db, list);
  });
}

function groupRows(rows: readonly StoredUpdate[]): Map<string, StoredUpdate[]> {
  const out = new Map<string, StoredUpdate[]>();
  for (const row of rows) {
    const list = out.get(row.docId);
    if (list) list.push(row);
    else out.set(row.docId, [row]);
  }
  return out;
}
