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
  /** Client ids first used by those updates, with their owners: a reload must include them too. */
  readonly inflightOwners: Set<readonly [number, string]>;
  compacting: boolean;
  /**
   * A write to this doc failed to commit: the worker's copy holds it, the disk does not. Writes
   * applied on that copy are refused too, and the record is replaced by a fresh one.
   */
  broken: boolean;
  /**
   * Another node committed to the doc and this node dropped the record and its copy
   * (copy-basis.ts): a write checked against that copy must not commit on the basis a later
   * reload learns, so it is refused as changed elsewhere and checked again.
   */
  replaced: boolean;
}

/**
 * The records of docs in use, loaded from storage on first use and dropped when idle. Looking up
 * a doc that is not stored costs one indexed read and keeps nothing (a hostile peer naming
 * millions of ids must not fill memory); only a write creating the doc holds its record.
 */
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

  /** Records held for docs that are not stored: only while a write creating the doc is under way. */
  get absent(): number {
    let count = 0;
    for (const record of this.#records.values()) if (!record.exists) count++;
    return count;
  }

  /** The record if loaded, without touching storage. */
  peek(docId: string): DocRecord | undefined {
    return this.#records.get(docId);
  }

  /**
   * The doc's record. For a doc that is not stored, a fresh record that is not kept — unless
   * `keep`: a write creating the doc holds it until the write is committed or refused.
   */
  get(docId: string, keep = false): DocRecord | Promise<DocRecord> {
    const record = this.#records.get(docId);
    if (record) {
      record.lastUsed = this.#now();
      return record;
    }
    let loading = this.#loading.get(docId);
    if (!loading) {
      loading = this.#store.docInfo(docId).then((info) => {
        const loaded = this.#fresh(
          info !== null,
          info?.readers ?? [],
          info?.lastSeq ?? 0,
          info?.updateCount ?? 0,
          info?.byteCount ?? 0,
        );
        this.#loading.delete(docId);
        return loaded.exists ? this.#keep(docId, loaded) : loaded;
      });
      loading.catch(() => this.#loading.delete(docId));
      this.#loading.set(docId, loading);
    }
    return keep ? loading.then((loaded) => this.#keep(docId, loaded)) : loading;
  }

  /** The record held for the doc: `loaded`, unless one is held already. */
  #keep(docId: string, loaded: DocRecord): DocRecord {
    const held = this.#records.get(docId);
    if (held) return held;
    this.#records.set(docId, loaded);
    return loaded;
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

  /**
   * Replaces the doc's record with one for the doc as another node just committed it (its update
   * taken into this node's copy, copy-basis.ts), without reading storage.
   */
  adopt(previous: DocRecord, docId: string, seq: number, readers: readonly Principal[], bytes: number): DocRecord {
    const record = this.#fresh(true, readers, seq, previous.updateCount + 1, previous.byteCount + bytes);
    this.#records.set(docId, record);
    return record;
  }

  #fresh(
    exists: boolean,
    readers: readonly Principal[],
    lastSeq: number,
    updateCount: number,
    byteCount: number,
  ): DocRecord {
    return {
      exists,
      readers,
      readerSet: new Set(readers),
      lastSeq,
      updateCount,
      byteCount,
      lastUsed: this.#now(),
      inflight: new Set(),
      inflightOwners: new Set(),
      compacting: false,
      broken: false,
      replaced: false,
    };
  }
}
