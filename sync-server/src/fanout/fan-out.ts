import type { Principal } from '@thongsuot/shared';

/** A committed update of one doc, to be delivered to every live connection that may read it. */
export interface DocUpdateEvent {
  readonly kind: 'update';
  readonly docId: string;
  /** The storage sequence number of the update; a node seeing a gap reloads the doc (docs/design.md §8). */
  readonly seq: number;
  /**
   * On a store shared by nodes: the doc's number before this update. A node whose last heard
   * number for the doc is lower missed a message (docs/scale-out.md).
   */
  readonly prevSeq?: number;
  /**
   * On a store shared by nodes: the owners of the Yjs client ids this update used first, so
   * another node can take the update into its copy of the doc (docs/scale-out.md).
   */
  readonly clients?: readonly (readonly [clientId: number, personId: string])[];
  readonly update: Uint8Array;
  /** The whole doc, present when the write changed its readers (newly granted people get it). */
  readonly fullState: Uint8Array | null;
  readonly readersBefore: readonly Principal[];
  readonly readersAfter: readonly Principal[];
  /** The connection that sent it, which already has it. */
  readonly originId: string | null;
  /**
   * Only who may read the doc changed (a conversation's members, for its message logs), not
   * its content: `update` is empty and those who could read it already get nothing.
   */
  readonly accessOnly?: boolean;
  /** When the committing node published it (ms, wall clock): delivery measures fan-out lag from it. */
  readonly publishedAt?: number;
}

/** An awareness update (presence), never stored. */
export interface DocAwarenessEvent {
  readonly kind: 'awareness';
  readonly docId: string;
  readonly payload: Uint8Array;
  readonly originId: string | null;
}

export type DocEvent = DocUpdateEvent | DocAwarenessEvent;

/**
 * Fan-out between relay nodes (docs/design.md §8): in-process for one node now, Redis pub/sub
 * later; both pass `fan-out.contract.ts`. Each node subscribes once and delivers events to its
 * own connections.
 */
export interface FanOut {
  publish(event: DocEvent): void;
  subscribe(listener: (event: DocEvent) => void): () => void;
  /** Where messages can be lost (Redis pub/sub across a reconnection): told when they may have been. */
  onMissed?(listener: () => void): () => void;
  /** Whether the node's subscription is up now (false while Redis is away: `onMissed` follows). */
  listening?(): boolean;
  close(): Promise<void>;
}
