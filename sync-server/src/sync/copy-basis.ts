import type { DocEngine } from '../engine/doc-engine.ts';
import type { FanOut } from '../fanout/fan-out.ts';
import type { DocStore } from '../storage/doc-store.ts';
import type { ConnectionRegistry } from './connection-registry.ts';
import type { DocRecords } from './doc-records.ts';
import { watchGaps } from './node-gaps.ts';
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
}

/**
 * Another node committed to a doc (its event, heard through the fan-out, has a number this node
 * never committed): this node's copy of the doc and what it knows of its readers are old. Both
 * are loaded again on next use, so the next write is not refused once for nothing and a reader
 * removed elsewhere loses access here too. A doc with a write on its way is left to the commit's
 * own check.
 */
export function watchOtherNodes(
  fanOut: FanOut,
  parts: { records: DocRecords; engine: DocEngine; copies: CopyBasis },
): () => void {
  return fanOut.subscribe((event) => {
    if (event.kind !== 'update') return;
    const record = parts.records.peek(event.docId);
    if (!record || event.seq <= record.lastSeq || record.inflight.size > 0) return;
    // A write being checked against the copy now refuses to commit (doc-hub.ts).
    record.replaced = true;
    parts.engine.unload(event.docId);
    parts.records.delete(event.docId);
    parts.copies.forget(event.docId);
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
  const stops = [watchOtherNodes(fanOut, { ...parts, copies }), watchGaps(fanOut, parts.registry)];
  return {
    copies,
    stop: () => {
      for (const stop of stops) stop();
    },
  };
}
