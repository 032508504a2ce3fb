import * as Y from 'yjs';

/**
 * Replicas of one document for convergence tests: each has a fixed client id (Yjs orders
 * concurrent inserts by client id, so random ids would make a seed unreproducible).
 */
export function makeReplicas(origin: Y.Doc, count: number): Y.Doc[] {
  const update = Y.encodeStateAsUpdate(origin);
  return Array.from({ length: count }, (_, i) => {
    const doc = new Y.Doc();
    doc.clientID = 1_000 + i;
    Y.applyUpdate(doc, update);
    return doc;
  });
}

/** One-way sync: `to` receives what it lacks from `from`. */
export function syncInto(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

/**
 * Delivers every replica's state to every other, each receiver taking the senders in the
 * order `orders[receiver]` gives (a permutation of sender indexes).
 */
export function mergeAll(replicas: readonly Y.Doc[], orders: readonly (readonly number[])[]): void {
  const snapshots = replicas.map((doc) => Y.encodeStateAsUpdate(doc));
  replicas.forEach((doc, receiver) => {
    for (const sender of orders[receiver] ?? []) {
      const update = snapshots[sender];
      if (sender !== receiver && update) Y.applyUpdate(doc, update);
    }
  });
}

/** A fresh document loaded from `doc`'s encoded state: what a new device would see. */
export function reload(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}
