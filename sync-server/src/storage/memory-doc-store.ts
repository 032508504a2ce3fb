import type { AssignmentRow, DocKind, Principal } from '@thongsuot/shared';
import {
  type AssignmentIndex,
  type BlobRef,
  type DependentDoc,
  type DocInfo,
  type DocStore,
  type DocWrite,
  EMPTY_UPDATE,
  MAX_BLOB_REFS,
  type Manifest,
  type TaskIndexRow,
} from './doc-store.ts';

interface StoredDoc {
  kind: DocKind;
  lastSeq: number;
  updates: { seq: number; data: Uint8Array }[];
  readers: Principal[];
  parentId: string | null;
  owners: Map<number, string>;
}

/**
 * An in-process store with the same contract as SQLite, for tools and tests that need no
 * file. Nothing survives the process: not for production.
 */
export class MemoryDocStore implements DocStore {
  readonly #docs = new Map<string, StoredDoc>();
  #seq = 0;
  /** sha256 → "docId\nauthorId" → the reference, in the order first written. */
  readonly #blobRefs = new Map<string, Map<string, BlobRef>>();
  readonly tasks = new Map<string, TaskIndexRow>();
  /** The assignment index: taskId → recipientId → row (docs/design.md §14). */
  readonly #assignments = new Map<string, Map<string, AssignmentRow>>();
  readonly members = new Map<string, readonly { personId: string; role: string }[]>();
  readonly audit: { at: number; actorId: string | null; action: string; docId: string | null }[] = [];

  async loadUpdates(docId: string): Promise<Uint8Array[]> {
    return (this.#docs.get(docId)?.updates ?? []).map((u) => u.data);
  }

  async clientOwners(docId: string): Promise<[number, string][]> {
    return [...(this.#docs.get(docId)?.owners ?? [])];
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
        const parentId = write.parentId ?? null;
        const readers = parentId === null ? [] : [...(this.#docs.get(parentId)?.readers ?? [])];
        doc = { kind: write.kind, lastSeq: seq, updates: [], readers, parentId, owners: new Map() };
        this.#docs.set(write.docId, doc);
      }
      doc.updates.push({ seq, data: write.update.slice() });
      for (const [client, person] of write.clients ?? []) if (!doc.owners.has(client)) doc.owners.set(client, person);
      for (const [sha256, authorId] of write.blobRefs ?? []) {
        let refs = this.#blobRefs.get(sha256);
        if (!refs) {
          refs = new Map();
          this.#blobRefs.set(sha256, refs);
        }
        const key = `${write.docId}\n${authorId}`;
        if (!refs.has(key)) refs.set(key, { docId: write.docId, authorId });
      }
      doc.lastSeq = seq;
      if (write.projection) {
        if (write.parentId === undefined) this.#setReaders(write.docId, doc, write.projection.readers);
        const task = write.projection.task;
        if (task) {
          this.tasks.set(write.docId, task);
          const taskId = write.docId.slice('task/'.length);
          const rows = this.#assignments.get(taskId) ?? new Map<string, AssignmentRow>();
          this.#assignments.set(taskId, rows);
          for (const row of task.assignments.upsert) rows.set(row.recipientId, row);
          for (const id of task.assignments.remove) rows.delete(id);
        }
        if (write.projection.conversation) this.members.set(write.docId, write.projection.conversation.members);
      }
      for (const entry of write.audit) this.audit.push({ at, ...entry });
      return seq;
    });
  }

  async assignmentIndex(): Promise<AssignmentIndex> {
    const rows: AssignmentRow[] = [];
    const titles: [string, string][] = [];
    for (const taskId of [...this.#assignments.keys()].sort()) {
      const ofTask = this.#assignments.get(taskId) as Map<string, AssignmentRow>;
      for (const id of [...ofTask.keys()].sort()) rows.push(ofTask.get(id) as AssignmentRow);
      const title = this.tasks.get(`task/${taskId}`)?.title;
      if (title !== undefined) titles.push([taskId, title]);
    }
    return { rows, titles };
  }

  /** Replaces a doc's readers; its dependents follow with a new sequence number (DocWrite.parentId). */
  #setReaders(docId: string, doc: StoredDoc, readers: readonly Principal[]): void {
    const previous = new Set(doc.readers);
    doc.readers = [...new Set(readers)];
    if (previous.size === doc.readers.length && doc.readers.every((r) => previous.has(r))) return;
    for (const [, child] of this.#dependents(docId)) {
      const seq = ++this.#seq;
      child.updates.push({ seq, data: EMPTY_UPDATE.slice() });
      child.lastSeq = seq;
      child.readers = [...doc.readers];
    }
  }

  #dependents(docId: string): [string, StoredDoc][] {
    return [...this.#docs.entries()].filter(([, d]) => d.parentId === docId);
  }

  async dependentsOf(docId: string): Promise<DependentDoc[]> {
    return this.#dependents(docId).map(([id, d]) => ({ docId: id, lastSeq: d.lastSeq }));
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

  async blobRefs(sha256: string): Promise<BlobRef[]> {
    return [...(this.#blobRefs.get(sha256)?.values() ?? [])].slice(0, MAX_BLOB_REFS);
  }

  async close(): Promise<void> {}
}
