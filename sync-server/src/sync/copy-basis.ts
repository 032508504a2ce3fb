import type { DocEngine } from '../engine/doc-engine.ts';
import type { FanOut } from '../fanout/fan-out.ts';
import type { DocStore } from '../storage/doc-store.ts';
import type { ConnectionRegistry } from './connection-registry.ts';
import type { DocRecords } from './doc-records.ts';
import { watchGaps, watchSilentCommits } from './node-gaps.ts';
import { CHANGED_ELSEWHERE } from './write-refusals.ts';

/** Times a write refused because another node committed to its doc is checked again here. */
const CHECKS_AGAIN = 3;

/**
 * A write refused because another node committed to its doc after it was checked is checked
 * again, against the doc as now committed (the refusal dropped this node's copy), a few times
 * before the device is asked to send it again: with writers of one doc on several nodes, a
 * round trip to the device per collision would stall them.
 */
export async function checkedAgain<T extends { ok: boolean; message?: string }>(attempt: () => Promise<T>): Promise<T> {
  let outcome = await attempt();
  for (let i = 0; i < CHECKS_AGAIN && !outcome.ok && outcome.message === CHANGED_ELSEWHERE; i++) {
    outcome = await attempt();
  }
  return outcome;
}

/**
 * On a store shared by several relay nodes (docs/scale-out.md, "One check against every node's
 * commits"): the last sequence number of each doc in this node's apply-worker copy. A write is
 * committed only on that basis (`DocWrite.basedOn`), so a write checked against a copy another
 * node's commit has made old is refused, and sent again by the device. On one node's own store
 * (`checksBasis` unset) nothing is kept.
 */
export class CopyBasis {
  readonly #store: DocStore;
  readonly #seqs = new Map<string, number>();

  constructor(store: DocStore) {
    this.#store = store;
  }

  /**
   * Before the worker's copy is loaded: read first, so the copy holds at least this much. A commit
   * landing between the two reads costs one retry, never a write checked against too little.
   */
  async loading(docId: string): Promise<void> {
    if (this.#store.checksBasis) this.#seqs.set(docId, (await this.#store.docInfo(docId))?.lastSeq ?? 0);
  }

  of(docId: string): number {
    return this.#seqs.get(docId) ?? 0;
  }

  /** This node committed `seq` to the doc; returns the number it followed (on a shared store). */
  committed(docId: string, seq: number): number | undefined {
    if (!this.#store.checksBasis) return undefined;
    const previous = this.#seqs.get(docId) ?? 0;
    this.#seqs.set(docId, seq);
    return previous;
  }

  forget(docId: string): void {
    this.#seqs.delete(docId);
  }

  /** The copy took in another node's commit `seq` (`watchOtherNodes`). */
  took(docId: string, seq: number): void {
    this.#seqs.set(docId, seq);
  }
}

/**
 * Another node committed to a doc (its event, heard through the fan-out, has a number this node
 * never committed): what this node holds of the doc is old. A write being checked against the
 * copy will not commit (`DocRecord.replaced`). If the copy holds exactly what was committed
 * before (the event's previous number) and no write of this node is on its way in the worker,
 * the update is taken into the copy and the record follows the event: the next write needs no
 * reload. Otherwise both are dropped and loaded again on next use. Either way a reader removed
 * elsewhere loses access here too. A doc with a write being committed is left to the commit's own
 * check.
 */
export function watchOtherNodes(
  fanOut: FanOut,
  parts: { records: DocRecords; engine: DocEngine; copies: CopyBasis },
): () => void {
  const drop = (docId: string) => {
    parts.engine.unload(docId);
    parts.records.delete(docId);
    parts.copies.forget(docId);
  };
  return fanOut.subscribe((event) => {
    if (event.kind !== 'update') return;
    const { docId } = event;
    const record = parts.records.peek(docId);
    if (!record || event.seq <= record.lastSeq || record.inflight.size > 0) return;
    record.replaced = true;
    const takeIn =
      event.prevSeq !== undefined &&
      event.clients !== undefined &&
      event.prevSeq === parts.copies.of(docId) &&
      event.prevSeq === record.lastSeq &&
      parts.engine.isResident(docId) &&
      !parts.engine.busyWith(docId);
    if (!takeIn) return drop(docId);
    const adopted = parts.records.adopt(record, docId, event.seq, event.readersAfter, event.update.byteLength);
    parts.copies.took(docId, event.seq);
    void parts.engine
      .absorb(docId, event.update, event.clients ?? [])
      .catch(() => false)
      .then((ok) => {
        if (ok) return;
        // The copy could not take it: writes checked on it since are refused, and the doc loads again.
        adopted.replaced = true;
        if (parts.records.peek(docId) === adopted) drop(docId);
      });
  });
}

/**
 * The relay's part in sharing a store with other nodes: its copies' basis, and, when the store
 * is shared (`checksBasis`), the watch for other nodes' commits and for missed messages
 * (node-gaps.ts). One node: nothing watched.
 */
export function otherNodes(
  store: DocStore,
  fanOut: FanOut,
  parts: { records: DocRecords; engine: DocEngine; registry: ConnectionRegistry },
): { copies: CopyBasis; stop: () => void } {
  const copies = new CopyBasis(store);
  if (!store.checksBasis) return { copies, stop: () => undefined };
  const stops = [
    watchOtherNodes(fanOut, { ...parts, copies }),
    watchGaps(fanOut, parts.registry),
    watchSilentCommits(store, fanOut, parts.registry, Date.now),
  ];
  return {
    copies,
    stop: () => {
      for (const stop of stops) stop();
    },
  };
}
