import type { Principal } from '@thongsuot/shared';
import type { AssignmentIndex, BlobRef, DependentDoc, DocInfo, DocStore, DocWrite, Manifest } from './doc-store.ts';

/** A store that passes every call to another; subclasses take over the calls they change. */
export class ForwardingDocStore implements DocStore {
  protected readonly inner: DocStore;

  constructor(inner: DocStore) {
    this.inner = inner;
  }

  /** Whether the store behind is shared by nodes: a wrapper must not hide it (copy-basis.ts). */
  get checksBasis(): boolean | undefined {
    return this.inner.checksBasis;
  }

  get committedAfter(): DocStore['committedAfter'] {
    return this.inner.committedAfter?.bind(this.inner);
  }

  appendBatch(writes: readonly DocWrite[], at: number): Promise<number[]> {
    return this.inner.appendBatch(writes, at);
  }
  compact(docId: string, upToSeq: number, state: Uint8Array): Promise<void> {
    return this.inner.compact(docId, upToSeq, state);
  }
  loadUpdates(docId: string): Promise<Uint8Array[]> {
    return this.inner.loadUpdates(docId);
  }
  clientOwners(docId: string): Promise<[number, string][]> {
    return this.inner.clientOwners(docId);
  }
  docInfo(docId: string): Promise<DocInfo | null> {
    return this.inner.docInfo(docId);
  }
  exists(docId: string): Promise<boolean> {
    return this.inner.exists(docId);
  }
  readersOf(docId: string): Promise<Principal[]> {
    return this.inner.readersOf(docId);
  }
  changedSince(principals: readonly Principal[], cursor: number): Promise<Manifest> {
    return this.inner.changedSince(principals, cursor);
  }
  dependentsOf(docId: string): Promise<DependentDoc[]> {
    return this.inner.dependentsOf(docId);
  }
  blobRefs(sha256: string): Promise<BlobRef[]> {
    return this.inner.blobRefs(sha256);
  }
  assignmentIndex(): Promise<AssignmentIndex> {
    return this.inner.assignmentIndex();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
