import type { DocKind, Principal } from '@thongsuot/shared';
import type { DocInfo, DocStore, DocWrite, Manifest } from './doc-store.ts';

interface StoredDoc {
  kind: DocKind;
  lastSeq: number;
  updates: { seq: number; data: Uint8Array }[];
  readers: Principal[];
}

/**
 * An in-process store with the same contract as SQLite, for tools and tests that need no
 * file. Nothing survives the process: not for production.
 */
export class MemoryDocStore implements DocStore {
  readonly #docs = new Map<string, StoredDoc>();
  #seq = 0;
  readonly tasks = new Map<string, unknown>();
  readonly members = new Map<string, readonly { personId: string; role: string }[]>();
  readonly audit: { at: number; actorId: string | null; action: string; docId: string | null }[] = [];

  async loadUpdates(docId: string): Promise<Uint8Array[]> {
    return (this.#docs.get(docId)?.updates ?? []).map((u) => u.data);
  }

  async docInfo(docId: string): Promise<DocInfo | null> {
    const doc = this.#docs.get(docId);
    if (!doc) return null;
    return {
      lastSeq: doc.lastSeq,
      updateCount: doc.updates.length,
      byteCount: doc.updates.reduce((n, u) => n + u.data.byteLength, 0),
      readers: [...doc.readers],
    };
  }

  async exists(docId: string): Promise<boolean> {
    return this.#docs.has(docId);
  }

  async appendBatch(writes: readonly DocWrite[], at: number): Promise<number[]> {
    return writes.map((write) => {
      const seq = ++this.#seq;
      let doc = this.#docs.get(write.docId);
      if (!doc) {
        doc = { kind: write.kind, lastSeq: seq, updates: [], readers: [] };
        this.#docs.set(write.docId, doc);
      }
      doc.updates.push({ seq, data: write.update.slice() });
      doc.lastSeq = seq;
      if (write.projection) {
        doc.readers = [...new Set(write.projection.readers)];
        if (write.projection.task) this.tasks.set(write.docId, write.projection.task);
        if (write.projection.conversation) this.members.set(write.docId, write.projection.conversation.members);
      }
      for (const entry of write.audit) this.audit.push({ at, ...entry });
      return seq;
    });
  }

  async readersOf(docId: string): Promise<Principal[]> {
    return [...(this.#docs.get(docId)?.readers ?? [])];
  }

  async changedSince(principals: readonly Principal[], cursor: number): Promise<Manifest> {
    const mine = new Set(principals);
    const changed = [...this.#docs.entries()]
      .filter(([, d]) => d.lastSeq > cursor && d.readers.some((r) => mine.has(r)))
      .sort(([, a], [, b]) => a.lastSeq - b.lastSeq)
      .map(([id]) => id);
    return { cursor: this.#seq, docIds: changed };
  }

  async compact(docId: string, upToSeq: number, state: Uint8Array): Promise<void> {
    const doc = this.#docs.get(docId);
    if (!doc) return;
    doc.updates = [{ seq: upToSeq, data: state.slice() }, ...doc.updates.filter((u) => u.seq > upToSeq)];
  }

  async close(): Promise<void> {}
}
