import type { Principal } from '@thongsuot/shared';
import type { DependentDoc, DocInfo, DocStore, DocWrite, Manifest } from '../storage/doc-store.ts';

/**
 * The real store with a disk that can fill up: the next `failNext` batches fail as SQLite fails
 * on a full disk, and a batch can be held on its way to the disk so a test can line up what
 * arrives meanwhile. Everything else goes straight to the store it wraps.
 */
export class FaultyDisk implements DocStore {
  readonly #inner: DocStore;
  failNext = 0;
  #hold: { started: () => void; released: Promise<void> } | null = null;

  constructor(inner: DocStore) {
    this.#inner = inner;
  }

  /** The next batch waits for `release()`; resolves once it is waiting. */
  holdNextBatch(): { held: Promise<void>; release: () => void } {
    let started!: () => void;
    let release!: () => void;
    const held = new Promise<void>((r) => {
      started = r;
    });
    const released = new Promise<void>((r) => {
      release = r;
    });
    this.#hold = { started, released };
    return { held, release };
  }

  async appendBatch(writes: readonly DocWrite[], at: number): Promise<number[]> {
    const hold = this.#hold;
    this.#hold = null;
    if (hold) {
      hold.started();
      await hold.released;
    }
    if (this.failNext > 0) {
      this.failNext--;
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    }
    return this.#inner.appendBatch(writes, at);
  }

  loadUpdates(docId: string): Promise<Uint8Array[]> {
    return this.#inner.loadUpdates(docId);
  }
  docInfo(docId: string): Promise<DocInfo | null> {
    return this.#inner.docInfo(docId);
  }
  exists(docId: string): Promise<boolean> {
    return this.#inner.exists(docId);
  }
  readersOf(docId: string): Promise<Principal[]> {
    return this.#inner.readersOf(docId);
  }
  changedSince(principals: readonly Principal[], cursor: number): Promise<Manifest> {
    return this.#inner.changedSince(principals, cursor);
  }
  dependentsOf(docId: string): Promise<DependentDoc[]> {
    return this.#inner.dependentsOf(docId);
  }
  compact(docId: string, upToSeq: number, state: Uint8Array): Promise<void> {
    return this.#inner.compact(docId, upToSeq, state);
  }
  close(): Promise<void> {
    return this.#inner.close();
  }
}
