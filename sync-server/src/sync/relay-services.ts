import type { AuditLog } from '../audit/audit-log.ts';
import type { FanOut } from '../fanout/fan-out.ts';
import type { RelayMetrics } from '../ops/metrics.ts';
import type { DocStore } from '../storage/doc-store.ts';
import type { AwarenessGuard } from './awareness-guard.ts';
import type { ConnectionRegistry, Subscriber } from './connection-registry.ts';
import type { DocHub } from './doc-hub.ts';

/** Per-connection limits on hostile or runaway input (docs/design.md §4). */
export interface RelayLimits {
  /** Largest update accepted; bigger ones are refused with `too_large` and the socket stays open. */
  readonly maxUpdateBytes: number;
  readonly framesPerSecond: number;
  readonly frameBurst: number;
  readonly bytesPerSecond: number;
  readonly byteBurst: number;
  /** A connection refused this many frames in a row for rate is closed (1008). */
  readonly maxConsecutiveRefusals: number;
  /**
   * Reads per second per connection, on top of the frame budget: each doc a `subscribe` names
   * costs one, as does a sync step 1, and a `hello` costs `helloReads`. Reads past the burst
   * wait their turn (`ReadQueue`) rather than being refused.
   */
  readonly readsPerSecond: number;
  readonly readBurst: number;
  /** Reads a connection may have waiting; a frame that would queue more is refused (`rate_limited`). */
  readonly maxQueuedReads: number;
  /** A hello asks for the manifest of the person's whole scope: priced as this many doc reads. */
  readonly helloReads: number;
}

export const DEFAULT_LIMITS: RelayLimits = {
  maxUpdateBytes: 1024 * 1024,
  framesPerSecond: 500,
  frameBurst: 2000,
  bytesPerSecond: 4 * 1024 * 1024,
  byteBurst: 16 * 1024 * 1024,
  maxConsecutiveRefusals: 10_000,
  // A reconnect's manifest of a few thousand docs is served at once; a new device's 20,000 wait
  // about eight seconds, never refused. One flooding connection costs the relay at most this.
  readsPerSecond: 2000,
  readBurst: 4000,
  maxQueuedReads: 25_000,
  helloReads: 100,
};

/** What every connection works with, whichever endpoint it came through. */
export interface RelayServices {
  readonly hub: DocHub;
  readonly store: DocStore;
  readonly registry: ConnectionRegistry<Subscriber>;
  readonly fanOut: FanOut;
  readonly awareness: AwarenessGuard;
  readonly limits: RelayLimits;
  readonly now: () => number;
  /** Counts what the sockets do (ops/metrics.ts); absent in tests that build services by hand. */
  readonly metrics?: Pick<RelayMetrics, 'writes' | 'acks' | 'refusals'>;
  /** Records writes the rules refused (`forbidden`) in the audit log; absent in hand-built tests. */
  readonly audit?: Pick<AuditLog, 'recordSoon'>;
}
