import { type DocStore, type DocWrite, StaleDocsError } from './doc-store.ts';

interface Pending {
  readonly write: DocWrite;
  readonly guard: CommitGuard | undefined;
  readonly resolve: (seq: number) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Ties a write to what it was built on. A write applied on top of one whose commit then failed
 * must not be stored without it: `failed` is called at once when this write's transaction
 * fails, and a write whose `valid` has turned false by the time its batch commits is refused.
 */
export interface CommitGuard {
  valid(): boolean;
  /** When not valid: whether because another node committed to the doc (`StaleWriteError.otherNode`). */
  elsewhere?(): boolean;
  failed(): void;
  /**
   * The doc's last sequence number in the copy the write was checked against, read when its
   * batch is about to commit (after every earlier batch): for a store shared by nodes.
   */
  basedOn?(): number;
}

/**
 * A write refused because one it was built on failed to commit, or (`otherNode`) because another
 * node committed to its doc after it was checked.
 */
export class StaleWriteError extends Error {
  constructor(
    docId: string,
    readonly otherNode = false,
  ) {
    super(otherNode ? `${docId} was changed by another node` : `an earlier change to ${docId} failed to commit`);
  }
}

export interface CommitQueueOptions {
  /** Writes arriving within this many milliseconds of the first share its transaction. */
  readonly windowMs: number;
  /** A batch this large commits at once without waiting for the window. */
  readonly maxBatch: number;
}

/**
 * Group commit (docs/design.md §3): writes that arrive within a few milliseconds share one
 * transaction (one fsync). Each caller's promise resolves with its sequence number only after
 * the shared transaction has committed, which is when the relay may acknowledge.
 */
export class CommitQueue {
  readonly #store: DocStore;
  readonly #now: () => number;
  readonly #options: CommitQueueOptions;
  #pending: Pending[] = [];
  #scheduled = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #inFlight: Promise<void> = Promise.resolve();
  #unsettled = 0;

  constructor(store: DocStore, now: () => number, options: CommitQueueOptions = { windowMs: 2, maxBatch: 2000 }) {
    this.#store = store;
    this.#now = now;
    this.#options = options;
  }

  /** Writes neither committed nor refused yet, the batch being committed included. */
  get unsettled(): number {
    return this.#unsettled;
  }

  commit(write: DocWrite, guard?: CommitGuard): Promise<number> {
    this.#unsettled++;
    const settled = () => {
      this.#unsettled--;
    };
    return new Promise<number>((resolve, reject) => {
      this.#pending.push({
        write,
        guard,
        resolve: (seq) => {
          settled();
          resolve(seq);
        },
        reject: (error) => {
          settled();
          reject(error);
        },
      });
      if (this.#pending.length >= this.#options.maxBatch) {
        if (this.#timer) clearTimeout(this.#timer);
        this.#timer = null;
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      } else if (!this.#scheduled) {
        this.#scheduled = true;
        const flush = () => {
          this.#timer = null;
          this.#flush();
        };
        if (this.#options.windowMs > 0) this.#timer = setTimeout(flush, this.#options.windowMs);
        else setImmediate(flush);
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
    if (!this.#scheduled) return;
    this.#scheduled = false;
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    this.#inFlight = this.#inFlight.then(async () => {
      // Decided now, after every earlier batch has committed or failed.
      const live: Pending[] = [];
      for (const p of batch) {
        if (p.guard && !p.guard.valid()) {
          p.guard.failed();
          p.reject(new StaleWriteError(p.write.docId, p.guard.elsewhere?.() ?? false));
        } else live.push(p);
      }
      // A store shared by nodes refuses a batch with writes checked against an old copy of their
      // doc: those are refused (the doc is reloaded, the device sends them again), the rest
      // committed in a new transaction.
      let writes = live;
      while (writes.length > 0) {
        const attempt = writes;
        const basis = this.#store.checksBasis;
        try {
          const seqs = await this.#store.appendBatch(
            attempt.map((p) => {
              const basedOn = basis ? p.guard?.basedOn?.() : undefined;
              return basedOn === undefined ? p.write : { ...p.write, basedOn };
            }),
            this.#now(),
          );
          for (const [i, p] of attempt.entries()) p.resolve(seqs[i] as number);
          writes = [];
        } catch (error) {
          if (!(error instanceof StaleDocsError)) {
            for (const p of attempt) p.guard?.failed();
            for (const p of attempt) p.reject(error);
            return;
          }
          const stale = new Set(error.docIds);
          writes = [];
          for (const p of attempt) {
            if (!stale.has(p.write.docId)) {
              writes.push(p);
              continue;
            }
            p.guard?.failed();
            p.reject(new StaleWriteError(p.write.docId, true));
          }
        }
      }
    });
  }
}
