import type { ErrorCode, Person } from '@thongsuot/shared';
import type { AuditEntry, DocProjection } from '../storage/doc-store.ts';

/** Requests the main thread posts to an apply worker. Ops on one doc arrive in order. */
export type EngineRequest =
  | { readonly op: 'load'; readonly docId: string; readonly updates: readonly Uint8Array[] }
  | { readonly op: 'unload'; readonly docId: string }
  | {
      readonly op: 'write';
      readonly id: number;
      readonly docId: string;
      readonly person: Person;
      readonly update: Uint8Array;
    }
  | { readonly op: 'diff'; readonly id: number; readonly docId: string; readonly stateVector: Uint8Array }
  | { readonly op: 'snapshot'; readonly id: number; readonly docId: string };

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
    }
  | Refusal;

export type DiffResult = { readonly ok: true; readonly update: Uint8Array } | Refusal;
export type SnapshotResult = { readonly ok: true; readonly state: Uint8Array } | Refusal;

export type EngineReply = { readonly id: number; readonly result: WriteResult | DiffResult | SnapshotResult };
