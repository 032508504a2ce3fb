import type { Principal } from '@thongsuot/shared';
import type { DocEngine } from '../engine/doc-engine.ts';
import type { FanOut } from '../fanout/fan-out.ts';
import { type DocStore, EMPTY_UPDATE } from '../storage/doc-store.ts';
import type { CopyBasis } from './copy-basis.ts';
import type { DocRecords } from './doc-records.ts';

const EMPTY_STATE_VECTOR = new Uint8Array([0]);

export interface DependentAccessOptions {
  readonly store: DocStore;
  readonly records: DocRecords;
  readonly engine: DocEngine;
  readonly fanOut: FanOut;
  /** On a store shared by nodes, the basis of this node's copies (copy-basis.ts). */
  readonly copies?: CopyBasis;
  readonly onError?: (error: unknown) => void;
}

/**
 * Tells live connections about docs whose readers follow another doc's (a conversation's
 * monthly message logs follow its head: `DocWrite.parentId`). The store has already given them
 * the parent's new readers in the commit that changed them; this publishes one access-only
 * event per dependent: newly granted people get the whole doc, those who lost access
 * `unsubscribed`, the others nothing. Announcements for one parent run in commit order, so a
 * grant never overtakes a later revocation.
 */
export class DependentAccess {
  readonly #o: DependentAccessOptions;
  readonly #chains = new Map<string, Promise<void>>();

  constructor(options: DependentAccessOptions) {
    this.#o = options;
  }

  /** Announcements still running, for `DocHub.drain`. */
  get running(): Promise<void>[] {
    return [...this.#chains.values()];
  }

  /** Called once a change of the parent's readers from `before` to `after` is committed. */
  announce(parentId: string, before: readonly Principal[], after: readonly Principal[]): void {
    const previous = this.#chains.get(parentId) ?? Promise.resolve();
    const run = previous.then(() => this.#announce(parentId, before, after)).catch((error) => this.#o.onError?.(error));
    this.#chains.set(parentId, run);
    void run.then(() => {
      if (this.#chains.get(parentId) === run) this.#chains.delete(parentId);
    });
  }

  async #announce(parentId: string, before: readonly Principal[], after: readonly Principal[]): Promise<void> {
    const had = new Set(before);
    const granted = after.some((p) => !had.has(p));
    for (const dependent of await this.#o.store.dependentsOf(parentId)) {
      const record = this.#o.records.peek(dependent.docId);
      if (record) {
        // The store gave the doc a new (empty) update row: compaction may include it.
        record.lastSeq = Math.max(record.lastSeq, dependent.lastSeq);
        this.#o.records.setReaders(record, after);
        // On a shared store the copy's basis is now behind by that row: loaded again on next use
        // rather than refused once for nothing.
        if (this.#o.store.checksBasis && record.inflight.size === 0) {
          this.#o.engine.unload(dependent.docId);
          this.#o.copies?.forget(dependent.docId);
        }
      }
      const full = granted ? await this.#o.engine.diff(dependent.docId, EMPTY_STATE_VECTOR) : null;
      this.#o.fanOut.publish({
        kind: 'update',
        docId: dependent.docId,
        seq: dependent.lastSeq,
        update: EMPTY_UPDATE,
        fullState: full?.ok ? full.update : null,
        readersBefore: before,
        readersAfter: after,
        originId: null,
        accessOnly: true,
      });
    }
  }
}
