import type { DocStore, DocWrite } from './doc-store.ts';

interface Pending {
  readonly write: DocWrite;
  readonly resolve: (seq: number) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit (DESIGN.md §3): writes that arrive while a transaction is being prepared share
 * it. Each caller's promise resolves with its sequence number only after the shared transaction
 * has committed, which is when the relay may acknowledge.
 */
export class CommitQueue {
  readonly #store: DocStore;
  readonly #now: () => number;
  #pending: Pending[] = [];
  #scheduled = false;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(store: DocStore, now: () => number) {
    this.#store = store;
    this.#now = now;
  }

  commit(write: DocWrite): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.#pending.push({ write, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /** Resolves once every write queued so far has been committed or refused. */
  async drain(): Promise<void> {
    while (this.#pending.length > 0 || this.#scheduled) {
      await new Promise<void>((r) => setImmediate(r));
    }
    await this.#inFlight;
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    this.#inFlight = this.#inFlight.then(async () => {
      try {
        const seqs = await this.#store.appendBatch(
          batch.map((p) => p.write),
          this.#now(),
        );
        for (const [i, p] of batch.entries()) p.resolve(seqs[i] as number);
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    });
  }
}
