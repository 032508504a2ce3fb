import type { Principal } from '@thongsuot/shared';
import type { DocStore } from '../storage/doc-store.ts';

/** What the main thread knows about a doc in use: enough to check reads and plan compaction. */
export interface DocRecord {
  exists: boolean;
  readers: readonly Principal[];
  readerSet: ReadonlySet<Principal>;
  lastSeq: number;
  updateCount: number;
  byteCount: number;
  lastUsed: number;
  /** Accepted updates whose commit has not finished: a reload must include them. */
  readonly inflight: Set<Uint8Array>;
  compacting: boolean;
  /**
   * A write to this doc failed to commit: the worker's copy holds it, the disk does not. Writes
   * applied on that copy are refused too, and the record is replaced by a fresh one.
   */
  broken: boolean;
}

/** The records of docs in use, loaded from storage on first use and dropped when idle. */
export class DocRecords {
  readonly #store: DocStore;
  readonly #now: () => number;
  readonly #records = new Map<string, DocRecord>();
  readonly #loading = new Map<string, Promise<DocRecord>>();

  constructor(store: DocStore, now: () => number) {
    this.#store = store;
    this.#now = now;
  }

  get size(): number {
    return this.#records.size;
  }

  /** The record if loaded, without touching storage. */
  peek(docId: string): DocRecord | undefined {
    return this.#records.get(docId);
  }

  get(docId: string): DocRecord | Promise<DocRecord> {
    const record = this.#records.get(docId);
    if (record) {
      record.lastUsed = this.#now();
      return record;
    }
    let loading = this.#loading.get(docId);
    if (!loading) {
      loading = this.#store.docInfo(docId).then((info) => {
        const loaded: DocRecord = {
          exists: info !== null,
          readers: info?.readers ?? [],
          readerSet: new Set(info?.readers ?? []),
          lastSeq: info?.lastSeq ?? 0,
          updateCount: info?.updateCount ?? 0,
          byteCount: info?.byteCount ?? 0,
          lastUsed: this.#now(),
          inflight: new Set(),
          compacting: false,
          broken: false,
        };
        this.#records.set(docId, loaded);
        this.#loading.delete(docId);
        return loaded;
      });
      loading.catch(() => this.#loading.delete(docId));
      this.#loading.set(docId, loading);
    }
    return loading;
  }

  static canRead(principals: readonly Principal[], record: DocRecord): boolean {
    return record.exists && principals.some((p) => record.readerSet.has(p));
  }

  setReaders(record: DocRecord, readers: readonly Principal[]): void {
    record.readers = readers;
    record.readerSet = new Set(readers);
  }

  /**
   * Docs to unload: idle longer than `idleMs`, and beyond `maxDocs` the least recently used.
   * Docs with writes in flight or a compaction running stay.
   */
  evictable(idleMs: number, maxDocs: number): string[] {
    const now = this.#now();
    const candidates = [...this.#records.entries()].filter(([, r]) => r.inflight.size === 0 && !r.compacting);
    const out = new Set(candidates.filter(([, r]) => now - r.lastUsed >= idleMs).map(([id]) => id));
    const excess = this.#records.size - out.size - maxDocs;
    if (excess > 0) {
      const byAge = candidates.filter(([id]) => !out.has(id)).sort(([, a], [, b]) => a.lastUsed - b.lastUsed);
      for (const [id] of byAge.slice(0, excess)) out.add(id);
    }
    return [...out];
  }

  delete(docId: string): void {
    this.#records.delete(docId);
  }
}
