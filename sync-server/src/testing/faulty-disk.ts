import type { DocWrite } from '../storage/doc-store.ts';
import { ForwardingDocStore } from '../storage/forwarding-doc-store.ts';

/**
 * The real store with a disk that can fill up: the next `failNext` batches fail as SQLite fails
 * on a full disk, and a batch can be held on its way to the disk so a test can line up what
 * arrives meanwhile. Everything else goes straight to the store it wraps.
 */
export class FaultyDisk extends ForwardingDocStore {
  failNext = 0;
  #hold: { started: () => void; released: Promise<void> } | null = null;

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

  override async appendBatch(writes: readonly DocWrite[], at: number): Promise<number[]> {
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
    return this.inner.appendBatch(writes, at);
  }
}
