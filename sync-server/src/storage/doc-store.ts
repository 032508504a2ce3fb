import type { AssignmentRow, DocKind, Principal } from '@thongsuot/shared';

/** What the server derives from a doc after a write, stored in the same transaction. */
export interface DocProjection {
  /** Every principal that may read the doc, replacing the previous set. */
  readonly readers: readonly Principal[];
  readonly task?: TaskIndexRow;
  readonly conversation?: ConversationRow;
  /** A person's doc: when their pending reminders fall due (docs/design.md §16). */
  readonly reminders?: ReminderDueRows;
  /** An official document's place in its unit's register (docs/design.md §18). */
  readonly dossier?: DossierRow;
}

export interface DossierRow {
  readonly unitId: string;
  readonly register: string;
  /** Null until the relay numbers it. */
  readonly year: number | null;
  readonly number: number | null;
  /** Issuing body and number-and-symbol, folded: the same document registered twice shares it. */
  readonly dedupeKey: string;
  readonly createdAt: number;
}

/**
 * The due times of one person's pending (not done) reminders, without their text: what the
 * relay needs to wake that person's devices when one falls due. Replaces the person's rows.
 */
export interface ReminderDueRows {
  readonly personId: string;
  readonly due: readonly { readonly id: string; readonly dueAt: number }[];
}

export interface TaskIndexRow {
  readonly title: string;
  readonly issuerId: string;
  readonly issuerUnitId: string;
  readonly deadline: string;
  readonly recipients: readonly string[];
  /**
   * The task's rows of the assignment index (docs/design.md §14). A policy gives them all in
   * `upsert`; the apply worker sends the store only the rows that changed since the doc's last
   * projection, and the recipients no longer active in `remove`.
   */
  readonly assignments: AssignmentChanges;
}

export interface AssignmentChanges {
  readonly upsert: readonly AssignmentRow[];
  readonly remove: readonly string[];
}

/** What the leaders' figures start from: every indexed assignment, and the tasks' titles. */
export interface AssignmentIndex {
  readonly rows: AssignmentRow[];
  readonly titles: [taskId: string, title: string][];
}

export interface ConversationRow {
  readonly members: readonly { readonly personId: string; readonly role: string }[];
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
  /**
   * The doc this one takes its readers from (a month of messages → its conversation). When the
   * store first sees the doc it copies that doc's stored readers (this write's projection readers
   * are ignored), and whenever that doc's readers change, it gives this doc the same readers and
   * a new sequence number (an `EMPTY_UPDATE` row), so manifests list it for newly granted
   * readers — all in the transaction of the change.
   */
  readonly parentId?: string;
  /**
   * Yjs client ids this write used for the first time in the doc, with the person they now
   * belong to (docs/design.md §11). Stored in the same transaction; an id keeps its first owner.
   */
  readonly clients?: readonly (readonly [clientId: number, personId: string])[];
  /**
   * Blobs the entries this write added reference, each with the entry's author (the writer):
   * stored in the same transaction (docs/design.md §13). A reference grants the doc's readers the
   * blob only while its author holds the blob (uploaded or claimed it).
   */
  readonly blobRefs?: readonly (readonly [sha256: string, authorId: string])[];
  /**
   * The doc's last sequence number in the copy this write was checked against (docs/scale-out.md,
   * "One check against every node's commits"). A store shared by several nodes (`checksBasis`)
   * refuses the batch with `StaleDocsError` when the first write of a doc in it was checked
   * against an older copy: another node has committed to the doc since.
   */
  readonly basedOn?: number;
}

/** Writes checked against a copy of their doc that another node's commit has made old. */
export class StaleDocsError extends Error {
  constructor(readonly docIds: readonly string[]) {
    super(`changed by another node since checked: ${docIds.join(', ')}`);
    this.name = 'StaleDocsError';
  }
}

/** A doc referencing a blob, and who wrote the reference. */
export interface BlobRef {
  readonly docId: string;
  readonly authorId: string;
}

/** `DocStore.blobRefs` returns at most this many references of one blob. */
export const MAX_BLOB_REFS = 500;

/** A Yjs update that changes nothing: stored to give a doc a new sequence number. */
export const EMPTY_UPDATE: Uint8Array = new Uint8Array([0, 0]);

/** Whether two reader lists name the same principals, in any order. */
export function sameReaders(a: readonly Principal[], b: readonly Principal[]): boolean {
  if (a === b) return true;
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((p) => set.has(p));
}

/** A doc that takes its readers from another (`DocWrite.parentId`). */
export interface DependentDoc {
  readonly docId: string;
  readonly lastSeq: number;
}

export interface Manifest {
  readonly cursor: number;
  readonly docIds: readonly string[];
}

/** What the relay keeps in memory about a stored doc, to check reads and decide compaction. */
/** A committed update as `committedAfter` lists it. */
export interface CommittedUpdate {
  readonly seq: number;
  readonly docId: string;
  readonly at: number;
}

export interface DocInfo {
  readonly lastSeq: number;
  readonly updateCount: number;
  readonly byteCount: number;
  readonly readers: readonly Principal[];
}

/**
 * Durable storage of documents and their projections (docs/design.md §5, §8). Every
 * implementation passes the same contract suite (`doc-store.contract.ts`). `appendBatch`
 * commits all writes in one transaction and resolves only once that transaction is durable.
 */
export interface DocStore {
  /** Shared by several relay nodes: `appendBatch` checks each doc's `DocWrite.basedOn`. */
  readonly checksBasis?: boolean;
  /** The doc's stored updates in order (a compacted prefix first). */
  loadUpdates(docId: string): Promise<Uint8Array[]>;
  /** Who owns each Yjs client id that has written to the doc: [clientId, personId] pairs. */
  clientOwners(docId: string): Promise<[number, string][]>;
  /** Null when nothing is stored for the doc. */
  docInfo(docId: string): Promise<DocInfo | null>;
  /**
   * On a store shared by nodes: the committed updates numbered after `afterSeq`, in order, with
   * when their batch was written (ms), at most `limit`. A node compares them with the events it
   * heard, to find commits whose node died before announcing them (sync/node-gaps.ts).
   */
  committedAfter?(afterSeq: number, limit: number): Promise<CommittedUpdate[]>;
  exists(docId: string): Promise<boolean>;
  /** One transaction; resolves with each write's sequence number once it is durable. */
  appendBatch(writes: readonly DocWrite[], at: number): Promise<number[]>;
  readersOf(docId: string): Promise<Principal[]>;
  /** The docs written with `parentId` = `docId`, in no particular order. */
  dependentsOf(docId: string): Promise<DependentDoc[]>;
  changedSince(principals: readonly Principal[], cursor: number): Promise<Manifest>;
  /** The docs referencing a blob and who wrote each reference, the first MAX_BLOB_REFS of them. */
  blobRefs(sha256: string): Promise<BlobRef[]>;
  /**
   * Replaces the doc's updates with sequence numbers up to `upToSeq` by `state`, which must
   * contain all of them (docs/design.md §7). Later updates are kept; the manifest is unaffected.
   */
  compact(docId: string, upToSeq: number, state: Uint8Array): Promise<void>;
  /** The whole assignment index, as the writes' projections left it (docs/design.md §14). */
  assignmentIndex(): Promise<AssignmentIndex>;
  close(): Promise<void>;
}
