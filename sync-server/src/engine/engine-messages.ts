import type { DashPatch, ErrorCode, Person, RegisterEntry } from '@thongsuot/shared';
import type { AuditEntry, DocProjection } from '../storage/doc-store.ts';

/** Requests the main thread posts to an apply worker. Ops on one doc arrive in order. */
export type EngineRequest =
  | {
      readonly op: 'load';
      readonly docId: string;
      readonly updates: readonly Uint8Array[];
      /** Who owns each Yjs client id that has written to the doc (docs/design.md §11). */
      readonly owners: readonly ClientOwner[];
    }
  | { readonly op: 'unload'; readonly docId: string }
  | {
      readonly op: 'write';
      readonly id: number;
      readonly docId: string;
      readonly person: Person;
      readonly update: Uint8Array;
      /** Facts of other docs the check asked for (`NeedsFacts`), by doc id; null for a doc that does not exist. */
      readonly facts?: Readonly<Record<string, unknown>>;
    }
  | { readonly op: 'facts'; readonly id: number; readonly docId: string }
  /** Another node's committed update, taken into this worker's copy instead of a reload (docs/scale-out.md). */
  | {
      readonly op: 'absorb';
      readonly id: number;
      readonly docId: string;
      readonly update: Uint8Array;
      readonly owners: readonly ClientOwner[];
    }
  /** The relay's own change: a document's register number (docs/design.md §18). */
  | { readonly op: 'register'; readonly id: number; readonly docId: string; readonly entry: RegisterEntry }
  /** The relay's own change: a unit's figures (docs/design.md §14). */
  | { readonly op: 'publishDash'; readonly id: number; readonly docId: string; readonly patch: DashPatch }
  | { readonly op: 'diff'; readonly id: number; readonly docId: string; readonly stateVector: Uint8Array }
  | { readonly op: 'snapshot'; readonly id: number; readonly docId: string };

/** A Yjs client id and the person who first wrote with it in a doc. */
export type ClientOwner = readonly [clientId: number, personId: string];

/** A blob's hash and the author of the entry that references it. */
export type BlobRef = readonly [sha256: string, authorId: string];

/** The doc loaded for the apply worker: its updates and the owners of its client ids. */
export interface LoadedDoc {
  readonly updates: Uint8Array[];
  readonly owners: ClientOwner[];
}

/**
 * The write's check needs what other docs say (a child task's parent, a case group's task):
 * the hub reads their facts and sends the write again with them. Never sent to a client.
 */
export type NeedsFacts = { readonly ok: false; readonly code: 'needs_facts'; readonly docIds: readonly string[] };

export type Refusal = { readonly ok: false; readonly code: ErrorCode; readonly message: string };

export type WriteResult =
  | { readonly ok: true; readonly changed: false }
  | {
      readonly ok: true;
      readonly changed: true;
      /** Null when the write left the doc's projection as it was: the tables need no rewrite. */
      readonly projection: DocProjection | null;
      readonly audit: AuditEntry[];
      /** The whole doc after the write, when the write changed who may read it. */
      readonly fullState: Uint8Array | null;
      /** Client ids this write used for the first time in the doc: now the writer's. */
      readonly clients: readonly ClientOwner[];
      /** Blobs the write's new entries reference, with their author: the writer (docs/design.md §13). */
      readonly blobRefs: readonly BlobRef[];
      /** What to store and relay: the write, with the relay's receipts for its entries. */
      readonly update: Uint8Array;
      /** The receipts alone, for the writer's device (null when the write added no entry). */
      readonly receipt: Uint8Array | null;
    }
  | NeedsFacts
  | Refusal;

export type FactsResult = { readonly ok: true; readonly facts: unknown } | Refusal;

export type DiffResult = { readonly ok: true; readonly update: Uint8Array } | Refusal;
export type SnapshotResult = { readonly ok: true; readonly state: Uint8Array } | Refusal;

export type EngineReply = {
  readonly id: number;
  readonly result: WriteResult | DiffResult | SnapshotResult | FactsResult;
};
