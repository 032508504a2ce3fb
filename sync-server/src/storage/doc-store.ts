import type { DocKind, Principal } from '@thongsuot/shared';

/** What the server derives from a doc after a write, stored in the same transaction. */
export interface DocProjection {
  /** Every principal that may read the doc, replacing the previous set. */
  readonly readers: readonly Principal[];
  readonly task?: TaskIndexRow;
}

export interface TaskIndexRow {
  readonly title: string;
  readonly issuerId: string;
  readonly issuerUnitId: string;
  readonly deadline: string;
  readonly recipients: readonly string[];
}

export interface AuditEntry {
  readonly actorId: string | null;
  readonly action: string;
  readonly docId: string | null;
  readonly detail: string | null;
}

export interface DocWrite {
  readonly docId: string;
  readonly kind: DocKind;
  readonly update: Uint8Array;
  /** Null when the write did not change who may read the doc or what it projects to. */
  readonly projection: DocProjection | null;
  readonly audit: readonly AuditEntry[];
}

export interface Manifest {
  readonly cursor: number;
  readonly docIds: readonly string[];
}

/**
 * Durable storage of documents and their projections (DESIGN.md §5, §8). Every
 * implementation passes the same contract suite. `appendBatch` commits all writes in one
 * transaction and resolves only once that transaction is durable.
 */
export interface DocStore {
  loadUpdates(docId: string): Promise<Uint8Array[]>;
  exists(docId: string): Promise<boolean>;
  appendBatch(writes: readonly DocWrite[], at: number): Promise<number[]>;
  readersOf(docId: string): Promise<Principal[]>;
  changedSince(principals: readonly Principal[], cursor: number): Promise<Manifest>;
  close(): Promise<void>;
}
